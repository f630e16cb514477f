/**
 * Checks rule tables as loaded from YAML, before the engine trusts their shape. Every message names the
 * file, the rule and the field. Pure: the caller passes what it needs to cross-check (service ids, locale
 * keys, place codes).
 */
import { CONDITION_KEYS } from '../orientation/conditions.js';
import { matches } from '../orientation/conditions.js';
import type { Rule, RuleSet, RuleTable } from '../orientation/rule-table.js';
import { DANGERS, NEEDS, RIGHTS, SERVICE_TYPES, SUBSTANCES, type Need, type Rights } from '../orientation/situation.js';
import type { Problem } from './problem.js';

export interface RuleCrossCheck {
  /** Directory ids with their service type. */
  serviceTypes: ReadonlyMap<string, string>;
  /** Reason keys (without the `reason.` prefix) present in the French locale. */
  reasonKeys: ReadonlySet<string>;
  communeExists(code: string): boolean;
  epciExists(code: string): boolean;
  departementExists(code: string): boolean;
}

type Raw = Record<string, unknown>;

const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ENUMS: Record<string, readonly string[]> = {
  rights: RIGHTS,
  need: NEEDS,
  substance: SUBSTANCES,
  danger: DANGERS,
  lang: ['fr', 'en', 'ar', 'fr-x-falc'],
};
const BOOLEANS = new Set(['emergency', 'canWait', 'knownToCmp', 'precarious', 'forRelative']);

function checkCondition(value: unknown, at: string, report: (field: string, message: string) => void): void {
  if (!isObject(value)) {
    report(at, 'must be a map of situation fields, e.g. { need: general-care, rights: none }');
    return;
  }
  for (const [key, test] of Object.entries(value)) {
    const field = `${at}/${key}`;
    if (!CONDITION_KEYS.includes(key)) {
      report(field, `unknown situation field; expected one of ${CONDITION_KEYS.join(', ')}`);
      continue;
    }
    if (key === 'not') {
      checkCondition(test, field, report);
      continue;
    }
    if (key === 'age') {
      const values = Array.isArray(test) ? test : [test];
      const ok = isObject(test)
        ? Object.entries(test).every(([k, v]) => (k === 'unknown' ? typeof v === 'boolean' : (k === 'min' || k === 'max') && typeof v === 'number'))
        : values.every((v) => v === null || typeof v === 'number');
      if (!ok) report(field, 'must be a number, null, or a range { min, max, unknown }');
      continue;
    }
    const values = Array.isArray(test) ? test : [test];
    for (const candidate of values) {
      if (candidate === null) continue;
      if (BOOLEANS.has(key)) {
        if (typeof candidate !== 'boolean') report(field, `must be true, false or null, not ${JSON.stringify(candidate)}`);
      } else if (!ENUMS[key]?.includes(String(candidate)) || typeof candidate !== 'string') {
        report(field, `unknown value ${JSON.stringify(candidate)}; expected one of ${ENUMS[key]?.join(', ')}`);
      }
    }
  }
}

function checkRule(raw: unknown, index: number, table: Raw, file: string, check: RuleCrossCheck, problems: Problem[], ids: Set<string>): void {
  const record = isObject(raw) && typeof raw.id === 'string' ? raw.id : `rules/${index}`;
  const report = (field: string, message: string): void => {
    problems.push({ file, record, field, message, severity: "error" });
  };
  if (!isObject(raw)) return report('', 'each rule must be a map with id, when, recommend and sources');
  if (typeof raw.id !== 'string' || raw.id.trim() === '') report('id', 'is required');
  else if (ids.has(raw.id)) report('id', 'is used twice in this table');
  else ids.add(raw.id);
  if (raw.when === undefined) report('when', 'is required (use {} to match every situation)');
  else checkCondition(raw.when, 'when', report);
  if (raw.mode !== undefined) {
    if (table.table === 'red-flags') {
      // A crisis line comes before the ordinary answer (prepend) or the emergency answer replaces it.
      if (!['replace', 'prepend'].includes(String(raw.mode))) report('mode', 'a red flag must be replace or prepend');
    } else if (!table.territory) report('mode', 'only territory tables and red flags combine with the national result');
    else if (!['replace', 'prepend', 'append'].includes(String(raw.mode))) report('mode', 'must be replace, prepend or append');
  }
  if (!Array.isArray(raw.sources) || raw.sources.length === 0 || !raw.sources.every((s) => typeof s === 'string' && s.trim() !== '')) {
    report('sources', 'every rule cites at least one source (seed file and line, or a public text)');
  }
  if (!Array.isArray(raw.recommend) || raw.recommend.length === 0) {
    report('recommend', 'must list at least one service type');
    return;
  }
  raw.recommend.forEach((item: unknown, i: number) => {
    const at = `recommend/${i}`;
    if (!isObject(item)) return report(at, 'must be a map { type, reason }');
    for (const key of Object.keys(item)) {
      if (!['type', 'reason', 'if', 'localOnly', 'service'].includes(key)) report(`${at}/${key}`, 'unknown key; expected type, reason, if, localOnly, service');
    }
    if (!(SERVICE_TYPES as readonly unknown[]).includes(item.type)) {
      report(`${at}/type`, `unknown service type ${JSON.stringify(item.type)}; see taxonomy.md`);
    }
    if (typeof item.reason !== 'string' || item.reason === '') report(`${at}/reason`, 'is required');
    else if (!check.reasonKeys.has(item.reason)) report(`${at}/reason`, `no text "reason.${item.reason}" in locales/fr/orientation.json`);
    if (item.if !== undefined) checkCondition(item.if, `${at}/if`, report);
    if (item.localOnly !== undefined && typeof item.localOnly !== 'boolean') report(`${at}/localOnly`, 'must be true or false');
    if (item.service !== undefined) {
      const type = check.serviceTypes.get(String(item.service));
      if (type === undefined) report(`${at}/service`, `no service with id ${JSON.stringify(item.service)} in content/services`);
      else if (type !== item.type) report(`${at}/service`, `service ${String(item.service)} is of type ${type}, not ${String(item.type)}`);
    }
  });
}

function checkTerritory(value: unknown, file: string, check: RuleCrossCheck, problems: Problem[]): void {
  const report = (field: string, message: string): void => {
    problems.push({ file, record: "territory", field, message, severity: "error" });
  };
  if (!isObject(value)) return report('', 'must be a map with name and communes, epci or departements');
  if (typeof value.name !== 'string') report('name', 'is required');
  const lists: [string, (code: string) => boolean][] = [
    ['communes', check.communeExists],
    ['epci', check.epciExists],
    ['departements', check.departementExists],
  ];
  let any = false;
  for (const [key, exists] of lists) {
    const codes = value[key];
    if (codes === undefined) continue;
    if (!Array.isArray(codes)) {
      report(key, 'must be a list of codes');
      continue;
    }
    any = any || codes.length > 0;
    for (const code of codes) {
      if (typeof code !== 'string' || !exists(code)) report(key, `unknown code ${JSON.stringify(code)} (codes are strings: quote them)`);
    }
  }
  if (!any) report('', 'lists no commune, EPCI or département');
}

/** Shape checks for one table; returns the typed table when it can be used. */
export function validateRuleTable(raw: unknown, file: string, check: RuleCrossCheck, problems: Problem[]): RuleTable | null {
  const before = problems.length;
  if (!isObject(raw)) {
    problems.push({ file, message: 'a rule table is a map with table, rules and, for a territory, territory', severity: 'error' });
    return null;
  }
  if (typeof raw.table !== 'string') problems.push({ file, field: 'table', message: 'is required (the table name)', severity: 'error' });
  if (raw.territory !== undefined) checkTerritory(raw.territory, file, check, problems);
  if (!Array.isArray(raw.rules)) {
    problems.push({ file, field: 'rules', message: 'must be a list of rules', severity: 'error' });
    return null;
  }
  const ids = new Set<string>();
  raw.rules.forEach((rule: unknown, index: number) => checkRule(rule, index, raw, file, check, problems, ids));
  return problems.length === before ? ({ ...(raw as object), file } as RuleTable) : null;
}

/** National defaults must answer every need × rights combination, with a door that exists everywhere. */
export function checkCoverage(rules: RuleSet, problems: Problem[]): void {
  const rightsValues: (Rights | undefined)[] = [...RIGHTS, undefined];
  for (const need of NEEDS as readonly Need[]) {
    for (const rights of rightsValues) {
      const facts = { need, rights };
      const rule: Rule | undefined = rules.national.rules.find((r) => matches(r.when, facts));
      const usable = rule?.recommend.filter((item) => !item.localOnly && matches(item.if, facts)) ?? [];
      if (usable.length === 0) {
        problems.push({
          file: rules.national.file,
          record: rule?.id ?? '(no rule)',
          message: `need ${need} with rights ${rights ?? '(not given)'} gets no recommendation that exists everywhere`,
          severity: 'error',
        });
      }
    }
  }
  for (const danger of DANGERS) {
    if (!rules.redFlags.rules.some((r) => matches(r.when, { danger: [danger] }))) {
      problems.push({ file: rules.redFlags.file, message: `the danger ${danger} is not caught by any red flag`, severity: 'error' });
    }
  }
  for (const need of [...NEEDS, undefined]) {
    if (!rules.redFlags.rules.some((r) => matches(r.when, { emergency: true, need }))) {
      problems.push({ file: rules.redFlags.file, message: `an emergency with need ${need ?? '(not given)'} is not caught by any red flag`, severity: 'error' });
    }
  }
}
