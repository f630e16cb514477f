/**
 * Merging a data·inclusion export into a territory's directory file. Pure: the command reads and writes.
 * Records are identified by source + id (data·inclusion ids are unique per producer); a record already in
 * the file is replaced by the newer one, a record owned by another directory file is left alone.
 */
import type { ServiceType } from '../orientation/situation.js';
import type { ServiceRecord } from './service-record.js';

export interface MergeReport {
  records: ServiceRecord[];
  added: number;
  updated: number;
  unchanged: number;
  /** Ids that another directory file already holds. */
  elsewhere: string[];
}

export const keyOf = (record: { source?: unknown; id?: unknown }): string =>
  `${String(record.source)}|${String(record.id)}`;

/** data·inclusion API pages are `{ items: [...] }`; dataset files are plain lists. */
export function servicesInExport(content: unknown): unknown[] | null {
  if (Array.isArray(content)) return content;
  if (typeof content === 'object' && content !== null) {
    for (const key of ['items', 'services', 'results']) {
      const list = (content as Record<string, unknown>)[key];
      if (Array.isArray(list)) return list;
    }
  }
  return null;
}

/** Gives records without a service type the one the coordinator chose for this import. */
export function withType(raw: unknown, type: ServiceType | undefined): unknown {
  if (typeof raw !== 'object' || raw === null || type === undefined) return raw;
  const record = raw as Record<string, unknown>;
  return record.aiguillage_type === undefined ? { ...record, aiguillage_type: type } : record;
}

export function mergeImported(
  existing: readonly ServiceRecord[],
  incoming: readonly ServiceRecord[],
  otherKeys: ReadonlySet<string>,
): MergeReport {
  const byKey = new Map(existing.map((record) => [keyOf(record), record]));
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  const elsewhere: string[] = [];
  for (const record of incoming) {
    const key = keyOf(record);
    if (otherKeys.has(key)) {
      elsewhere.push(record.id);
      continue;
    }
    const previous = byKey.get(key);
    if (!previous) added += 1;
    else if (JSON.stringify(previous) === JSON.stringify(record)) unchanged += 1;
    else updated += 1;
    byKey.set(key, record);
  }
  const records = [...byKey.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { records, added, updated, unchanged, elsewhere };
}
