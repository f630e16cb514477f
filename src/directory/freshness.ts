/**
 * How old a record's facts are, from its `date_maj` to today. Staff see records older than a chosen number of
 * months flagged `toVerify` (call before sending someone); `directory stats` counts them. Pure: today is given.
 *
 * Example:
 * ```ts
 * isOlderThan('2023-05-12', '2026-05-12', 36); // false: exactly 36 months is not older
 * isOlderThan('2023-05-12', '2026-05-13', 36); // true
 * ```
 */

/** Records whose facts are older than this many months are flagged to staff, unless configured otherwise. */
export const DEFAULT_VERIFY_AFTER_MONTHS = 36;

export interface Freshness {
  verifyAfterMonths: number;
}

function parts(date: string): [number, number, number] | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** True when `date` is more than `months` months before `today`; false when either is not a date. */
export function isOlderThan(date: string, today: string, months: number): boolean {
  const from = parts(date);
  if (!from || !parts(today)) return false;
  const shifted = from[0] * 12 + (from[1] - 1) + months;
  // "2026-02-31" sorts between February and March, as the day it stands for would.
  const limit = `${Math.floor(shifted / 12)}-${pad((shifted % 12) + 1)}-${pad(from[2])}`;
  return limit < today.slice(0, 10);
}

/** Days from `date` to `today` (both YYYY-MM-DD), for a source's age. */
export function daysOld(date: string, today: string): number | null {
  const from = Date.parse(`${date.slice(0, 10)}T00:00:00Z`);
  const to = Date.parse(`${today.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(from) || Number.isNaN(to) ? null : Math.round((to - from) / 86_400_000);
}
