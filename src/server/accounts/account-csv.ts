import type { ManagedAccount, TotpState } from '../../contract/accounts.ts';
import { formatDateTime, type Language } from '../../contract/locale.ts';
import type { AssignableRole } from '../../contract/roles.ts';
import type { AppContext } from '../context.ts';
import { type AccountFilter, allAccounts } from './account-list.ts';

/** The words of the account list's CSV file, in one language. */
interface AccountCsvLabels {
  header: readonly string[];
  role: Record<AssignableRole, string>;
  language: Record<Language, string>;
  totp: Record<TotpState, string>;
  yes: string;
  no: string;
}

const LABELS: Record<Language, AccountCsvLabels> = {
  en: {
    header: [
      'Email',
      'Name',
      'Role',
      'Language',
      'Time zone',
      'Two-factor authentication',
      'Delivery report',
      'Virus check',
      'Locked',
      'Last sign-in',
      'Created',
    ],
    role: {
      service_user: 'Service user',
      report_viewer: 'Report viewer',
      accountant: 'Accountant',
    },
    language: { en: 'English', ja: 'Japanese' },
    totp: { off: 'Off', pending: 'On (not set up yet)', on: 'On' },
    yes: 'Yes',
    no: 'No',
  },
  ja: {
    header: [
      'アカウント',
      '名前',
      '権限',
      '言語',
      'タイムゾーン',
      '二要素認証',
      '配信レポート',
      'ウイルスチェック',
      'ロック',
      '最終ログイン',
      '作成日時',
    ],
    role: {
      service_user: 'サービス利用者',
      report_viewer: 'レポート閲覧者',
      accountant: '経理担当者',
    },
    language: { en: '英語', ja: '日本語' },
    totp: { off: '無効', pending: '有効（未設定）', on: '有効' },
    yes: 'はい',
    no: 'いいえ',
  },
};

/** The header row of the account list's CSV file in the viewer's language. */
export function accountCsvHeader(language: Language): readonly string[] {
  return LABELS[language].header;
}

/**
 * The rows of the account list's CSV file: every account the filter matches, in the list's
 * order, in the viewer's language, dates in the viewer's time zone.
 */
export async function* accountCsvRows(
  ctx: AppContext,
  organizationId: string,
  filter: AccountFilter,
  viewer: { language: Language; timeZone: string },
): AsyncGenerator<string[]> {
  const labels = LABELS[viewer.language];
  const yesNo = (value: boolean) => (value ? labels.yes : labels.no);
  const date = (iso: string) => formatDateTime(iso, viewer.timeZone);
  for await (const account of allAccounts(ctx, organizationId, filter)) {
    yield accountCells(account, labels, yesNo, date);
  }
}

function accountCells(
  account: ManagedAccount,
  labels: AccountCsvLabels,
  yesNo: (value: boolean) => string,
  date: (iso: string) => string,
): string[] {
  return [
    account.email,
    account.name,
    labels.role[account.role],
    labels.language[account.language],
    account.timeZone,
    labels.totp[account.totp],
    yesNo(account.deliveryReport),
    yesNo(account.virusAlert),
    yesNo(account.locked),
    account.lastSignInAt ? date(account.lastSignInAt) : '',
    date(account.createdAt),
  ];
}
