import { formatDateTime, type Language } from '../../contract/locale.ts';

/** Every mail the console sends, with what each one needs to be written. */
export type MailContent =
  | {
      template: 'temporary_password';
      params: {
        name: string;
        temporaryPassword: string;
        /** ISO 8601 UTC. */
        expiresAt: string;
        organizationName: string;
      };
    }
  | {
      /** Sent to both the old and the new address. */
      template: 'email_changed';
      params: { name: string; oldEmail: string; newEmail: string };
    }
  | {
      /** Sent to the operator's support address. */
      template: 'group_admin_request';
      params: {
        clientNumber: string;
        organizationName: string;
        requester: string;
        target: string;
        change: 'grant' | 'revoke';
        reason: string;
        requestId: string;
      };
    }
  | {
      template: 'group_admin_request_outcome';
      params: {
        target: string;
        change: 'grant' | 'revoke';
        outcome: 'granted' | 'revoked' | 'closed';
        remark: string | null;
      };
    };

export type MailTemplate = MailContent['template'];

/** Whose language and time zone a mail is written in. */
export interface MailRecipient {
  language: Language;
  timeZone: string;
}

/** The operator's settings every mail is signed with. */
export interface MailSignature {
  serviceName: string;
  supportEmail: string;
  publicUrl: URL;
}

/** A mail ready to send: plain text only. */
export interface RenderedMail {
  subject: string;
  text: string;
}

interface Helpers {
  /** A date in the recipient's time zone, followed by the zone's name. */
  date(iso: string): string;
  signInUrl: string;
  serviceName: string;
}

/** The subject and paragraphs of one template; the frame around them is common. */
type Writer<T extends MailTemplate> = (
  params: Extract<MailContent, { template: T }>['params'],
  helpers: Helpers,
) => { subject: string; paragraphs: string[] };

type Writers = { [T in MailTemplate]: Writer<T> };

const RULE = '='.repeat(70);

const WRITERS: Record<Language, Writers> = {
  en: {
    temporary_password: (params, { date, signInUrl, serviceName }) => ({
      subject: 'Your temporary password',
      paragraphs: [
        `Dear ${params.name},`,
        `A temporary password was issued for your account of ${params.organizationName} on the ${serviceName} console.`,
        `Temporary password: ${params.temporaryPassword}\nValid until: ${date(params.expiresAt)}`,
        'Sign in with your email address and this password: the console then asks you to choose a new password of your own. The temporary password works only once, and not after the time above.',
        `Sign-in address: ${signInUrl}`,
        'If you did not expect this mail, tell your group administrator.',
      ],
    }),
    email_changed: (params, { signInUrl, serviceName }) => ({
      subject: 'The email address of your account was changed',
      paragraphs: [
        `Dear ${params.name},`,
        `The email address you sign in to the ${serviceName} console with was changed.`,
        `Previous address: ${params.oldEmail}\nNew address: ${params.newEmail}`,
        'From now on, sign in with the new address; mails from the console go to it.',
        `Sign-in address: ${signInUrl}`,
        'If you did not ask for this change, tell your group administrator at once.',
      ],
    }),
    group_admin_request: (params) => ({
      subject: `Group administrator request from ${params.clientNumber}`,
      paragraphs: [
        `A group administrator asks support to ${params.change === 'grant' ? 'grant' : 'revoke'} the group administrator role.`,
        [
          `Request number: ${params.requestId}`,
          `Client number: ${params.clientNumber}`,
          `Organization: ${params.organizationName}`,
          `Requested by: ${params.requester}`,
          `Account: ${params.target}`,
          `Change: ${params.change === 'grant' ? 'grant the role' : 'revoke the role'}`,
        ].join('\n'),
        `Reason given:\n${params.reason}`,
        'Check the request with the organization, then grant, revoke or close it with the mailroom command line, giving the request number above.',
      ],
    }),
    group_admin_request_outcome: (params, { signInUrl }) => {
      const asked =
        params.change === 'grant'
          ? `to grant the group administrator role to ${params.target}`
          : `to revoke the group administrator role of ${params.target}`;
      const outcome = {
        granted: `${params.target} is now a group administrator.`,
        revoked: `${params.target} is no longer a group administrator.`,
        closed: `Support closed the request without changing the role of ${params.target}.`,
      }[params.outcome];
      return {
        subject: 'Your group administrator request was handled',
        paragraphs: [
          `Support handled your request ${asked}.`,
          outcome,
          ...(params.remark ? [`Remark from support:\n${params.remark}`] : []),
          `Sign-in address: ${signInUrl}`,
        ],
      };
    },
  },
  ja: {
    temporary_password: (params, { date, signInUrl, serviceName }) => ({
      subject: '仮パスワードのお知らせ',
      paragraphs: [
        `${params.name} 様`,
        `${serviceName} 管理コンソールの ${params.organizationName} のアカウントに、仮パスワードが発行されました。`,
        `仮パスワード: ${params.temporaryPassword}\n有効期限: ${date(params.expiresAt)}`,
        'メールアドレスとこの仮パスワードでログインすると、新しいパスワードの設定を求められます。仮パスワードは一度だけ、上記の期限まで使用できます。',
        `ログイン URL: ${signInUrl}`,
        'このメールにお心当たりがない場合は、グループ管理者にお知らせください。',
      ],
    }),
    email_changed: (params, { signInUrl, serviceName }) => ({
      subject: 'アカウントのメールアドレスが変更されました',
      paragraphs: [
        `${params.name} 様`,
        `${serviceName} 管理コンソールにログインするメールアドレスが変更されました。`,
        `変更前: ${params.oldEmail}\n変更後: ${params.newEmail}`,
        '今後は新しいメールアドレスでログインしてください。管理コンソールからのメールも新しいアドレスに届きます。',
        `ログイン URL: ${signInUrl}`,
        'この変更にお心当たりがない場合は、すぐにグループ管理者にお知らせください。',
      ],
    }),
    group_admin_request: (params) => ({
      subject: `グループ管理者の変更依頼 (${params.clientNumber})`,
      paragraphs: [
        `グループ管理者から、グループ管理者権限の${params.change === 'grant' ? '付与' : '解除'}の依頼がありました。`,
        [
          `依頼番号: ${params.requestId}`,
          `お客様番号: ${params.clientNumber}`,
          `組織: ${params.organizationName}`,
          `依頼者: ${params.requester}`,
          `対象アカウント: ${params.target}`,
          `変更内容: ${params.change === 'grant' ? '権限の付与' : '権限の解除'}`,
        ].join('\n'),
        `依頼の理由:\n${params.reason}`,
        '組織に確認のうえ、mailroom コマンドで上記の依頼番号を指定し、付与、解除またはクローズしてください。',
      ],
    }),
    group_admin_request_outcome: (params, { signInUrl }) => {
      const asked =
        params.change === 'grant'
          ? `${params.target} へのグループ管理者権限の付与`
          : `${params.target} のグループ管理者権限の解除`;
      const outcome = {
        granted: `${params.target} はグループ管理者になりました。`,
        revoked: `${params.target} はグループ管理者ではなくなりました。`,
        closed: `${params.target} の権限は変更せずに、依頼をクローズしました。`,
      }[params.outcome];
      return {
        subject: 'グループ管理者の変更依頼への対応',
        paragraphs: [
          `${asked}のご依頼に対応しました。`,
          outcome,
          ...(params.remark ? [`サポートからのコメント:\n${params.remark}`] : []),
          `ログイン URL: ${signInUrl}`,
        ],
      };
    },
  },
};

interface Frame {
  notice(serviceName: string): string;
  questions: string;
  team(serviceName: string): string;
  email: string;
}

const FRAMES: Record<Language, Frame> = {
  en: {
    notice: (serviceName) =>
      `This mail was sent automatically by ${serviceName}. Please do not reply.`,
    questions: 'For questions about this mail, contact:',
    team: (serviceName) => `${serviceName} support`,
    email: 'Email',
  },
  ja: {
    notice: (serviceName) =>
      `このメールは ${serviceName} から自動送信されています。返信はできません。`,
    questions: 'このメールに関するお問い合わせ先:',
    team: (serviceName) => `${serviceName} サポート`,
    email: 'メール',
  },
};

/**
 * Writes a mail in the recipient's language, dates in the recipient's time zone, framed by
 * the automatic-mail notice and signed with the service name and support contact.
 *
 * @example renderMail({ template: 'email_changed', params }, { language: 'ja', timeZone: 'Asia/Tokyo' }, signature)
 */
export function renderMail(
  content: MailContent,
  recipient: MailRecipient,
  signature: MailSignature,
): RenderedMail {
  const helpers: Helpers = {
    date: (iso) => `${formatDateTime(iso, recipient.timeZone)} (${recipient.timeZone})`,
    signInUrl: new URL('/sign-in', signature.publicUrl).href,
    serviceName: signature.serviceName,
  };
  const writer = WRITERS[recipient.language][content.template] as Writer<MailTemplate>;
  const { subject, paragraphs } = writer(content.params as never, helpers);
  const frame = FRAMES[recipient.language];
  const { serviceName, supportEmail } = signature;

  const text = [
    [RULE, frame.notice(serviceName), RULE].join('\n'),
    ...paragraphs,
    [frame.questions, RULE, frame.team(serviceName), `${frame.email}: ${supportEmail}`, RULE].join(
      '\n',
    ),
  ].join('\n\n');
  return { subject: `[${serviceName}] ${subject}`, text: `${text}\n` };
}
