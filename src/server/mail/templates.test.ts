import { describe, expect, it } from 'vitest';
import type { Language } from '../../contract/locale.ts';
import { type MailContent, type MailSignature, renderMail } from './templates.ts';

const signature: MailSignature = {
  serviceName: 'Acme Mail',
  supportEmail: 'help@acme.test',
  publicUrl: new URL('https://console.acme.test'),
};

const temporaryPassword: MailContent = {
  template: 'temporary_password',
  params: {
    name: 'Hanako Sato',
    temporaryPassword: 'pT7-x9Qe-42Lm',
    expiresAt: '2026-12-06T08:30:00.000Z',
    organizationName: 'Sato Trading',
  },
};

const emailChanged: MailContent = {
  template: 'email_changed',
  params: { name: 'Hanako Sato', oldEmail: 'hanako@old.test', newEmail: 'hanako@new.test' },
};

const request: MailContent = {
  template: 'group_admin_request',
  params: {
    clientNumber: 'CL00042',
    organizationName: 'Sato Trading',
    requester: 'admin@sato.test',
    target: 'taro@sato.test',
    change: 'grant',
    reason: 'Taro takes over the account settings\nfrom next month.',
    requestId: 'req-7f3a',
  },
};

function outcome(
  change: 'grant' | 'revoke',
  result: 'granted' | 'revoked' | 'closed',
  remark: string | null,
): MailContent {
  return {
    template: 'group_admin_request_outcome',
    params: { target: 'taro@sato.test', change, outcome: result, remark },
  };
}

function render(content: MailContent, language: Language, timeZone = 'UTC') {
  return renderMail(content, { language, timeZone }, signature);
}

describe('every mail', () => {
  const everyTemplate = [
    temporaryPassword,
    emailChanged,
    request,
    outcome('grant', 'granted', null),
  ];

  it.each(
    everyTemplate.flatMap((content) =>
      (['en', 'ja'] as const).map((language) => [content.template, language, content] as const),
    ),
  )(
    '%s in %s starts with the automatic-mail notice and ends with the support contact',
    (_template, language, content) => {
      const { subject, text } = render(content, language);

      expect(subject.startsWith('[Acme Mail] ')).toBe(true);
      expect(text.split('\n')[1]).toContain('Acme Mail');
      expect(text.trimEnd().split('\n').slice(-3)).toEqual([
        language === 'en' ? 'Acme Mail support' : 'Acme Mail サポート',
        language === 'en' ? 'Email: help@acme.test' : 'メール: help@acme.test',
        '='.repeat(70),
      ]);
    },
  );

  it('has a Japanese wording distinct from the English one for every template', () => {
    for (const content of everyTemplate) {
      const english = render(content, 'en');
      const japanese = render(content, 'ja');

      expect(japanese.subject).not.toBe(english.subject);
      expect(japanese.subject).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(japanese.text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      expect(english.text).not.toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });
});

describe('the temporary password mail', () => {
  it('gives the password, its expiry in the recipient time zone and the sign-in address in English', () => {
    const { subject, text } = render(temporaryPassword, 'en', 'America/New_York');

    expect(subject).toBe('[Acme Mail] Your temporary password');
    expect(text).toContain('Dear Hanako Sato,');
    expect(text).toContain('Sato Trading');
    expect(text).toContain('Temporary password: pT7-x9Qe-42Lm');
    expect(text).toContain('Valid until: 2026-12-06 03:30 (America/New_York)');
    expect(text).toContain('Sign-in address: https://console.acme.test/sign-in');
  });

  it('gives the same facts in Japanese, the expiry in Tokyo time for a Tokyo recipient', () => {
    const { subject, text } = render(temporaryPassword, 'ja', 'Asia/Tokyo');

    expect(subject).toBe('[Acme Mail] 仮パスワードのお知らせ');
    expect(text).toContain('Hanako Sato 様');
    expect(text).toContain('仮パスワード: pT7-x9Qe-42Lm');
    expect(text).toContain('有効期限: 2026-12-06 17:30 (Asia/Tokyo)');
    expect(text).toContain('ログイン URL: https://console.acme.test/sign-in');
  });
});

describe('the email changed mail', () => {
  it.each([
    ['en', 'Previous address: hanako@old.test\nNew address: hanako@new.test'],
    ['ja', '変更前: hanako@old.test\n変更後: hanako@new.test'],
  ] as const)('names the old and the new address in %s', (language, addresses) => {
    const { text } = render(emailChanged, language);

    expect(text).toContain(addresses);
    expect(text).toContain('https://console.acme.test/sign-in');
  });
});

describe('the group administrator request mail to support', () => {
  it('lists the request, the organization, both accounts and the reason in English', () => {
    const { subject, text } = render(request, 'en');

    expect(subject).toBe('[Acme Mail] Group administrator request from CL00042');
    expect(text).toContain(
      [
        'Request number: req-7f3a',
        'Client number: CL00042',
        'Organization: Sato Trading',
        'Requested by: admin@sato.test',
        'Account: taro@sato.test',
        'Change: grant the role',
      ].join('\n'),
    );
    expect(text).toContain('Reason given:\nTaro takes over the account settings\nfrom next month.');
  });

  it('lists the same in Japanese and words a revocation as one', () => {
    const { subject, text } = render(
      { ...request, params: { ...request.params, change: 'revoke' } } as MailContent,
      'ja',
    );

    expect(subject).toBe('[Acme Mail] グループ管理者の変更依頼 (CL00042)');
    expect(text).toContain('依頼番号: req-7f3a');
    expect(text).toContain('対象アカウント: taro@sato.test');
    expect(text).toContain('変更内容: 権限の解除');
    expect(text).toContain('依頼の理由:\nTaro takes over');
  });
});

describe('the group administrator request outcome mail', () => {
  it.each([
    ['en', outcome('grant', 'granted', null), 'taro@sato.test is now a group administrator.'],
    [
      'en',
      outcome('revoke', 'revoked', null),
      'taro@sato.test is no longer a group administrator.',
    ],
    ['en', outcome('grant', 'closed', null), 'without changing the role of taro@sato.test'],
    ['ja', outcome('grant', 'granted', null), 'taro@sato.test はグループ管理者になりました。'],
    [
      'ja',
      outcome('revoke', 'revoked', null),
      'taro@sato.test はグループ管理者ではなくなりました。',
    ],
    ['ja', outcome('grant', 'closed', null), 'taro@sato.test の権限は変更せずに'],
  ] as const)('in %s says what support decided', (language, content, sentence) => {
    expect(render(content, language).text).toContain(sentence);
  });

  it('quotes the remark of support only when there is one', () => {
    const withRemark = render(
      outcome('grant', 'closed', 'Please ask from the owner account.'),
      'en',
    );
    const withoutRemark = render(outcome('grant', 'closed', null), 'en');

    expect(withRemark.text).toContain('Remark from support:\nPlease ask from the owner account.');
    expect(withoutRemark.text).not.toContain('Remark');
    expect(render(outcome('grant', 'closed', '確認できませんでした'), 'ja').text).toContain(
      'サポートからのコメント:\n確認できませんでした',
    );
  });
});
