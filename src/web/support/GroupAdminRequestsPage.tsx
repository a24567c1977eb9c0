import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  FieldError,
  Form,
  Label,
  Radio,
  RadioGroup,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../contract/locale.ts';
import type {
  GroupAdminChange,
  GroupAdministrator,
  GroupAdminRequest,
} from '../../contract/support.ts';
import { QueryFailure } from '../accounts/NotAllowed.tsx';
import { useFieldErrors } from '../accounts/useFieldErrors.ts';
import { useAccount } from '../shell/account-context.ts';
import { Loading } from '../shell/PageStates.tsx';
import { ChoiceSelect } from '../ui/ChoiceSelect.tsx';
import { FormAlert, SuccessNote } from '../ui/FormAlert.tsx';
import { SubmitButton } from '../ui/SubmitButton.tsx';
import { useDocumentTitle } from '../ui/useDocumentTitle.ts';
import { AccountPicker } from './AccountPicker.tsx';
import { supportApi } from './support-api.ts';

const requestsKey = ['group-admin-requests'] as const;

/**
 * Asking support to grant or revoke the group administrator role, which only the operator
 * may do, and the requests filed so far with what became of them.
 */
export function GroupAdminRequestsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('groupAdminRequests.title'));
  const requests = useQuery({ queryKey: requestsKey, queryFn: supportApi.requests });

  if (requests.isError) {
    return <QueryFailure error={requests.error} onRetry={() => void requests.refetch()} />;
  }
  if (requests.isPending) return <Loading />;
  return (
    <>
      <RequestForm groupAdministrators={requests.data.groupAdministrators} />
      <RequestList requests={requests.data.requests} />
    </>
  );
}

function RequestForm({ groupAdministrators }: { groupAdministrators: GroupAdministrator[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [change, setChange] = useState<GroupAdminChange>('grant');
  const [accountId, setAccountId] = useState<string | null>(null);
  const [missingAccount, setMissingAccount] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const file = useMutation({
    mutationFn: supportApi.file,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: requestsKey });
      setAccountId(null);
      setFormKey((key) => key + 1);
    },
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setMissingAccount(accountId === null);
    if (accountId === null) return;
    const reason = String(new FormData(event.currentTarget).get('reason'));
    file.mutate({ accountId, change, reason });
  };
  const handleAccount = (id: string | null) => {
    setAccountId(id);
    setMissingAccount(false);
    markEdited('accountId');
  };
  const handleChange = (value: string) => {
    setChange(value === 'revoke' ? 'revoke' : 'grant');
    setAccountId(null);
    markEdited('change');
    markEdited('accountId');
  };

  const { errors: serverErrors, markEdited, formRef } = useFieldErrors(file.error);
  const errors = missingAccount
    ? { accountId: t('groupAdminRequests.chooseAccount') }
    : serverErrors;
  return (
    <section className="card card-form" aria-labelledby="request-form">
      <h2 id="request-form">{t('groupAdminRequests.formTitle')}</h2>
      <p className="card-lead">{t('groupAdminRequests.intro')}</p>
      <Form
        key={formKey}
        ref={formRef}
        className="form"
        onSubmit={handleSubmit}
        validationBehavior="aria"
        validationErrors={errors}
      >
        <FormAlert
          error={missingAccount ? null : file.error}
          placedFields={['accountId', 'change', 'reason']}
        />
        <SuccessNote>{file.isSuccess && t('groupAdminRequests.filed')}</SuccessNote>

        <RadioGroup
          name="change"
          className="field"
          orientation="horizontal"
          value={change}
          onChange={handleChange}
        >
          <Label className="field-label">{t('groupAdminRequests.change')}</Label>
          <div className="segmented">
            <Radio value="grant" className="segment">
              {t('groupAdminRequests.changes.grant')}
            </Radio>
            <Radio value="revoke" className="segment">
              {t('groupAdminRequests.changes.revoke')}
            </Radio>
          </div>
          <FieldError className="field-error" />
        </RadioGroup>

        {change === 'grant' ? (
          <AccountPicker
            name="accountId"
            label={t('groupAdminRequests.account')}
            description={t('groupAdminRequests.grantHint')}
            value={accountId}
            onChange={handleAccount}
          />
        ) : (
          <ChoiceSelect
            name="accountId"
            label={t('groupAdminRequests.account')}
            choices={groupAdministrators.map((administrator) => ({
              id: administrator.id,
              label: `${administrator.email} (${administrator.name})`,
            }))}
            value={accountId ?? ''}
            onChange={handleAccount}
          />
        )}

        <TextField name="reason" className="field" maxLength={1000}>
          <Label className="field-label">{t('groupAdminRequests.reason')}</Label>
          <TextArea className="input textarea" rows={4} />
          <Text slot="description" className="field-description">
            {t('groupAdminRequests.reasonHint')}
          </Text>
          <FieldError className="field-error" />
        </TextField>

        <div className="form-actions">
          <SubmitButton
            label={t('groupAdminRequests.submit')}
            pendingLabel={t('groupAdminRequests.submitting')}
            isPending={file.isPending}
          />
        </div>
      </Form>
    </section>
  );
}

function RequestList({ requests }: { requests: GroupAdminRequest[] }) {
  const { t } = useTranslation();
  const viewer = useAccount();
  return (
    <section className="card card-table" aria-labelledby="request-list">
      <h2 id="request-list">{t('groupAdminRequests.listTitle')}</h2>
      {requests.length === 0 ? (
        <p className="table-empty">{t('groupAdminRequests.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead className="table-header">
              <tr>
                <th scope="col" className="column">
                  {t('groupAdminRequests.filedAt', { timeZone: viewer.timeZone })}
                </th>
                <th scope="col" className="column">
                  {t('groupAdminRequests.account')}
                </th>
                <th scope="col" className="column">
                  {t('groupAdminRequests.change')}
                </th>
                <th scope="col" className="column">
                  {t('groupAdminRequests.reason')}
                </th>
                <th scope="col" className="column">
                  {t('groupAdminRequests.status')}
                </th>
                <th scope="col" className="column">
                  {t('groupAdminRequests.remark')}
                </th>
              </tr>
            </thead>
            <tbody className="table-body">
              {requests.map((request) => (
                <tr key={request.id} className="row row-static">
                  <td className="cell cell-date">
                    <time dateTime={request.createdAt}>
                      {formatDateTime(request.createdAt, viewer.timeZone)}
                    </time>
                    <div className="muted cell-note">{request.requester}</div>
                  </td>
                  <td className="cell">{request.account}</td>
                  <td className="cell">{t(`groupAdminRequests.changes.${request.change}`)}</td>
                  <td className="cell cell-text">{request.reason}</td>
                  <td className="cell">
                    <span className={`badge badge-request-${request.status}`}>
                      {t(`groupAdminRequests.statuses.${request.status}`)}
                    </span>
                    {request.handledAt && (
                      <div className="muted cell-note">
                        <time dateTime={request.handledAt}>
                          {formatDateTime(request.handledAt, viewer.timeZone)}
                        </time>
                      </div>
                    )}
                  </td>
                  <td className="cell cell-text">
                    {request.remark ?? <span className="muted">—</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
