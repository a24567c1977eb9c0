import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { ManagedAccount } from '../../contract/accounts.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { SuccessNote } from '../ui/FormAlert.tsx';
import { accountsApi } from './accounts-api.ts';
import { useAccountsChanged } from './accounts-queries.ts';
import type { IssuedPassword } from './TemporaryPasswordBanner.tsx';

interface AccountActionsProps {
  account: ManagedAccount;
  /** The account after its OTP key was reissued: two-factor authentication `pending`. */
  onReissued: (account: ManagedAccount) => void;
  onIssuedPassword: (issued: IssuedPassword) => void;
  onDelete: (account: ManagedAccount) => void;
}

/**
 * What the edit dialog does to an account at once, each confirmed first: a temporary
 * password, a new OTP key, deletion.
 */
export function AccountActions({
  account,
  onReissued,
  onIssuedPassword,
  onDelete,
}: AccountActionsProps) {
  const { t } = useTranslation();
  const accountsChanged = useAccountsChanged();
  const [confirming, setConfirming] = useState<'password' | 'otpKey' | null>(null);

  const issuePassword = useMutation({
    mutationFn: () => accountsApi.issueTemporaryPassword(account.id),
    onSuccess: async ({ temporaryPassword }) => {
      await accountsChanged();
      setConfirming(null);
      onIssuedPassword({ email: account.email, temporaryPassword });
    },
  });
  const reissueKey = useMutation({
    mutationFn: () => accountsApi.reissueOtpKey(account.id),
    onSuccess: async (answer) => {
      await accountsChanged();
      setConfirming(null);
      onReissued(answer.account);
    },
  });

  const close = () => {
    setConfirming(null);
    issuePassword.reset();
  };

  return (
    <section className="dialog-section" aria-labelledby="account-actions">
      <h3 id="account-actions">{t('accounts.actions.title')}</h3>
      <SuccessNote>{reissueKey.isSuccess && t('accounts.actions.otpKeyReissued')}</SuccessNote>
      <div className="action-list">
        <ActionRow
          label={t('accounts.actions.issuePassword')}
          hint={t('accounts.actions.issuePasswordHint')}
          onPress={() => setConfirming('password')}
        />
        {account.totp !== 'off' && (
          <ActionRow
            label={t('accounts.actions.reissueOtpKey')}
            hint={t('accounts.actions.reissueOtpKeyHint')}
            onPress={() => {
              reissueKey.reset();
              setConfirming('otpKey');
            }}
          />
        )}
        <ActionRow
          label={t('accounts.delete.button')}
          hint={t('accounts.actions.deleteHint')}
          onPress={() => onDelete(account)}
          isDanger
        />
      </div>

      <ConfirmDialog
        title={t('accounts.actions.issuePasswordTitle', { email: account.email })}
        text={t('accounts.actions.issuePasswordText')}
        confirmLabel={t('accounts.actions.issuePassword')}
        isOpen={confirming === 'password'}
        isPending={issuePassword.isPending}
        error={issuePassword.error}
        onConfirm={() => issuePassword.mutate()}
        onClose={close}
      />
      <ConfirmDialog
        title={t('accounts.actions.reissueOtpKeyTitle', { email: account.email })}
        text={t('accounts.actions.reissueOtpKeyText')}
        confirmLabel={t('accounts.actions.reissueOtpKey')}
        isOpen={confirming === 'otpKey'}
        isPending={reissueKey.isPending}
        error={reissueKey.error}
        onConfirm={() => reissueKey.mutate()}
        onClose={close}
      />
    </section>
  );
}

interface ActionRowProps {
  label: string;
  hint: string;
  onPress: () => void;
  isDanger?: boolean;
}

function ActionRow({ label, hint, onPress, isDanger }: ActionRowProps) {
  return (
    <div className="action-row">
      <p className="field-description">{hint}</p>
      <Button
        className={`button ${isDanger ? 'button-quiet-danger' : 'button-secondary'}`}
        onPress={onPress}
      >
        {label}
      </Button>
    </div>
  );
}
