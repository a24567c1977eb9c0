/** Languages and time zones accepted everywhere: allow-lists, never free text. */

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Picks English or Japanese from an Accept-Language header or `navigator.languages`. */
export function languageFromPreferences(
  preferences: readonly string[] | string | undefined,
): Language {
  const list =
    typeof preferences === 'string'
      ? preferences.split(',').map((part) => part.split(';')[0]?.trim() ?? '')
      : (preferences ?? []);
  for (const tag of list) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

let zones: ReadonlySet<string> | undefined;

/** Every IANA zone the runtime knows, plus UTC, which some runtimes leave out of the list. */
export function timeZones(): readonly string[] {
  return [...timeZoneSet()].sort();
}

function timeZoneSet(): ReadonlySet<string> {
  zones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
  return zones;
}

export function isTimeZone(value: unknown): value is string {
  return typeof value === 'string' && timeZoneSet().has(value);
}

// Building a formatter costs far more than using one; a CSV export formats thousands of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `2026-12-03 17:28` in the given zone: the one date format of screens, mails and CSV files. */
export function formatDateTime(iso: string | Date, timeZone: string): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  for (const part of formatterFor(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
