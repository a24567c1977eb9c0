/** The time source of services, replaceable in tests that need to move time forward. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** `date` plus `milliseconds`, as the ISO 8601 UTC text the database stores. */
export function isoAfter(date: Date, milliseconds: number): string {
  return new Date(date.getTime() + milliseconds).toISOString();
}
