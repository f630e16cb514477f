/**
 * What a person should know before going to a service: what it costs, whether an appointment is needed,
 * what to bring. Pure, no I/O. The defaults per service type come from `content/practical.yaml` (edited by
 * the coordinator, every entry with its sources); the words from `locales/<lang>/practical.json`.
 *
 * A directory record's own data·inclusion fields win over its type's default when present: `frais` and
 * `frais_precisions` give the cost, `mobilisation_precisions` the appointment, and `conditions_acces` is added
 * to what to bring. The record's free text is shown as given (in French), and the record becomes the first
 * source. A record offered only as where to ask (`aiguillage_inferred`, e.g. a hospital from FINESS for
 * `pass`) says nothing about the service itself: its fields are not used.
 *
 * Example:
 * ```ts
 * const { table } = parsePractical(parseYaml(readFileSync('content/practical.yaml', 'utf8')));
 * practicalFor('cjc', null, table!, translator('fr'))
 * // → { cost: 'Gratuit.', appointment: 'Sur rendez-vous.', bring: ["Aucun papier n'est demandé."],
 * //     sources: ['https://www.pass-santejeunes-…', 'seeds/001_28dd29ea95f382ce.txt L.409 (…)', …] }
 * practicalFor('cegidd', { id: 'x', frais: 'gratuit', frais_precisions: 'Sauf vaccins.', … }, table!, t)
 * // → { cost: 'Gratuit. Sauf vaccins.', …, sources: ['record x (https://…)', …] }
 * ```
 */
import type { ServiceRecord } from '../directory/service-record.js';
import { SERVICE_TYPES, type ServiceType } from './situation.js';
import type { Translate } from './translate.js';

/** The locale namespace of the texts: `practical:cost.free`. */
export const PRACTICAL_NAMESPACE = 'practical';

/** One type's defaults: keys of `practical.json` (`cost.*`, `appointment.*`, `bring.*`) and where they come from. */
export interface PracticalEntry {
  cost: string;
  appointment: string;
  bring: string[];
  sources: string[];
}

export type PracticalTable = Record<ServiceType, PracticalEntry>;

/** The texts for one recommendation, in the language of the `Translate` given. */
export interface Practical {
  cost: string;
  appointment: string;
  bring: string[];
  sources: string[];
}

/** A problem in the table, located by type (`record`) and field (`cost`, `bring/1`, `sources/0`). */
export interface PracticalIssue {
  record?: string;
  field?: string;
  message: string;
}

const FIELDS = ['cost', 'appointment', 'bring', 'sources'] as const;
/** A key is a plain i18n key segment: no dot, no colon, nothing a lookup would read as a path. */
const KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKey(value: unknown, record: string, field: string, issues: PracticalIssue[]): value is string {
  if (typeof value !== 'string') {
    issues.push({ record, field, message: 'must be a key (a string) of practical.json' });
    return false;
  }
  if (!KEY.test(value)) {
    issues.push({ record, field, message: `"${value}" is not a key: use lowercase words joined by "-"` });
    return false;
  }
  return true;
}

function checkEntry(type: string, raw: unknown, issues: PracticalIssue[]): PracticalEntry | null {
  if (!isObject(raw)) {
    issues.push({ record: type, message: 'must be a map with cost, appointment, bring and sources' });
    return null;
  }
  const before = issues.length;
  for (const field of Object.keys(raw)) {
    if (!(FIELDS as readonly string[]).includes(field)) {
      issues.push({ record: type, field, message: `is not a known field (${FIELDS.join(', ')})` });
    }
  }
  const { cost, appointment, bring, sources } = raw;
  checkKey(cost, type, 'cost', issues);
  checkKey(appointment, type, 'appointment', issues);
  if (!Array.isArray(bring)) {
    issues.push({ record: type, field: 'bring', message: 'must be a list of keys (it may be empty: [])' });
  } else {
    bring.forEach((key, i) => checkKey(key, type, `bring/${i}`, issues));
    const seen = new Set<unknown>();
    bring.forEach((key, i) => {
      if (seen.has(key))
        issues.push({ record: type, field: `bring/${i}`, message: `"${String(key)}" is listed twice` });
      seen.add(key);
    });
  }
  if (!Array.isArray(sources) || sources.length === 0) {
    issues.push({
      record: type,
      field: 'sources',
      message: 'every entry says where it comes from: a seed file and line, or a URL of facts-fr-2026',
    });
  } else {
    sources.forEach((source, i) => {
      if (typeof source !== 'string' || source.trim() === '') {
        issues.push({ record: type, field: `sources/${i}`, message: 'must be a non-empty text' });
      }
    });
  }
  if (issues.length > before) return null;
  return {
    cost: cost as string,
    appointment: appointment as string,
    bring: bring as string[],
    sources: sources as string[],
  };
}

/** Validates the parsed `practical.yaml` (`{ types: { <type>: entry } }`), with located problems. */
export function checkPractical(raw: unknown): { table: PracticalTable | null; issues: PracticalIssue[] } {
  const issues: PracticalIssue[] = [];
  if (!isObject(raw) || !isObject(raw.types)) {
    return {
      table: null,
      issues: [{ field: 'types', message: 'must be a map of service type codes to entries' }],
    };
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'types') issues.push({ field: key, message: 'is not a known field (types)' });
  }
  const entries: Partial<PracticalTable> = {};
  for (const [type, value] of Object.entries(raw.types)) {
    if (!(SERVICE_TYPES as readonly string[]).includes(type)) {
      issues.push({ record: type, message: `is not a service type code of taxonomy.md` });
      continue;
    }
    const entry = checkEntry(type, value, issues);
    if (entry) entries[type as ServiceType] = entry;
  }
  for (const type of SERVICE_TYPES) {
    if (!(type in raw.types)) {
      issues.push({
        record: type,
        message: 'has no entry: every service type needs one (use "ask" where nothing is known)',
      });
    }
  }
  return { table: issues.length === 0 ? (entries as PracticalTable) : null, issues };
}

/** Validates the parsed `practical.yaml`; each problem reads "type › field: message". */
export function parsePractical(raw: unknown): { table: PracticalTable | null; problems: string[] } {
  const { table, issues } = checkPractical(raw);
  return {
    table,
    problems: issues.map((issue) => {
      const where = [issue.record, issue.field].filter(Boolean).join(' › ');
      return where ? `${where}: ${issue.message}` : issue.message;
    }),
  };
}

/** The locale keys an entry uses, with the field that names each: `{ field: 'bring/0', key: 'bring.identity' }`. */
export function practicalKeys(entry: PracticalEntry): Array<{ field: string; key: string }> {
  return [
    { field: 'cost', key: `cost.${entry.cost}` },
    { field: 'appointment', key: `appointment.${entry.appointment}` },
    ...entry.bring.map((key, i) => ({ field: `bring/${i}`, key: `bring.${key}` })),
  ];
}

/** Keys the code itself reads for record fields: they must exist in every language too. */
export const RECORD_KEYS = ['recordCost.gratuit', 'recordCost.payant', 'recordConditions'] as const;

/** A record's free text, trimmed and on one line (folded YAML keeps line breaks); null when empty. */
function given(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\s+/g, ' ').trim();
  return text === '' ? null : text;
}

function recordSource(record: ServiceRecord): string {
  const where = given(record.lien_source) ?? given(record.aiguillage_reference);
  return where ? `record ${record.id} (${where})` : `record ${record.id}`;
}

/**
 * What to tell the person about a recommendation of `type`, in the language of `t`: the type's defaults,
 * overridden by what the service's own record says.
 */
export function practicalFor(
  type: ServiceType,
  record: ServiceRecord | null,
  table: PracticalTable,
  t: Translate,
): Practical {
  const entry = table[type];
  const text = (key: string, vars?: Record<string, string>) => t(`${PRACTICAL_NAMESPACE}:${key}`, vars);
  let cost = text(`cost.${entry.cost}`);
  let appointment = text(`appointment.${entry.appointment}`);
  const bring = entry.bring.map((key) => text(`bring.${key}`));
  let fromRecord = false;

  const own = record && !record.aiguillage_inferred ? record : null;
  if (own) {
    const frais = own.frais === 'gratuit' || own.frais === 'payant' ? text(`recordCost.${own.frais}`) : null;
    const precisions = given(own.frais_precisions);
    if (frais || precisions) {
      cost = [frais, precisions].filter((part): part is string => part !== null).join(' ');
      fromRecord = true;
    }
    const mobilisation = given(own.mobilisation_precisions);
    if (mobilisation) {
      appointment = mobilisation;
      fromRecord = true;
    }
    const conditions = given(own.conditions_acces);
    if (conditions) {
      bring.push(text('recordConditions', { text: conditions }));
      fromRecord = true;
    }
  }
  return {
    cost,
    appointment,
    bring,
    sources: own && fromRecord ? [recordSource(own), ...entry.sources] : [...entry.sources],
  };
}
