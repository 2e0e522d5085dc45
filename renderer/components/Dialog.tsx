import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Icon, type IconName } from './Icon.tsx';

export interface DialogProps {
  title: string;
  /** Called on Escape and on the close button; omit to make the dialog undismissable. */
  onClose?: () => void;
  tone?: 'normal' | 'danger';
  icon?: IconName;
  /** Buttons, right-aligned in the footer. */
  actions?: ReactNode;
  children: ReactNode;
  /** 'wide' fits a row of several long choices (the name-conflict question). */
  size?: 'small' | 'medium' | 'large' | 'wide';
  testId?: string;
}

const AUTOFOCUS = [
  '[data-autofocus]',
  '.dialog-body input:not([type=checkbox]):not([type=radio])',
  '.dialog-body select',
].join(', ');

/**
 * A modal on the browser's own <dialog>: it traps focus, dims the page and sits above
 * everything without z-index games. Rendered only while open: mount it to show it.
 */
export function Dialog(props: DialogProps) {
  const { title, onClose, tone = 'normal', icon, actions, children, size = 'medium' } = props;
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return undefined;
    if (!dialog.open) dialog.showModal();
    // showModal() focuses the first focusable element (the close button); move the focus to
    // what the dialog marked, or to its first field, as a person expects.
    const preferred = dialog.querySelector<HTMLElement>(AUTOFOCUS);
    preferred?.focus();
    return () => dialog.close();
  }, []);

  // A portal keeps a dialog's own form out of any form it was opened from (a form inside a
  // form is invalid HTML and its submit never arrives), and stopping submit here keeps the
  // React event from bubbling to the opener's form as well.
  return createPortal(
    <dialog
      ref={ref}
      className={`dialog dialog-${size} dialog-${tone}`}
      aria-labelledby={titleId}
      data-testid={props.testId}
      onSubmit={(event) => event.stopPropagation()}
      onCancel={(event) => {
        // Escape: let the owner decide; an undismissable dialog stays open.
        event.preventDefault();
        onClose?.();
      }}
    >
      <header className="dialog-header">
        {icon && <Icon name={icon} className="dialog-icon" />}
        <h2 id={titleId}>{title}</h2>
        {onClose && (
          <button
            type="button"
            className="icon-button"
            onClick={onClose}
            aria-label={t('common.close')}
          >
            <Icon name="close" />
          </button>
        )}
      </header>
      <div className="dialog-body">{children}</div>
      {actions && <footer className="dialog-actions">{actions}</footer>}
    </dialog>,
    document.body,
  );
}
