/** One entry of the time-zone list: the IANA id, a readable name and the current offset. */
export interface ZoneChoice {
  id: string;
  name: string;
  offset: string;
}

/**
 * The zones as a person searches them: `America/New_York` reads `America/New York`, with its
 * offset at `now` (`UTC-05:00`), since the offset is what tells two cities' zones apart.
 */
export function zoneChoices(zones: readonly string[], now: Date): ZoneChoice[] {
  return zones.map((id) => ({ id, name: id.replaceAll('_', ' '), offset: utcOffset(id, now) }));
}

/** `UTC+09:00`, `UTC-03:30`, `UTC+00:00` for a zone at a moment. */
export function utcOffset(zone: string, now: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(now)
    .find((part) => part.type === 'timeZoneName')?.value;
  // Runtimes write zero offset either as a bare `GMT` or as `GMT+00:00`; show one form.
  return name === undefined || name === 'GMT' ? 'UTC+00:00' : name.replace('GMT', 'UTC');
}
