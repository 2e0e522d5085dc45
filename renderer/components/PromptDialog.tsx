import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Dialog } from './Dialog.tsx';

export interface PromptDialogProps {
  title: string;
  label: string;
  initialValue?: string;
  confirmLabel: string;
  /** Returns the reason the value cannot be used, or null when it is fine. */
  validate?: (value: string) => string | null;
  /** Selects the name without its extension, as Explorer does on rename. */
  selectBaseName?: boolean;
  busy?: boolean;
  /** An error from the last attempt (e.g. the name is taken on the server). */
  error?: string | null;
  onConfirm: (value: string) => void;
  onCancel: () => void;
}

export function PromptDialog(props: PromptDialogProps) {
  const { t } = useI18n();
  const [value, setValue] = useState(props.initialValue ?? '');
  // A field just opened is not wrong yet: its problem shows once the user has typed or tried
  // to confirm, not as a red line greeting them in an empty New folder box.
  const [touched, setTouched] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const problem = props.validate?.(value) ?? null;
  const shown = touched ? problem : null;

  useEffect(() => {
    const element = input.current;
    if (element === null) return;
    element.focus();
    const dot = element.value.lastIndexOf('.');
    const end = props.selectBaseName && dot > 0 ? dot : element.value.length;
    element.setSelectionRange(0, end);
  }, [props.selectBaseName]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setTouched(true);
    if (problem === null && value.trim() !== '') props.onConfirm(value.trim());
  };

  return (
    <Dialog title={props.title} size="small" onClose={props.onCancel} testId="prompt-dialog">
      <form onSubmit={submit} className="form-stack">
        <label className="field">
          <span className="field-label">{props.label}</span>
          <input
            ref={input}
            type="text"
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setTouched(true);
            }}
            aria-invalid={shown !== null || !!props.error}
            spellCheck={false}
          />
        </label>
        {(shown ?? props.error) && <p className="field-error">{shown ?? props.error}</p>}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={shown !== null || props.busy}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
