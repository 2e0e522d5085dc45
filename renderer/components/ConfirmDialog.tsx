import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { Dialog } from './Dialog.tsx';

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before something that cannot be undone. Cancel has the focus, so Enter is safe. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useI18n();
  return (
    <Dialog
      title={props.title}
      tone={props.danger ? 'danger' : 'normal'}
      icon={props.danger ? 'warning' : 'info'}
      size="small"
      onClose={props.onCancel}
      testId="confirm-dialog"
      actions={
        <>
          <button type="button" className="btn" onClick={props.onCancel} data-autofocus>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className={props.danger ? 'btn btn-danger' : 'btn btn-primary'}
            onClick={props.onConfirm}
            disabled={props.busy}
          >
            {props.confirmLabel}
          </button>
        </>
      }
    >
      {props.children}
    </Dialog>
  );
}
