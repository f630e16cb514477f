/**
 * Rules as data: priority-ordered decision tables loaded from `content/rules/`.
 *
 * ```yaml
 * table: national
 * rules:
 *   - id: R1-care-none
 *     when: { need: general-care, rights: none }
 *     recommend:
 *       - { type: pass-ville, reason: none-pass-ville, localOnly: true }
 *       - { type: pass, reason: none-pass }
 *     sources: ["seeds/001_28dd29ea95f382ce.txt L.416"]
 * ```
 */
import type { Condition } from './conditions.js';
import type { ServiceType } from './situation.js';

export interface RecommendItem {
  type: ServiceType;
  /** i18n key under `reason.` in locales/<lang>/orientation.json. */
  reason: string;
  /** Keep this item only when the condition holds. */
  if?: Condition;
  /** Keep this item only when the directory has a local (non-national) service of this type near the person. */
  localOnly?: boolean;
  /** Pin a directory record by id instead of choosing the nearest one of the type. */
  service?: string;
}

export type RuleMode = 'replace' | 'prepend' | 'append';

export interface Rule {
  id: string;
  description?: string;
  when: Condition;
  recommend: RecommendItem[];
  /** Seed document and line, or a public text, for every rule. */
  sources: string[];
  /** Territory rules only: how the rule combines with the national result. */
  mode?: RuleMode;
}

export interface Territory {
  name: string;
  communes?: string[];
  epci?: string[];
  departements?: string[];
}

export interface RuleTable {
  table: string;
  description?: string;
  territory?: Territory;
  rules: Rule[];
  /** Where the table was loaded from, for error messages. */
  file: string;
}

export interface RuleSet {
  redFlags: RuleTable;
  national: RuleTable;
  territories: RuleTable[];
}
