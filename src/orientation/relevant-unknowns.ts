/**
 * Which unknown fields would change the orientation: the dialogue asks those, and only those, so a person
 * who said everything in one message is asked nothing more (aides-jeunes' `isActive`, publicodes'
 * missing variables). Pure: it replays rule selection with each possible value of each unknown field.
 */
import type { Facts } from './conditions.js';
import { selectIn, selectionKey, type ApplicableTables, type Selection } from './select-rules.js';
import { NEEDS, RIGHTS, SUBSTANCES, type SituationField } from './situation.js';

/** The order a mediator asks in: danger first, then rights, need, and the follow-ups. */
export const QUESTION_ORDER: readonly SituationField[] = [
  'emergency',
  'rights',
  'need',
  'canWait',
  'knownToCmp',
  'age',
  'precarious',
  'substance',
  'forRelative',
];

/** Ages either side of every threshold the rules use (minors, 12, 16, 18, 25, 26, 60). */
const AGE_PROBES = [3, 10, 14, 17, 20, 24, 30, 70];

const PROBES: Record<SituationField, readonly (string | number | boolean)[]> = {
  emergency: [true, false],
  rights: RIGHTS,
  need: NEEDS,
  canWait: [true, false],
  knownToCmp: [true, false],
  age: AGE_PROBES,
  precarious: [true, false],
  substance: SUBSTANCES,
  forRelative: [true, false],
};

function signature(selection: Selection): string {
  return `${selection.emergency}|${selection.items.map((item) => `${item.type}:${item.service ?? ''}:${item.reason}`).join(',')}`;
}

export function relevantUnknowns(tables: ApplicableTables, facts: Facts): SituationField[] {
  const baselineKey = selectionKey(tables, facts);
  let baseline: string | undefined;
  return QUESTION_ORDER.filter((field) => {
    if (facts[field] !== undefined) return false;
    const probe: Facts = { ...facts };
    return PROBES[field].some((value) => {
      (probe as Record<string, unknown>)[field] = value;
      // Cheap test first; two different rules may still recommend the same thing, so confirm on the items.
      if (selectionKey(tables, probe) === baselineKey) return false;
      baseline ??= signature(selectIn(tables, facts));
      return signature(selectIn(tables, probe)) !== baseline;
    });
  });
}
