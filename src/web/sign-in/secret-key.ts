/**
 * A TOTP key as people copy it by hand: groups of four characters, `JBSW Y3DP EHPK 3PXP`.
 * Authenticator apps ignore the spaces.
 */
export function groupSecretKey(secret: string): string {
  return (secret.replace(/\s/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

/** What the user typed in a code field, without the spaces some apps show inside codes. */
export function normalizeCode(typed: string): string {
  return typed.replace(/\s/g, '');
}
