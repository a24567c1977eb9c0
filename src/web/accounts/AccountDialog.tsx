import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button, Checkbox, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { AccountNotice, ManagedAccount } from '../../contract/accounts.ts';
import { languageFromPreferences } from '../../contract/locale.ts';
import { ASSIGNABLE_ROLES, type AssignableRole } from '../../contract/roles.ts';
import { useMeta } from '../session.ts';
import { useAccount } from '../shell/account-context.ts';
import { ChoiceSelect } from '../ui/ChoiceSelect.tsx';
import { FormAlert } from '../ui/FormAlert.tsx';
import { LanguageChoice } from '../ui/LanguageChoice.tsx';
import { ModalDialog } from '../ui/ModalDialog.tsx';
import { OptionSwitch } from '../ui/OptionSwitch.tsx';
import { SubmitButton } from '../ui/SubmitButton.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import { TimeZonePicker } from '../ui/TimeZonePicker.tsx';
import { AccountActions } from './AccountActions.tsx';
import {
  type AccountDraft,
  blankDraft,
  changesOf,
  draftOf,
  newAccountOf,
  offeredOptions,
  withRole,
} from './account-form.ts';
import { accountsApi } from './accounts-api.ts';
import { useAccountsChanged } from './accounts-queries.ts';
import type { IssuedPassword } from './TemporaryPasswordBanner.tsx';
import { useFieldErrors } from './useFieldErrors.ts';

/** What the dialog was opened for: a new account, or one of the list. */
export type DialogSubject = { kind: 'add' } | { kind: 'edit'; account: ManagedAccount };

/** What saving did, for the screen to say. */
export interface SavedAccount {
  account: ManagedAccount;
  added: boolean;
  notices: AccountNotice[];
}

interface AccountDialogProps {
  subject: DialogSubject | null;
  onClose: () => void;
  onSaved: (saved: SavedAccount) => void;
  onIssuedPassword: (issued: IssuedPassword) => void;
  onDelete: (account: ManagedAccount) => void;
}

/** The add and edit dialog of an account: every field, and in edit the account's actions. */
export function AccountDialog({ subject, onClose, ...handlers }: AccountDialogProps) {
  const { t } = useTranslation();
  const title =
    subject?.kind === 'edit'
      ? t('accounts.dialog.editTitle', { email: subject.account.email })
      : t('accounts.dialog.addTitle');
  return (
    <ModalDialog title={title} isOpen={subject !== null} onClose={onClose} size="large">
      {subject && <AccountForm subject={subject} onClose={onClose} {...handlers} />}
    </ModalDialog>
  );
}

const PLACED_FIELDS = [
  'email',
  'name',
  'role',
  'language',
  'timeZone',
  'totp',
  'deliveryReport',
  'virusAlert',
  'locked',
];

function AccountForm({
  subject,
  onClose,
  onSaved,
  onIssuedPassword,
  onDelete,
}: AccountDialogProps & { subject: DialogSubject }) {
  const { t } = useTranslation();
  const administrator = useAccount();
  const organization = administrator.organization;
  const zones = useMeta().data?.timeZones ?? [administrator.timeZone];
  const accountsChanged = useAccountsChanged();

  const [saved, setSaved] = useState(subject.kind === 'edit' ? subject.account : null);
  const [draft, setDraft] = useState<AccountDraft>(() =>
    saved
      ? draftOf(saved)
      : blankDraft(
          languageFromPreferences(navigator.languages),
          presetZone(zones, administrator.timeZone),
        ),
  );
  // What a role change turned off, and which role did it, until the option is on again.
  const [turnedOff, setTurnedOff] = useState<{ notice: AccountNotice; role: AssignableRole }[]>([]);
  const offered = offeredOptions(draft.role, organization);

  const save = useMutation({
    mutationFn: async (typed: AccountDraft): Promise<SavedAccount | null> => {
      if (!saved) {
        const { account } = await accountsApi.add(newAccountOf(typed, organization));
        return { account, added: true, notices: [] };
      }
      const changes = changesOf(saved, typed);
      if (Object.keys(changes).length === 0) return null;
      const { account, notices } = await accountsApi.edit(saved.id, changes);
      return { account, added: false, notices };
    },
    onSuccess: async (result) => {
      if (result) {
        await accountsChanged();
        onSaved(result);
      }
      onClose();
    },
  });

  const { errors, markEdited, formRef } = useFieldErrors(save.error);
  const change = (changes: Partial<AccountDraft>) => {
    for (const field of Object.keys(changes)) markEdited(field);
    setDraft((current) => ({ ...current, ...changes }));
  };
  const handleRoleChange = (role: AssignableRole) => {
    markEdited('role');
    const result = withRole(draft, role, organization);
    setDraft(result.draft);
    setTurnedOff((current) => [
      ...current.filter((item) => !result.turnedOff.includes(item.notice)),
      ...result.turnedOff.map((notice) => ({ notice, role })),
    ]);
  };
  const handleOptionChange = (option: 'deliveryReport' | 'virusAlert', isSelected: boolean) => {
    change({ [option]: isSelected });
    const notice: AccountNotice =
      option === 'deliveryReport' ? 'delivery_report_turned_off' : 'virus_alert_turned_off';
    if (isSelected) setTurnedOff((current) => current.filter((item) => item.notice !== notice));
  };
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({ ...draft, email: String(form.get('email')), name: String(form.get('name')) });
  };

  const roleChoices = ASSIGNABLE_ROLES.map((role) => ({ id: role, label: t(`roles.${role}`) }));
  return (
    <>
      <Form
        className="form"
        onSubmit={handleSubmit}
        ref={formRef}
        validationBehavior="aria"
        validationErrors={errors}
      >
        <FormAlert error={save.error} placedFields={PLACED_FIELDS} />
        {!saved && <p className="dialog-intro">{t('accounts.dialog.addIntro')}</p>}

        <div className="form-grid">
          <TextInput
            name="email"
            type="email"
            label={t('accounts.fields.email')}
            defaultValue={draft.email}
            autoComplete="off"
            autoFocus
          />
          <TextInput
            name="name"
            label={t('accounts.fields.name')}
            defaultValue={draft.name}
            autoComplete="off"
            maxLength={100}
          />
          <ChoiceSelect
            name="role"
            label={t('accounts.fields.role')}
            choices={roleChoices}
            value={draft.role}
            onChange={(role) => handleRoleChange(role as AssignableRole)}
          />
          <LanguageChoice
            label={t('accounts.fields.language')}
            value={draft.language}
            onChange={(language) => change({ language })}
          />
        </div>

        <TimeZonePicker
          name="timeZone"
          label={t('accounts.fields.timeZone')}
          description={t('accounts.dialog.timeZoneHint')}
          listLabel={t('accounts.dialog.timeZoneOptions')}
          zones={zones}
          value={draft.timeZone}
          onChange={(timeZone) => change({ timeZone })}
        />

        <fieldset className="fieldset">
          <legend className="field-label">{t('accounts.dialog.signInAndMail')}</legend>
          <OptionSwitch
            id="account-totp"
            label={t('accounts.fields.totp')}
            hint={totpHint(t, saved, draft.totp)}
            isSelected={draft.totp}
            onChange={(totp) => change({ totp })}
            error={errors.totp}
          />
          {offered.deliveryReport && (
            <OptionSwitch
              id="account-delivery-report"
              label={t('accounts.fields.deliveryReport')}
              hint={t('accounts.dialog.deliveryReportHint')}
              isSelected={draft.deliveryReport}
              onChange={(isSelected) => handleOptionChange('deliveryReport', isSelected)}
              error={errors.deliveryReport}
            />
          )}
          {offered.virusAlert && (
            <OptionSwitch
              id="account-virus-alert"
              label={t('accounts.fields.virusAlert')}
              hint={t('accounts.dialog.virusAlertHint')}
              isSelected={draft.virusAlert}
              onChange={(isSelected) => handleOptionChange('virusAlert', isSelected)}
              error={errors.virusAlert}
            />
          )}
          <div
            role="status"
            className={turnedOff.length > 0 ? 'alert alert-notice' : 'visually-hidden'}
          >
            {turnedOff.map(({ notice, role }) => (
              <p key={notice}>{t(`accounts.notices.${notice}`, { role: t(`roles.${role}`) })}</p>
            ))}
          </div>
        </fieldset>

        {saved && (
          <div className="switch-field">
            <Checkbox
              className="checkbox"
              isSelected={draft.locked}
              onChange={(locked) => change({ locked })}
              aria-describedby="account-locked-hint"
            >
              <span className="checkbox-box" aria-hidden="true">
                {draft.locked ? '✓' : ''}
              </span>
              {t('accounts.dialog.lock')}
            </Checkbox>
            <p id="account-locked-hint" className="field-description checkbox-hint">
              {t('accounts.dialog.lockHint')}
            </p>
            {errors.locked && <p className="field-error checkbox-hint">{errors.locked}</p>}
          </div>
        )}

        <div className="dialog-actions">
          <Button className="button button-secondary" onPress={onClose}>
            {t('common.cancel')}
          </Button>
          <SubmitButton
            label={saved ? t('common.save') : t('accounts.dialog.add')}
            pendingLabel={t('common.saving')}
            isPending={save.isPending}
          />
        </div>
      </Form>

      {saved && (
        <AccountActions
          account={saved}
          onReissued={setSaved}
          onIssuedPassword={onIssuedPassword}
          onDelete={onDelete}
        />
      )}
    </>
  );
}

/** The browser's own zone when the server knows it, else the administrator's. */
function presetZone(zones: readonly string[], fallback: string): string {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zones.includes(browserZone) ? browserZone : fallback;
}

function totpHint(
  t: ReturnType<typeof useTranslation>['t'],
  saved: ManagedAccount | null,
  isSelected: boolean,
): string {
  if (!isSelected) return t('accounts.dialog.totpOffHint');
  if (saved?.totp === 'on') return t('accounts.dialog.totpOnHint');
  return t('accounts.dialog.totpPendingHint');
}
