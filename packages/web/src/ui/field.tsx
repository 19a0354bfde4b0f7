import type { InputHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';

export interface FieldProps {
  label: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  type?: 'text' | 'password' | 'tel' | 'search';
  name?: string;
  autoComplete?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
  placeholder?: string;
  maxLength?: number;
  inputMode?: 'text' | 'numeric' | 'tel';
}

/** A labelled text input with an optional hint, wired for screen readers. */
export function Field({ label, value, onInput, hint, type = 'text', ...input }: FieldProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        // Preact 11 types inputs per `type`; this one takes the text-like types only.
        {...({ id, type, value, ...input } as InputHTMLAttributes<HTMLInputElement>)}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint && (
        <small id={`${id}-hint`} class="field-hint">
          {hint}
        </small>
      )}
    </div>
  );
}
