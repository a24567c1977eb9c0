import { describe, expect, it } from 'vitest';
import { formatDateTime, isTimeZone, languageFromPreferences, timeZones } from './locale.ts';

describe('dates in the reader’s time zone', () => {
  it.each([
    ['2026-12-03T08:28:00.000Z', 'UTC', '2026-12-03 08:28'],
    ['2026-12-03T08:28:00.000Z', 'Asia/Tokyo', '2026-12-03 17:28'],
    ['2026-12-03T20:07:59.999Z', 'Asia/Tokyo', '2026-12-04 05:07'],
    ['2026-07-01T12:00:00.000Z', 'America/New_York', '2026-07-01 08:00'],
    ['2026-12-01T12:00:00.000Z', 'America/New_York', '2026-12-01 07:00'],
    ['2026-03-08T06:59:00.000Z', 'America/New_York', '2026-03-08 01:59'],
    ['2026-03-08T07:00:00.000Z', 'America/New_York', '2026-03-08 03:00'],
    ['2026-12-03T00:00:00.000Z', 'Asia/Kolkata', '2026-12-03 05:30'],
    ['2026-12-03T00:00:00.000Z', 'Pacific/Chatham', '2026-12-03 13:45'],
    ['2026-12-31T23:30:00.000Z', 'Europe/London', '2026-12-31 23:30'],
  ])('writes %s in %s as %s', (iso, timeZone, expected) => {
    expect(formatDateTime(iso, timeZone)).toBe(expected);
    expect(formatDateTime(new Date(iso), timeZone)).toBe(expected);
  });

  it('shows midnight as 00, never 24', () => {
    expect(formatDateTime('2026-12-02T15:00:00.000Z', 'Asia/Tokyo')).toBe('2026-12-03 00:00');
  });
});

describe('the allow-lists', () => {
  it('know every IANA zone of the runtime, UTC included, and nothing else', () => {
    expect(timeZones().length).toBeGreaterThan(300);
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('asia/tokyo')).toBe(false);
    expect(isTimeZone(42)).toBe(false);
  });

  it('pick Japanese or English from the browser’s preferences, English otherwise', () => {
    expect(languageFromPreferences('ja-JP,ja;q=0.9,en;q=0.8')).toBe('ja');
    expect(languageFromPreferences('fr-FR,en-US;q=0.8,ja;q=0.5')).toBe('en');
    expect(languageFromPreferences(['de-DE', 'ja'])).toBe('ja');
    expect(languageFromPreferences('fr')).toBe('en');
    expect(languageFromPreferences(undefined)).toBe('en');
  });
});
