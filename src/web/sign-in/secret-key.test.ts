import { describe, expect, it } from 'vitest';
import { groupSecretKey, normalizeCode } from './secret-key.ts';

describe('groupSecretKey', () => {
  it('shows a 32-character key in eight groups of four', () => {
    expect(groupSecretKey('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toBe(
      'GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ',
    );
  });

  it('leaves a shorter last group when the length is not a multiple of four', () => {
    expect(groupSecretKey('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});

describe('normalizeCode', () => {
  it('drops the space some authenticator apps show in the middle of a code', () => {
    expect(normalizeCode(' 123 456 ')).toBe('123456');
  });
});
