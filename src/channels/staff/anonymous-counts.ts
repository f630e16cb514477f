/**
 * Anonymous counts for the coordinator: for each month × need × rights × département, how many triages, which
 * service types were recommended, and where no local service was found (gaps). A triage adds one to its
 * `type: "*"` row and one to the row of each type it recommended; nothing links rows to one another or to a
 * person.
 */
import type { OrientResult } from '../../orientation/orient.js';
import type { CountKey, CountRow } from '../../sessions/staff-state-store.js';
import { isGap } from './triage.js';

export const ALL_TYPES = '*';
const UNKNOWN = 'unknown';

interface Counted {
  need?: unknown;
  rights?: unknown;
}

function code(value: unknown): string {
  return typeof value === 'string' && /^[a-z-]{1,40}$/.test(value) ? value : UNKNOWN;
}

export function countKeys(situation: Counted, result: OrientResult, month: string): CountKey[] {
  const base = {
    month,
    need: code(situation.need),
    rights: code(situation.rights),
    departement: result.place?.status === 'found' ? result.place.departement.code : UNKNOWN,
  };
  const byType = new Map<string, boolean>();
  for (const r of result.recommendations) byType.set(r.type, (byType.get(r.type) ?? false) || isGap(r));
  return [
    { ...base, type: ALL_TYPES, gap: false },
    ...[...byType].map(([type, gap]) => ({ ...base, type, gap })),
  ];
}

const COLUMNS = ['month', 'need', 'rights', 'departement', 'type', 'gap', 'count'] as const;

/** RFC 4180 CSV; every value is a code or a number, but quoting stays correct whatever a future code holds. */
export function countsCsv(rows: readonly CountRow[]): string {
  const cell = (value: string | number | boolean): string => {
    const text = String(value);
    // A leading = + - @ would be read as a formula by a spreadsheet.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => cell(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
