import type { ErrorCode } from '../contract/errors.ts';
import type { Language } from '../contract/locale.ts';

/*
 * What the API says in words, in English and Japanese. The browser shows these messages as
 * they come, so that one error has one wording wherever it appears.
 */

const ERRORS: Record<Language, Record<ErrorCode, string>> = {
  en: {
    validation_failed: 'Some fields are not valid.',
    unauthenticated: 'Please sign in.',
    forbidden: 'Your role does not allow this.',
    not_found: 'Not found.',
    csrf_rejected: 'The request did not come from the console and was refused.',
    invalid_credentials: 'The email address or password is wrong.',
    account_locked: 'This account is locked. Ask your group administrator.',
    sign_in_throttled: 'Too many failed attempts. Try again in {seconds} seconds.',
    rate_limited: 'Too many requests. Try again in a minute.',
    invalid_code: 'The code is wrong or was already used.',
    wrong_stage: 'This step of signing in is not the current one. Start again.',
    password_rejected: 'Choose another password.',
    conflict: 'This conflicts with existing data.',
    last_group_admin: 'An organization keeps at least one unlocked group administrator.',
    internal: 'Something went wrong on our side. Try again.',
  },
  ja: {
    validation_failed: '入力内容に誤りがあります。',
    unauthenticated: 'ログインしてください。',
    forbidden: 'この操作を行う権限がありません。',
    not_found: '見つかりません。',
    csrf_rejected: '管理コンソール以外からのリクエストのため拒否しました。',
    invalid_credentials: 'メールアドレスまたはパスワードが正しくありません。',
    account_locked: 'このアカウントはロックされています。グループ管理者にお問い合わせください。',
    sign_in_throttled: '失敗が続いたため、{seconds} 秒後に再度お試しください。',
    rate_limited: 'リクエストが多すぎます。1 分後に再度お試しください。',
    invalid_code: 'コードが正しくないか、すでに使用されています。',
    wrong_stage: 'ログインの手順が正しくありません。最初からやり直してください。',
    password_rejected: '別のパスワードを選んでください。',
    conflict: '既存のデータと競合しています。',
    last_group_admin: '組織にはロックされていないグループ管理者が少なくとも 1 人必要です。',
    internal: 'サーバーでエラーが発生しました。再度お試しください。',
  },
};

const FIELD_RULES: Record<Language, Record<string, string>> = {
  en: {
    required: 'Required.',
    unknown_field: 'This field is not accepted.',
    too_short: 'At least {limit} characters.',
    too_long: 'At most {limit} characters.',
    invalid_email: 'Enter a valid email address.',
    invalid_format: 'The format is not valid.',
    not_allowed: 'This value is not allowed.',
    wrong_type: 'The value has the wrong type.',
    time_zone: 'Choose a time zone from the list.',
    language: 'Choose English or Japanese.',
    email_taken: 'This email address is already used.',
    password_too_short: 'At least 12 characters.',
    password_too_long: 'At most 128 characters.',
    password_common: 'This password is too common.',
    password_personal:
      'The password must not contain your name, email, organization or the service name.',
    password_unchanged: 'The new password must differ from the current one.',
    password_wrong: 'The password is wrong.',
    temporary_password_expired:
      'This temporary password has expired. Ask your group administrator for a new one.',
    role_forbidden: 'This role cannot be chosen here.',
    option_forbidden_by_role: 'This option is not available for the chosen role.',
    option_forbidden_by_plan: 'This option needs the Pro plan with the virus check option.',
    code_format: 'Enter the 6-digit code.',
    unknown_client_number: 'No organization has this client number.',
    unknown_account: 'No account has this email address.',
    request_open: 'An open request already names this account.',
    unknown_request: 'No request has this ID.',
    request_handled: 'This request was already handled.',
    request_other_change: 'This request asks for the other change.',
    request_account_gone: 'The account of this request no longer exists; close the request.',
    already_group_admin: 'This account is already a group administrator.',
    not_group_admin: 'This account is not a group administrator.',
    name_taken: 'This name is already used.',
    totp_off: 'Two-factor authentication is off for this account.',
  },
  ja: {
    required: '必須項目です。',
    unknown_field: 'この項目は受け付けられません。',
    too_short: '{limit} 文字以上で入力してください。',
    too_long: '{limit} 文字以内で入力してください。',
    invalid_email: '正しいメールアドレスを入力してください。',
    invalid_format: '形式が正しくありません。',
    not_allowed: 'この値は使用できません。',
    wrong_type: '値の型が正しくありません。',
    time_zone: '一覧からタイムゾーンを選んでください。',
    language: '英語または日本語を選んでください。',
    email_taken: 'このメールアドレスはすでに使われています。',
    password_too_short: '12 文字以上で入力してください。',
    password_too_long: '128 文字以内で入力してください。',
    password_common: 'よく使われているパスワードのため使用できません。',
    password_personal: '名前、メールアドレス、組織名、サービス名を含むパスワードは使用できません。',
    password_unchanged: '現在のパスワードと異なるパスワードを入力してください。',
    password_wrong: 'パスワードが正しくありません。',
    temporary_password_expired:
      '仮パスワードの有効期限が切れています。グループ管理者に再発行を依頼してください。',
    role_forbidden: 'この権限はここでは選べません。',
    option_forbidden_by_role: '選択した権限ではこのオプションを利用できません。',
    option_forbidden_by_plan:
      'このオプションには Pro プランとウイルスチェックオプションが必要です。',
    code_format: '6 桁のコードを入力してください。',
    unknown_client_number: 'このお客様番号の組織はありません。',
    unknown_account: 'このメールアドレスのアカウントはありません。',
    request_open: 'このアカウントについての依頼はすでに受け付けています。',
    unknown_request: 'この ID の依頼はありません。',
    request_handled: 'この依頼はすでに対応済みです。',
    request_other_change: 'この依頼は別の変更を求めています。',
    request_account_gone: 'この依頼のアカウントはすでに存在しません。依頼を完了してください。',
    already_group_admin: 'このアカウントはすでにグループ管理者です。',
    not_group_admin: 'このアカウントはグループ管理者ではありません。',
    name_taken: 'この名前はすでに使われています。',
    totp_off: 'このアカウントは 2 段階認証がオフです。',
  },
};

function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => String(params[key] ?? whole));
}

/** The message of an error code in `language`. */
export function errorMessage(
  language: Language,
  code: ErrorCode,
  params?: Record<string, string | number>,
): string {
  return fill(ERRORS[language][code], params);
}

/** The message of a field rule in `language`; an unknown rule falls back to "not valid". */
export function fieldMessage(
  language: Language,
  rule: string,
  params?: Record<string, string | number>,
): string {
  return fill(FIELD_RULES[language][rule] ?? FIELD_RULES[language].invalid_format ?? rule, params);
}
