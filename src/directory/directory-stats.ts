/**
 * What the directory holds, for the coordinator: records per service type and per département, and how old
 * each source is, with the records whose facts are older than the chosen age. Pure: today is given.
 *
 * Example:
 * ```ts
 * directoryStats(directory.services, imported, { today: '2026-11-22', maxAgeMonths: 36, departementOf })
 * // → { total: 13412, byType: [{ type: 'cmp', records: 3120, … }], byDepartement: […], sources: […] }
 * ```
 */
import { SERVICE_TYPES, type ServiceType } from '../orientation/situation.js';
import type { LocatedService } from './directory.js';
import { daysOld, isOlderThan } from './freshness.js';
import type { ImportedSummary } from './imported-store.js';

export interface TypeCount {
  type: ServiceType;
  records: number;
  /** Records offered only as where to ask (public hospitals for `pass`). */
  inferred: number;
  olderThanMax: number;
}

export interface DepartementCount {
  /** A département code, "national", or "?" for a record whose zone names no département. */
  departement: string;
  records: number;
  byType: Partial<Record<ServiceType, number>>;
}

export interface SourceAge {
  source: string;
  records: number;
  /** The imported source's extraction date, or the newest `date_maj` of the content's records. */
  asOf: string;
  ageDays: number | null;
  oldest: string;
  olderThanMax: number;
  imported: boolean;
}

export interface DirectoryStats {
  today: string;
  maxAgeMonths: number;
  total: number;
  byType: TypeCount[];
  byDepartement: DepartementCount[];
  sources: SourceAge[];
}

export interface StatsOptions {
  today: string;
  maxAgeMonths: number;
  /** The département of a zone code (commune INSEE, EPCI SIREN or département), or null. */
  departementOfZone(code: string): string | null;
}

function departementOf(service: LocatedService, zoneDepartement: StatsOptions['departementOfZone']): string {
  const { location } = service;
  if (location.national) return 'national';
  if (location.commune) return location.commune.departement;
  for (const code of location.zone ?? []) {
    const found = zoneDepartement(code);
    if (found) return found;
  }
  return '?';
}

/** Départements in the order people read them: 01 … 19, 2A, 2B, 21 … 95, 971 …; then national, then "?". */
function compareDepartements(a: string, b: string): number {
  const rank = (code: string): string =>
    code === 'national'
      ? '~1'
      : code === '?'
        ? '~2'
        : code.replace(/^2A$/, '20A').replace(/^2B$/, '20B').padEnd(3, ' ');
  const [x, y] = [rank(a), rank(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

export function directoryStats(
  services: readonly LocatedService[],
  imported: readonly ImportedSummary[],
  options: StatsOptions,
): DirectoryStats {
  const types = new Map<ServiceType, TypeCount>();
  const departements = new Map<string, DepartementCount>();
  const sources = new Map<string, SourceAge>();
  const extraction = new Map(imported.map((summary) => [summary.source, summary.extractedOn]));

  for (const service of services) {
    const { record } = service;
    const old = isOlderThan(record.date_maj, options.today, options.maxAgeMonths);

    const type = types.get(record.aiguillage_type) ?? {
      type: record.aiguillage_type,
      records: 0,
      inferred: 0,
      olderThanMax: 0,
    };
    type.records += 1;
    if (record.aiguillage_inferred) type.inferred += 1;
    if (old) type.olderThanMax += 1;
    types.set(record.aiguillage_type, type);

    const code = departementOf(service, options.departementOfZone);
    const departement = departements.get(code) ?? { departement: code, records: 0, byType: {} };
    departement.records += 1;
    departement.byType[record.aiguillage_type] = (departement.byType[record.aiguillage_type] ?? 0) + 1;
    departements.set(code, departement);

    let source = sources.get(record.source);
    if (!source) {
      source = {
        source: record.source,
        records: 0,
        asOf: extraction.get(record.source) ?? record.date_maj,
        ageDays: null,
        oldest: record.date_maj,
        olderThanMax: 0,
        imported: service.imported,
      };
      sources.set(record.source, source);
    }
    source.records += 1;
    if (!extraction.has(record.source) && record.date_maj > source.asOf) source.asOf = record.date_maj;
    if (record.date_maj < source.oldest) source.oldest = record.date_maj;
    if (old) source.olderThanMax += 1;
  }
  for (const source of sources.values()) source.ageDays = daysOld(source.asOf, options.today);

  const typeOrder = (type: ServiceType): number => SERVICE_TYPES.indexOf(type);
  return {
    today: options.today,
    maxAgeMonths: options.maxAgeMonths,
    total: services.length,
    byType: [...types.values()].sort((a, b) => typeOrder(a.type) - typeOrder(b.type)),
    byDepartement: [...departements.values()].sort((a, b) =>
      compareDepartements(a.departement, b.departement),
    ),
    sources: [...sources.values()].sort(
      (a, b) => Number(b.imported) - Number(a.imported) || a.source.localeCompare(b.source),
    ),
  };
}
