import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/i18n';

/** A small built-in set: faces, hands, hearts, objects. No image sprites: the system's emoji font draws them. */
const EMOJI = [
  '😀',
  '😃',
  '😄',
  '😁',
  '😆',
  '😅',
  '😂',
  '🤣',
  '😊',
  '😇',
  '🙂',
  '🙃',
  '😉',
  '😌',
  '😍',
  '🥰',
  '😘',
  '😋',
  '😛',
  '😜',
  '🤪',
  '🤨',
  '🧐',
  '🤓',
  '😎',
  '🥳',
  '😏',
  '😒',
  '😞',
  '😔',
  '😟',
  '😕',
  '🙁',
  '😣',
  '😖',
  '😫',
  '😩',
  '🥺',
  '😢',
  '😭',
  '😤',
  '😠',
  '😡',
  '🤯',
  '😳',
  '😱',
  '😨',
  '🤔',
  '🤗',
  '🤭',
  '🤫',
  '😶',
  '😐',
  '😑',
  '😬',
  '🙄',
  '😯',
  '😴',
  '🤤',
  '😪',
  '🤐',
  '🥴',
  '🤢',
  '🤧',
  '👍',
  '👎',
  '👌',
  '✌️',
  '🤞',
  '🤝',
  '👏',
  '🙌',
  '👋',
  '🙏',
  '💪',
  '👀',
  '❤️',
  '🧡',
  '💛',
  '💚',
  '💙',
  '💜',
  '🖤',
  '💔',
  '💯',
  '🔥',
  '✨',
  '🎉',
  '🎁',
  '🌹',
  '🌷',
  '☀️',
  '🌙',
  '⭐',
  '☕',
  '🍵',
];

/** A grid of emoji; arrow keys move, Enter picks, Escape closes. */
export function EmojiPicker({ onPick, onClose }: { onPick: (emoji: string) => void; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('button')?.focus();
    const away = (event: PointerEvent) => {
      const target = event.target as Element;
      if (!ref.current?.contains(target) && !target.closest?.('.emoji-toggle')) close.current();
    };
    document.addEventListener('pointerdown', away, true);
    return () => document.removeEventListener('pointerdown', away, true);
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    const rtl = document.documentElement.dir === 'rtl';
    const steps: Record<string, number> = {
      ArrowRight: rtl ? -1 : 1,
      ArrowLeft: rtl ? 1 : -1,
      ArrowDown: 8,
      ArrowUp: -8,
    };
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key in steps) {
      event.preventDefault();
      buttons[Math.max(0, Math.min(buttons.length - 1, at + (steps[event.key] ?? 0)))]?.focus();
    }
  };
  return (
    <div ref={ref} class="emoji-picker" role="dialog" aria-label={t('composer.emoji')} onKeyDown={onKeyDown}>
      {EMOJI.map((emoji) => (
        <button key={emoji} type="button" class="emoji" aria-label={emoji} onClick={() => onPick(emoji)}>
          {emoji}
        </button>
      ))}
    </div>
  );
}
