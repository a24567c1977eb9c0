import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { newTotpSecret, totpCode, totpStep, totpUri, verifyTotpCode } from './totp.ts';

// RFC 6238 Appendix B: seed "12345678901234567890" (ASCII) for SHA-1.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: Array<[seconds: number, code: string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

/** Debian's oathtool, an implementation independent of ours, at a given time. */
function oathtool(secret: string, time: Date, digits: number): string {
  const when = `${time
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')} UTC`;
  return execFileSync('oathtool', ['--totp', '-b', '-d', String(digits), '--now', when, secret], {
    encoding: 'utf8',
  }).trim();
}

describe('TOTP codes', () => {
  it.each(RFC_VECTORS)('gives the RFC 6238 8-digit code at %i seconds', (seconds, code) => {
    expect(totpCode(RFC_SECRET, totpStep(new Date(seconds * 1000)), 8)).toBe(code);
  });

  it.each(RFC_VECTORS)(
    'gives the last six digits as the 6-digit code at %i seconds',
    (seconds, code) => {
      expect(totpCode(RFC_SECRET, totpStep(new Date(seconds * 1000)))).toBe(code.slice(2));
    },
  );

  it.each(RFC_VECTORS)('agrees with oathtool at %i seconds', (seconds) => {
    const time = new Date(seconds * 1000);
    expect(totpCode(RFC_SECRET, totpStep(time))).toBe(oathtool(RFC_SECRET, time, 6));
    expect(totpCode(RFC_SECRET, totpStep(time), 8)).toBe(oathtool(RFC_SECRET, time, 8));
  });

  it('accepts a code oathtool made from a new secret', () => {
    const secret = newTotpSecret();
    const now = new Date('2026-12-03T08:00:10Z');

    expect(verifyTotpCode(secret, oathtool(secret, now, 6), null, now)).toEqual({
      ok: true,
      step: totpStep(now),
    });
  });
});

describe('new TOTP secrets', () => {
  it('are 160 bits in base32 without padding, different every time', () => {
    const secrets = Array.from({ length: 20 }, newTotpSecret);

    for (const secret of secrets) expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(new Set(secrets).size).toBe(secrets.length);
  });
});

describe('checking a code', () => {
  const now = new Date('2026-12-03T08:00:10Z');
  const step = totpStep(now);

  it('accepts the codes of one step before and after, not two', () => {
    expect(verifyTotpCode(RFC_SECRET, totpCode(RFC_SECRET, step - 1), null, now)).toEqual({
      ok: true,
      step: step - 1,
    });
    expect(verifyTotpCode(RFC_SECRET, totpCode(RFC_SECRET, step + 1), null, now)).toEqual({
      ok: true,
      step: step + 1,
    });
    expect(verifyTotpCode(RFC_SECRET, totpCode(RFC_SECRET, step - 2), null, now)).toEqual({
      ok: false,
    });
    expect(verifyTotpCode(RFC_SECRET, totpCode(RFC_SECRET, step + 2), null, now)).toEqual({
      ok: false,
    });
  });

  it('refuses a code whose step was already accepted, or an earlier one', () => {
    const code = totpCode(RFC_SECRET, step);

    expect(verifyTotpCode(RFC_SECRET, code, step, now)).toEqual({ ok: false });
    expect(verifyTotpCode(RFC_SECRET, totpCode(RFC_SECRET, step - 1), step, now)).toEqual({
      ok: false,
    });
    expect(verifyTotpCode(RFC_SECRET, totpCode(RFC_SECRET, step + 1), step, now)).toEqual({
      ok: true,
      step: step + 1,
    });
  });

  it('refuses anything but six digits', () => {
    const code = totpCode(RFC_SECRET, step);

    expect(verifyTotpCode(RFC_SECRET, `${code} `, null, now)).toEqual({ ok: false });
    expect(verifyTotpCode(RFC_SECRET, `0${code}`, null, now)).toEqual({ ok: false });
    expect(verifyTotpCode(RFC_SECRET, '', null, now)).toEqual({ ok: false });
  });
});

describe('the otpauth URI', () => {
  it('names issuer and account in the label and repeats the issuer', () => {
    expect(totpUri('Mailroom', 'ann@example.com', RFC_SECRET)).toBe(
      `otpauth://totp/Mailroom:ann%40example.com?secret=${RFC_SECRET}&issuer=Mailroom`,
    );
  });

  it('strips colons from issuer and account, which would break the label', () => {
    const uri = totpUri('Mail: room', 'a:nn@example.com', RFC_SECRET);

    expect(uri).toBe(
      `otpauth://totp/Mail%20room:ann%40example.com?secret=${RFC_SECRET}&issuer=Mail%20room`,
    );
  });
});
