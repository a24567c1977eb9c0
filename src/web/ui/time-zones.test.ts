import { describe, expect, it } from 'vitest';
import { utcOffset, zoneChoices } from './time-zones.ts';

const january = new Date('2026-01-15T12:00:00Z');
const july = new Date('2026-07-15T12:00:00Z');

describe('zoneChoices', () => {
  it('reads underscores as spaces and keeps the IANA id the server accepts', () => {
    expect(zoneChoices(['America/New_York'], january)).toEqual([
      { id: 'America/New_York', name: 'America/New York', offset: 'UTC-05:00' },
    ]);
  });
});

describe('utcOffset', () => {
  it('gives the offset in effect at the moment, summer time included', () => {
    expect(utcOffset('Europe/Berlin', january)).toBe('UTC+01:00');
    expect(utcOffset('Europe/Berlin', july)).toBe('UTC+02:00');
  });

  it('gives half-hour offsets, and zero for UTC', () => {
    expect(utcOffset('Asia/Kolkata', january)).toBe('UTC+05:30');
    expect(utcOffset('UTC', january)).toBe('UTC+00:00');
  });
});
