/**
 * Which rules apply to a situation, and the ordered items they recommend. Pure: no directory lookup, so
 * the dialogue can also ask "would knowing this field change the answer?" cheaply.
 */
import { matches, type Facts } from './conditions.js';
import type { Place } from '../places/place.js';
import type { RecommendItem, Rule, RuleSet, RuleTable, Territory } from './rule-table.js';

/** The administrative codes of a resolved place, the only thing territory matching needs. */
export interface PlaceCodes {
  insee: string;
  communeInsee: string;
  epci: string | null;
  departement: string;
}

/** The codes of a resolved place (or of the area an ambiguous place's choices share). */
export function placeCodes(place: Place | null | undefined): PlaceCodes | null {
  return place
    ? {
        insee: place.insee,
        communeInsee: place.communeInsee,
        epci: place.epci?.code ?? null,
        departement: place.departement.code,
      }
    : null;
}

export interface SelectedItem extends RecommendItem {
  /** `<table>/<rule id>` of the rule that produced the item. */
  rule: string;
  sources: string[];
}

export interface Selection {
  emergency: boolean;
  items: SelectedItem[];
}

/** Commune-level territories before EPCI-level before département-level: the most specific protocol wins. */
function territoryRank(territory: Territory, place: PlaceCodes): number | null {
  if (territory.communes?.some((code) => code === place.insee || code === place.communeInsee)) return 0;
  if (place.epci && territory.epci?.includes(place.epci)) return 1;
  if (territory.departements?.includes(place.departement)) return 2;
  return null;
}

export function territoriesFor(tables: RuleTable[], place: PlaceCodes | null): RuleTable[] {
  if (!place) return [];
  return tables
    .map((table) => ({ table, rank: table.territory ? territoryRank(table.territory, place) : null }))
    .filter((entry): entry is { table: RuleTable; rank: number } => entry.rank !== null)
    .sort((a, b) => a.rank - b.rank)
    .map((entry) => entry.table);
}

function firstMatch(table: RuleTable, facts: Facts): Rule | undefined {
  return table.rules.find((rule) => matches(rule.when, facts));
}

function itemsOf(table: RuleTable, rule: Rule, facts: Facts): SelectedItem[] {
  return rule.recommend
    .filter((item) => matches(item.if, facts))
    .map((item) => ({ ...item, rule: `${table.table}/${rule.id}`, sources: rule.sources }));
}

function dedupe(items: SelectedItem[]): SelectedItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.type}|${item.service ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The tables that apply at a place, most specific territory first: computed once per orientation. */
export interface ApplicableTables {
  redFlags: RuleTable;
  national: RuleTable;
  territories: RuleTable[];
}

export function applicableTables(rules: RuleSet, place: PlaceCodes | null): ApplicableTables {
  return {
    redFlags: rules.redFlags,
    national: rules.national,
    territories: territoriesFor(rules.territories, place),
  };
}

/**
 * The red flags that hold: every crisis line (`mode: prepend`) that matches, in table order, and the first
 * emergency rule (`mode: replace`, the default) that matches, whose answer replaces the ordinary one.
 */
function redFlagsOf(table: RuleTable, facts: Facts): { crisis: Rule[]; emergency: Rule | undefined } {
  const crisis: Rule[] = [];
  let emergency: Rule | undefined;
  for (const rule of table.rules) {
    if (!matches(rule.when, facts)) continue;
    if (rule.mode === 'prepend') crisis.push(rule);
    else emergency ??= rule;
  }
  return { crisis, emergency };
}

function ordinary(tables: ApplicableTables, facts: Facts): SelectedItem[] {
  const nationalRule = firstMatch(tables.national, facts);
  const national = nationalRule ? itemsOf(tables.national, nationalRule, facts) : [];
  for (const table of tables.territories) {
    const rule = firstMatch(table, facts);
    if (!rule) continue;
    const local = itemsOf(table, rule, facts);
    switch (rule.mode ?? 'replace') {
      case 'replace':
        return local;
      case 'prepend':
        return [...local, ...national];
      case 'append':
        return [...national, ...local];
    }
  }
  return national;
}

/**
 * An emergency answers with its red flag first, then the crisis lines of any other danger said; otherwise
 * the crisis lines (violence, a child in danger, a doubt) come first and the ordinary orientation follows.
 */
export function selectIn(tables: ApplicableTables, facts: Facts): Selection {
  const { crisis, emergency } = redFlagsOf(tables.redFlags, facts);
  const crisisItems = crisis.flatMap((rule) => itemsOf(tables.redFlags, rule, facts));
  if (emergency) {
    return {
      emergency: true,
      items: dedupe([...itemsOf(tables.redFlags, emergency, facts), ...crisisItems]),
    };
  }
  return { emergency: false, items: dedupe([...crisisItems, ...ordinary(tables, facts)]) };
}

/** Only the red flags' items: the crisis lines to give at once, before any other question. */
export function selectCrisis(tables: ApplicableTables, facts: Facts): Selection {
  const { crisis, emergency } = redFlagsOf(tables.redFlags, facts);
  const crisisItems = crisis.flatMap((rule) => itemsOf(tables.redFlags, rule, facts));
  const emergencyItems = emergency ? itemsOf(tables.redFlags, emergency, facts) : [];
  return { emergency: emergency !== undefined, items: dedupe([...emergencyItems, ...crisisItems]) };
}

export function selectRules(rules: RuleSet, facts: Facts, place: PlaceCodes | null): Selection {
  return selectIn(applicableTables(rules, place), facts);
}

function ruleKey(rule: Rule, facts: Facts): string {
  let bits = '';
  for (const item of rule.recommend) bits += matches(item.if, facts) ? '1' : '0';
  return `${rule.id}:${bits}`;
}

/**
 * A string equal for two facts exactly when `selectIn` gives them the same selection: the rules that match
 * and which of their items hold. It allocates no items, so probing many "what if" facts stays cheap.
 */
export function selectionKey(tables: ApplicableTables, facts: Facts): string {
  const { crisis, emergency } = redFlagsOf(tables.redFlags, facts);
  const lines = crisis.map((rule) => ruleKey(rule, facts)).join(',');
  if (emergency) return `!${ruleKey(emergency, facts)}+${lines}`;
  const nationalRule = firstMatch(tables.national, facts);
  const national = nationalRule ? ruleKey(nationalRule, facts) : '-';
  for (const table of tables.territories) {
    const rule = firstMatch(table, facts);
    if (!rule) continue;
    const local = `${table.table}/${ruleKey(rule, facts)}`;
    return `${lines}>` + ((rule.mode ?? 'replace') === 'replace' ? local : `${local}+${national}`);
  }
  return `${lines}>${national}`;
}
