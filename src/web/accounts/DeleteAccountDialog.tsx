import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ManagedAccount } from '../../contract/accounts.ts';
import { FormAlert } from '../ui/FormAlert.tsx';
import { ModalDialog } from '../ui/ModalDialog.tsx';
import { SubmitButton } from '../ui/SubmitButton.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import { accountsApi } from './accounts-api.ts';
import { useAccountsChanged } from './accounts-queries.ts';
import { useFieldErrors } from './useFieldErrors.ts';

interface DeleteAccountDialogProps {
  account: ManagedAccount | null;
  onClose: () => void;
  onDeleted: (account: ManagedAccount) => void;
}

/**
 * Deleting an account, confirmed with the signed-in administrator's own password. A wrong
 * password deletes nothing and says so; the dialog stays open for another try.
 */
export function DeleteAccountDialog({ account, onClose, onDeleted }: DeleteAccountDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalDialog
      title={t('accounts.delete.title', { email: account?.email ?? '' })}
      isOpen={account !== null}
      onClose={onClose}
      role="alertdialog"
    >
      {account && <DeleteForm account={account} onClose={onClose} onDeleted={onDeleted} />}
    </ModalDialog>
  );
}

function DeleteForm({
  account,
  onClose,
  onDeleted,
}: DeleteAccountDialogProps & { account: ManagedAccount }) {
  const { t } = useTranslation();
  const accountsChanged = useAccountsChanged();
  const remove = useMutation({
    mutationFn: (password: string) => accountsApi.remove(account.id, password),
    onSuccess: async () => {
      await accountsChanged();
      onDeleted(account);
    },
  });

  const { errors, formRef } = useFieldErrors(remove.error);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    remove.mutate(String(new FormData(event.currentTarget).get('password')));
  };

  return (
    <Form
      className="form"
      ref={formRef}
      onSubmit={handleSubmit}
      validationBehavior="aria"
      validationErrors={errors}
    >
      <p>{t('accounts.delete.text', { name: account.name, email: account.email })}</p>
      <FormAlert error={remove.error} placedFields={['password']} />
      <TextInput
        name="password"
        type="password"
        label={t('accounts.delete.password')}
        autoComplete="current-password"
        autoFocus
      />
      <div className="dialog-actions">
        <Button className="button button-secondary" onPress={onClose}>
          {t('common.cancel')}
        </Button>
        <SubmitButton
          label={t('accounts.delete.confirm')}
          pendingLabel={t('accounts.delete.deleting')}
          isPending={remove.isPending}
          variant="danger"
        />
      </div>
    </Form>
  );
}
