import { Limits } from '@peyk/protocol';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorText } from '../../app/error-text';
import { openChat } from '../../app/router';
import { t } from '../../i18n/i18n';
import { Field } from '../../ui/field';
import { FormActions } from '../../ui/form-actions';
import { Modal } from '../../ui/modal';

/**
 * The dialog that creates a group or a channel: its title, the kind's own fields (children), then
 * Cancel and the create button. The new chat opens.
 */
export function CreateChatDialog({
  heading,
  titleLabel,
  submitLabel,
  create,
  onClose,
  children,
}: {
  heading: string;
  titleLabel: string;
  submitLabel: string;
  /** Creates the chat with this (trimmed, not empty) title. */
  create: (title: string) => Promise<{ id: string }>;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const [title, setTitle] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!title.trim()) return setError(t('error.CHAT_TITLE_INVALID'));
    setBusy(true);
    try {
      const chat = await create(title.trim());
      onClose();
      openChat(chat.id);
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  };
  return (
    <Modal title={heading} onClose={onClose}>
      <form class="form" onSubmit={submit}>
        <Field
          label={titleLabel}
          value={title}
          onInput={setTitle}
          maxLength={Limits.chatTitleMax}
          name="title"
        />
        {children}
        <FormActions error={error} busy={busy} onCancel={onClose}>
          {submitLabel}
        </FormActions>
      </form>
    </Modal>
  );
}
