import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../contract/locale.ts';
import { dateTimeFormatter } from './csv-file.ts';

describe('the date formatter of CSV files', () => {
  it.each(['UTC', 'Asia/Tokyo', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'])(
    'writes every date in %s exactly as formatDateTime does',
    (timeZone) => {
      const format = dateTimeFormatter(timeZone);
      // Across a year, every 7 hours 13 minutes: daylight saving changes and midnights included.
      for (let time = Date.UTC(2026, 0, 1); time < Date.UTC(2027, 0, 1); time += 26_000_000) {
        const iso = new Date(time).toISOString();
        expect(format(iso)).toBe(formatDateTime(iso, timeZone));
      }
    },
  );
});
