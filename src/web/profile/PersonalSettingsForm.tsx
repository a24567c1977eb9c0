import { type FormEvent, useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../contract/locale.ts';
import { ApiError, api, type ProfileChanges } from '../api.ts';
import { useMeta } from '../session.ts';
import { useAccount } from '../shell/account-context.ts';
import { FormAlert, SuccessNote } from '../ui/FormAlert.tsx';
import { LanguageChoice } from '../ui/LanguageChoice.tsx';
import { OptionSwitch } from '../ui/OptionSwitch.tsx';
import { SubmitButton } from '../ui/SubmitButton.tsx';
import { TextInput } from '../ui/TextInput.tsx';
import { TimeZonePicker } from '../ui/TimeZonePicker.tsx';
import { useProfileUpdate } from './useProfileUpdate.ts';

/**
 * Name, language, time zone and the notification mails the role and plan allow. Saving the
 * language switches the whole app to it.
 */
export function PersonalSettingsForm() {
  const { t } = useTranslation();
  const account = useAccount();
  const zones = useMeta().data?.timeZones ?? [account.timeZone];
  const [language, setLanguage] = useState<Language>(account.language);
  const [timeZone, setTimeZone] = useState(account.timeZone);
  const [deliveryReport, setDeliveryReport] = useState(account.deliveryReport);
  const [virusAlert, setVirusAlert] = useState(account.virusAlert);
  const save = useProfileUpdate(api.updateProfile);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const changes: ProfileChanges = {
      name: String(new FormData(event.currentTarget).get('name')),
      language,
      timeZone,
      // Options the role or plan forbids are not sent: the server would refuse them.
      ...(account.allowed.deliveryReport && { deliveryReport }),
      ...(account.allowed.virusAlert && { virusAlert }),
    };
    save.mutate(changes);
  };

  return (
    <section className="card" aria-labelledby="profile-details">
      <h2 id="profile-details">{t('profile.detailsTitle')}</h2>
      <Form
        className="form"
        onSubmit={handleSubmit}
        validationBehavior="aria"
        validationErrors={save.error instanceof ApiError ? save.error.fieldMessages() : {}}
      >
        <FormAlert error={save.error} placedFields={['name', 'language', 'timeZone']} />
        <SuccessNote>{save.isSuccess && t('profile.saved')}</SuccessNote>

        <TextInput
          name="email"
          label={t('profile.email')}
          defaultValue={account.email}
          isReadOnly
        />
        <TextInput
          name="name"
          label={t('profile.name')}
          defaultValue={account.name}
          autoComplete="name"
        />

        <LanguageChoice label={t('profile.language')} value={language} onChange={setLanguage} />

        <TimeZonePicker
          name="timeZone"
          label={t('profile.timeZone')}
          description={t('profile.timeZoneHint')}
          listLabel={t('profile.timeZoneOptions')}
          zones={zones}
          value={timeZone}
          onChange={setTimeZone}
        />

        {(account.allowed.deliveryReport || account.allowed.virusAlert) && (
          <fieldset className="fieldset">
            <legend className="field-label">{t('profile.notifications')}</legend>
            {account.allowed.deliveryReport && (
              <OptionSwitch
                id="delivery-report"
                label={t('profile.deliveryReport')}
                hint={t('profile.deliveryReportHint')}
                isSelected={deliveryReport}
                onChange={setDeliveryReport}
              />
            )}
            {account.allowed.virusAlert && (
              <OptionSwitch
                id="virus-alert"
                label={t('profile.virusAlert')}
                hint={t('profile.virusAlertHint')}
                isSelected={virusAlert}
                onChange={setVirusAlert}
              />
            )}
          </fieldset>
        )}

        <div className="form-actions">
          <SubmitButton
            label={t('common.save')}
            pendingLabel={t('common.saving')}
            isPending={save.isPending}
          />
        </div>
      </Form>
    </section>
  );
}
