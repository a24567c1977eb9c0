import { formatDateTime } from '../contract/locale.ts';

/*
 * Text for a terminal: aligned columns, dates in UTC. Scripts should read `--json` instead,
 * which keeps every field and ISO 8601 timestamps.
 */

/**
 * Rows under a header, columns aligned. Wide characters (kanji, kana) take two cells, so
 * Japanese names line up too.
 *
 * @example table(['name', 'plan'], [['Acme', 'pro']]) // 'name  plan\nAcme  pro'
 */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(cellWidth(title), ...rows.map((row) => cellWidth(row[column] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1
          ? cell
          : cell + ' '.repeat((widths[column] ?? 0) - cellWidth(cell)),
      )
      .join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

// East Asian wide and fullwidth ranges: Hangul Jamo, CJK, Hangul syllables, fullwidth forms.
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

function cellWidth(text: string): number {
  let width = 0;
  for (const character of text) width += WIDE.test(character) ? 2 : 1;
  return width;
}

/** `2026-12-03 08:00 UTC`, or `never` for a missing time. */
export function utc(iso: string | null): string {
  return iso === null ? 'never' : `${formatDateTime(iso, 'UTC')} UTC`;
}

/** `yes` or `no`. */
export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
