import { describe, expect, it } from 'vitest';
import {
  COMMON_PASSWORDS,
  DUMMY_HASH,
  generateTemporaryPassword,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from './passwords.ts';

const context = {
  email: 'hanako.sato@example.com',
  name: 'Hanako Sato',
  organizationName: 'Bluefin Logistics',
  serviceName: 'Mailroom',
};

describe('password rules', () => {
  it('accepts 12 to 128 characters and refuses 11 and 129', () => {
    expect(passwordProblem('kv8-tr2w-qn7', context)).toBeNull();
    expect(passwordProblem('kv8-tr2w-qn7'.slice(0, 11), context)).toBe('password_too_short');
    expect(passwordProblem('kv8-tr2w-qn7'.repeat(11).slice(0, 128), context)).toBeNull();
    expect(passwordProblem('kv8-tr2w-qn7'.repeat(11).slice(0, 129), context)).toBe(
      'password_too_long',
    );
  });

  it('counts code points, so twelve emoji or kanji are enough', () => {
    const emoji = '🐟🐠🐡🦈🐙🦑🦀🦞🦐🐚🪸🐳';
    const kanji = '東京特許許可局長今日急遽休暇';

    expect(emoji.length).toBe(24);
    expect(passwordProblem(emoji, context)).toBeNull();
    expect(passwordProblem(kanji, context)).toBeNull();
    expect(passwordProblem('🐟'.repeat(11), context)).toBe('password_too_short');
  });

  it('checks the password exactly as typed: spaces count and are kept', () => {
    expect(passwordProblem('  tiny pass ', context)).toBeNull();
    expect(passwordProblem(' tiny pass ', context)).toBe('password_too_short');
  });

  it('needs no mix of character kinds', () => {
    expect(passwordProblem('gravelroadsunset', context)).toBeNull();
  });

  it('refuses passwords from a list of at least 3,000 common ones, in any case', () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(3000);
    expect(passwordProblem('qwerty123456', context)).toBe('password_common');
    expect(passwordProblem('QWERTY123456', context)).toBe('password_common');
    expect(passwordProblem('1q2w3e4r5t6y', context)).toBe('password_common');
  });

  it.each([
    ['the email', 'my hanako.sato@example.com!'],
    ['the email local part', 'HANAKO.SATO-is-here'],
    ['a word of the name', 'hanako-likes-tea'],
    ['the organization name', 'bluefin logistics rocks'],
    ['a word of the organization name', 'logistics-are-hard'],
    ['the service name', 'my-mailroom-password'],
  ])('refuses a password containing %s', (_part, password) => {
    expect(passwordProblem(password, context)).toBe('password_personal');
  });

  it('ignores personal parts shorter than four characters', () => {
    const shortName = { ...context, name: 'Al Li', email: 'al@example.com' };

    expect(passwordProblem('al-li-al-li-trees', shortName)).toBeNull();
  });
});

describe('password hashes', () => {
  it('are argon2id with OWASP parameters written into the hash', async () => {
    const passwordHash = await hashPassword('gravelroadsunset');

    expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(passwordHash, 'gravelroadsunset')).toBe(true);
    expect(await verifyPassword(passwordHash, 'gravelroadsunseT')).toBe(false);
  });

  it('the dummy hash has the same parameters and matches no password', async () => {
    expect(DUMMY_HASH).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(DUMMY_HASH, '')).toBe(false);
  });

  it('a malformed hash verifies nothing instead of failing', async () => {
    expect(await verifyPassword('not a hash', 'gravelroadsunset')).toBe(false);
  });
});

describe('temporary passwords', () => {
  it('are 16 readable random characters in four groups, different every time', () => {
    const passwords = Array.from({ length: 200 }, generateTemporaryPassword);

    for (const password of passwords) {
      expect(password).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{4}(-[a-km-np-zA-HJ-NP-Z2-9]{4}){3}$/);
    }
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  it('carry at least 80 bits: 16 draws from 56 characters', () => {
    const seen = new Set(
      Array.from({ length: 400 }, generateTemporaryPassword).join('').replaceAll('-', ''),
    );

    expect(seen.size).toBe(56);
    expect(16 * Math.log2(seen.size)).toBeGreaterThanOrEqual(80);
  });
});
