import { ChatKind, Limits } from '@peyk/protocol';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { loadScreens } from '../../app/load-screens';
import { userName } from '../../app/names';
import { sendText } from '../../app/outbox';
import { prefs } from '../../app/prefs';
import { currentClient, useAppState } from '../../app/session';
import { toast } from '../../app/toast';
import { reportStoppedTyping, reportTyping } from '../../app/typing';
import { t } from '../../i18n/i18n';
import { parseMarkup, toMarkup } from '../../lib/markup';
import { Icon } from '../../ui/icon';
import { lazy } from '../../ui/lazy';
import { botInfo } from '../bots/bot-info';
import { CommandMenu } from '../bots/command-menu';
import { activeReplyKeyboard, ReplyKeyboard } from '../bots/reply-keyboard';
import { restrictedFrom } from '../channels/restrictions';
import { jumpToLatest, viewOf } from '../conversation/history';
import { attempt } from '../conversation/message-actions';
import { overlay } from '../conversation/overlays';
import { messagePreview } from '../conversation/service-text';
import { parseInlineQuery } from '../inline/inline-query';
import { AttachButton, filesOf, sendFilesLater, UploadList, VoiceButton } from '../media/composer-media';
import { composerFill, composerModes, focusComposer, setComposerMode } from './composer-state';
import { loadDraft, saveDraft } from './drafts';
import { type FormatKind, FormatToolbar } from './format-toolbar';
import { insertText, linkSelection, type TextEdit, wrapSelection } from './textarea-format';

// Downloaded when first opened: inline mode's results when "@bot " is typed, and the emoji picker.
const InlineResults = lazy(() => loadScreens().then((m) => m.InlineResults));
const EmojiPicker = lazy(() => loadScreens().then((m) => m.EmojiPicker));

const MARKERS: Record<Exclude<FormatKind, 'link'>, string> = {
  bold: '**',
  italic: '__',
  strike: '~~',
  code: '`',
};

/**
 * The message composer: multi-line; Enter sends and Shift+Enter breaks the line (or
 * Ctrl+Enter sends, by a setting); reply and edit modes; markup formatting by shortcut and
 * toolbar; emoji; a draft per chat.
 */
export function Composer({ chatId }: { chatId: string }) {
  const state = useAppState();
  const mode = composerModes.value.get(chatId);
  const [text, setText] = useState(() => loadDraft(chatId));
  const [formatting, setFormatting] = useState(false);
  const [emoji, setEmoji] = useState(false);
  const [silent, setSilent] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const target = mode ? state.message(chatId, mode.messageId) : undefined;
  const editing = mode?.kind === 'edit';
  const chat = state.dialog(chatId)?.chat;
  const peerId = chat?.peerUserId ?? '0';
  const noMedia = restrictedFrom(chat, 'noMedia');
  const bot = botInfo(peerId);
  const keyboard = activeReplyKeyboard(state, chatId);
  const placeholder = keyboard?.replyMarkup?.placeholder || t('composer.placeholder');
  const inline = editing ? undefined : parseInlineQuery(text);

  // Entering edit mode puts the message's text (as markup) in the box; leaving it restores the draft.
  // A layout effect runs before the browser handles the next input, so text typed right after
  // choosing Edit is never overwritten by the message's old text.
  useLayoutEffect(() => {
    if (mode?.kind === 'edit' && target) setText(toMarkup(target.text, target.entities));
    else if (!mode) setText(loadDraft(chatId));
  }, [mode?.kind, mode?.messageId]);

  useEffect(() => {
    ref.current?.focus();
  }, [focusComposer.value]);

  // A bot's switch-inline button starts "@bot query" here.
  const fill = composerFill.value;
  useEffect(() => {
    if (fill?.chatId !== chatId) return;
    setText(fill.text);
    saveDraft(chatId, fill.text);
    composerFill.value = undefined;
  }, [fill]);

  useLayoutEffect(() => {
    const box = ref.current;
    if (!box) return;
    box.style.height = 'auto';
    box.style.height = `${Math.min(box.scrollHeight, 200)}px`;
  }, [text]);

  const apply = (edit: TextEdit) => {
    setText(edit.value);
    if (!editing) saveDraft(chatId, edit.value);
    requestAnimationFrame(() => {
      ref.current?.setSelectionRange(edit.selectionStart, edit.selectionEnd);
      ref.current?.focus();
    });
  };

  const current = (): TextEdit => ({
    value: text,
    selectionStart: ref.current?.selectionStart ?? text.length,
    selectionEnd: ref.current?.selectionEnd ?? text.length,
  });

  const format = (kind: FormatKind) => {
    apply(kind === 'link' ? linkSelection(current()) : wrapSelection(current(), MARKERS[kind]));
  };

  const cancelMode = () => {
    setComposerMode(chatId, undefined);
  };

  const submit = async () => {
    const { text: body, entities } = parseMarkup(text);
    if (!body) return;
    if (body.length > Limits.messageLength) {
      toast(t('error.MESSAGE_TOO_LONG'));
      return;
    }
    if (mode?.kind === 'edit') {
      const ok = await attempt(() =>
        currentClient().request('editMessage', { chatId, messageId: mode.messageId, text: body, entities }),
      );
      if (ok) cancelMode();
      return;
    }
    sendText(chatId, body, entities, mode?.kind === 'reply' ? mode.messageId : 0, silent);
    setText('');
    saveDraft(chatId, '');
    reportStoppedTyping(chatId);
    if (mode) cancelMode();
    if (!viewOf(chatId).atLatest) void jumpToLatest(chatId);
  };

  /** Sends files with the text typed so far as the caption of the first. */
  const sendWithCaption = (files: File[]) => {
    if (noMedia) {
      toast(t('channels.noMediaHere'));
      return;
    }
    const { text: body, entities } = parseMarkup(text);
    const caption =
      body && body.length <= Limits.captionLength && !editing ? { text: body, entities } : undefined;
    void sendFilesLater(chatId, files, caption);
    if (caption) {
      setText('');
      saveDraft(chatId, '');
    }
    if (!viewOf(chatId).atLatest) void jumpToLatest(chatId);
  };

  const onPaste = (event: ClipboardEvent) => {
    const files = filesOf(event.clipboardData);
    if (files.length === 0) return;
    event.preventDefault();
    sendWithCaption(files);
  };

  const onDrop = (event: DragEvent) => {
    const files = filesOf(event.dataTransfer);
    if (files.length === 0) return;
    event.preventDefault();
    sendWithCaption(files);
  };

  /** A bot command or keyboard button: sent at once, as its text. */
  const sendQuick = (body: string) => {
    sendText(chatId, body, [], 0);
    if (!viewOf(chatId).atLatest) void jumpToLatest(chatId);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey;
    if (event.key === 'Enter' && !event.isComposing) {
      const sends = prefs.value.enterSends ? !event.shiftKey && !mod : mod;
      if (sends) {
        event.preventDefault();
        void submit();
      }
      return;
    }
    if (event.key === 'Escape' && mode) {
      event.preventDefault();
      cancelMode();
      return;
    }
    if (event.key === 'ArrowUp' && !text && !mode) {
      const mine = state
        .messages(chatId)
        .filter((m) => m.senderId === state.selfId && !m.service && !m.forward)
        .pop();
      if (mine) {
        event.preventDefault();
        setComposerMode(chatId, { kind: 'edit', messageId: mine.id });
      }
      return;
    }
    if (!mod) return;
    const key = event.key.toLowerCase();
    const kind: FormatKind | undefined =
      key === 'b'
        ? 'bold'
        : key === 'i'
          ? 'italic'
          : key === 'e'
            ? 'code'
            : key === 'k'
              ? 'link'
              : key === 'x' && event.shiftKey
                ? 'strike'
                : undefined;
    if (kind) {
      event.preventDefault();
      format(kind);
    }
  };

  const onInput = (event: Event) => {
    const value = (event.currentTarget as HTMLTextAreaElement).value;
    setText(value);
    if (!editing) saveDraft(chatId, value);
    if (value.trim()) reportTyping(chatId);
    else reportStoppedTyping(chatId);
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping files is a shortcut; the attach button is the keyboard way.
    <div
      class="composer"
      onDragOver={(event) => {
        if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
      }}
      onDrop={onDrop}
    >
      <UploadList chatId={chatId} />
      {mode && (
        <div class="composer-mode">
          <Icon name={editing ? 'edit' : 'reply'} size={20} />
          <span class="composer-mode-body">
            <span class="composer-mode-title">
              {editing
                ? t('composer.editing')
                : t('composer.replyTo', { name: userName(state.user(target?.senderId ?? '')) })}
            </span>
            <span class="composer-mode-text" dir="auto">
              {target ? messagePreview(state, target) : ''}
            </span>
          </span>
          <button
            type="button"
            class="icon-button small"
            aria-label={t('common.cancel')}
            onClick={cancelMode}
          >
            <Icon name="close" size={20} />
          </button>
        </div>
      )}
      {inline && (
        <InlineResults
          chatId={chatId}
          username={inline.username}
          query={inline.query}
          replyToId={mode?.kind === 'reply' ? mode.messageId : 0}
          onSent={() => {
            setText('');
            saveDraft(chatId, '');
            if (mode) cancelMode();
            if (!viewOf(chatId).atLatest) void jumpToLatest(chatId);
          }}
        />
      )}
      {formatting && <FormatToolbar onFormat={format} />}
      <div class="composer-row">
        <button
          type="button"
          class="icon-button emoji-toggle"
          aria-label={t('composer.emoji')}
          aria-expanded={emoji}
          onClick={() => setEmoji(!emoji)}
        >
          <Icon name="smile" />
        </button>
        <button
          type="button"
          class={formatting ? 'icon-button format-toggle active' : 'icon-button format-toggle'}
          aria-label={t('composer.formatting')}
          aria-pressed={formatting}
          onClick={() => setFormatting(!formatting)}
        >
          <span class="format-aa" aria-hidden="true">
            Aa
          </span>
        </button>
        {!editing && !noMedia && (
          <AttachButton
            onFiles={sendWithCaption}
            onPoll={() => {
              overlay.value = { kind: 'new-poll', chatId };
            }}
          />
        )}
        {chat?.kind === ChatKind.CHANNEL && (
          <button
            type="button"
            class={silent ? 'icon-button silent-toggle active' : 'icon-button silent-toggle'}
            aria-label={t('channels.silent')}
            aria-pressed={silent}
            onClick={() => setSilent(!silent)}
          >
            <Icon name="muted" />
          </button>
        )}
        {bot && <CommandMenu commands={bot.commands} onSend={sendQuick} />}
        <textarea
          ref={ref}
          class="composer-input"
          rows={1}
          dir="auto"
          value={text}
          placeholder={placeholder}
          aria-label={placeholder}
          aria-keyshortcuts={prefs.value.enterSends ? 'Enter' : 'Control+Enter'}
          onInput={onInput}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => reportStoppedTyping(chatId)}
        />
        {!text.trim() && !editing ? (
          !noMedia && <VoiceButton chatId={chatId} />
        ) : (
          <button
            type="button"
            class="icon-button send-button"
            aria-label={editing ? t('composer.save') : t('composer.send')}
            disabled={!text.trim()}
            onClick={() => void submit()}
          >
            <Icon name={editing ? 'check' : 'send'} />
          </button>
        )}
      </div>
      {keyboard && !mode && <ReplyKeyboard message={keyboard} onSend={sendQuick} />}
      {emoji && (
        <EmojiPicker
          onPick={(picked) => {
            apply(insertText(current(), picked));
          }}
          onClose={() => setEmoji(false)}
        />
      )}
    </div>
  );
}
