/**
 * Which FINESS establishment categories become which service types: the coordinator's mapping
 * (`content/finess-categories.yaml`), checked with messages that name the file, the category and the field.
 * A category that is not listed is skipped by the import (and counted). Pure.
 *
 * Example (YAML):
 * ```yaml
 * - code: "156"
 *   label: Centre Médico-Psychologique (C.M.P.)
 *   type: cmp
 *   byName:
 *     - { words: [ENFANTS, INFANTO, JUVENILE], type: cmpp }
 * - code: "355"
 *   label: Centre Hospitalier (C.H.)
 *   type: pass
 *   inferred: true
 * ```
 */
import type { Problem } from '../../content/problem.js';
import { SERVICE_TYPES, type ServiceType } from '../../orientation/situation.js';

export interface CategoryRule {
  code: string;
  /** The category's label in the FINESS nomenclature, for the people who read the mapping. */
  label: string;
  type: ServiceType;
  /**
   * The category does not prove the service exists: a public hospital is where to ask for a PASS, not a
   * confirmed PASS. Such records are offered only when no confirmed record of the type is near, and flagged.
   */
  inferred: boolean;
  /** A more precise type when the establishment's name has one of these words (FINESS has one CMP category). */
  byName: readonly { words: ReadonlySet<string>; type: ServiceType }[];
}

export type CategoryMapping = ReadonlyMap<string, CategoryRule>;

const isServiceType = (value: unknown): value is ServiceType =>
  (SERVICE_TYPES as readonly unknown[]).includes(value);

/** Upper case, without accents, split on anything but letters and digits: how FINESS names are compared. */
export function wordsOf(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

const KNOWN_KEYS = new Set(['code', 'label', 'type', 'inferred', 'byName']);

export function parseCategoryMapping(
  raw: unknown,
  file: string,
): { mapping: CategoryMapping; problems: Problem[] } {
  const problems: Problem[] = [];
  const mapping = new Map<string, CategoryRule>();
  if (!Array.isArray(raw)) {
    problems.push({ file, message: 'must be a list of categories (code, label, type)', severity: 'error' });
    return { mapping, problems };
  }
  raw.forEach((entry: unknown, index) => {
    const where = (record: string, field: string, message: string): void => {
      problems.push({ file, record, field, message, severity: 'error' });
    };
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      where(`#${index + 1}`, '', 'must be a map with code, label and type');
      return;
    }
    const item = entry as Record<string, unknown>;
    const code = typeof item.code === 'number' ? String(item.code) : item.code;
    const name = typeof code === 'string' ? code : `#${index + 1}`;
    if (typeof code !== 'string' || !/^\d{3}$/.test(code)) {
      where(name, 'code', 'must be a FINESS category code of three digits, in quotes: "156"');
      return;
    }
    if (mapping.has(code)) where(name, 'code', 'is listed twice');
    for (const key of Object.keys(item)) {
      if (!KNOWN_KEYS.has(key)) where(name, key, `unknown field; expected ${[...KNOWN_KEYS].join(', ')}`);
    }
    if (typeof item.label !== 'string' || item.label.trim() === '') where(name, 'label', 'is required');
    if (!isServiceType(item.type))
      where(name, 'type', `must be a service type code of taxonomy.md, not ${JSON.stringify(item.type)}`);
    if (item.inferred !== undefined && typeof item.inferred !== 'boolean')
      where(name, 'inferred', 'must be true or false');
    const byName: { words: ReadonlySet<string>; type: ServiceType }[] = [];
    if (item.byName !== undefined) {
      if (!Array.isArray(item.byName)) where(name, 'byName', 'must be a list of { words, type }');
      else
        item.byName.forEach((rule: unknown, i) => {
          const { words, type } = (typeof rule === 'object' && rule !== null ? rule : {}) as Record<
            string,
            unknown
          >;
          if (!Array.isArray(words) || words.length === 0 || !words.every((w) => typeof w === 'string'))
            where(name, `byName/${i}/words`, 'must be a list of words');
          else if (!isServiceType(type))
            where(name, `byName/${i}/type`, `must be a service type code, not ${JSON.stringify(type)}`);
          else byName.push({ words: new Set(words.flatMap((w: string) => wordsOf(w))), type });
        });
    }
    if (isServiceType(item.type) && typeof item.label === 'string') {
      mapping.set(code, {
        code,
        label: item.label.trim(),
        type: item.type,
        inferred: item.inferred === true,
        byName,
      });
    }
  });
  return { mapping, problems };
}

/** The service type of an establishment of this category, its names considered. */
export function serviceTypeOf(rule: CategoryRule, names: readonly string[]): ServiceType {
  if (rule.byName.length === 0) return rule.type;
  const words = new Set(names.flatMap(wordsOf));
  for (const refinement of rule.byName) {
    for (const word of refinement.words) if (words.has(word)) return refinement.type;
  }
  return rule.type;
}
