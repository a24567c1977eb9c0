import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { FormAlert } from './FormAlert.tsx';
import { ModalDialog } from './ModalDialog.tsx';

interface ConfirmDialogProps {
  title: string;
  text: string;
  confirmLabel: string;
  isOpen: boolean;
  isPending: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before an action that cannot be taken back; the failure, if any, shows inside. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalDialog
      title={props.title}
      isOpen={props.isOpen}
      onClose={props.onClose}
      role="alertdialog"
    >
      <p>{props.text}</p>
      <FormAlert error={props.error} />
      <div className="dialog-actions">
        <Button className="button button-secondary" onPress={props.onClose}>
          {t('common.cancel')}
        </Button>
        <Button
          className="button button-danger"
          isPending={props.isPending}
          onPress={props.onConfirm}
        >
          {props.confirmLabel}
        </Button>
      </div>
    </ModalDialog>
  );
}
