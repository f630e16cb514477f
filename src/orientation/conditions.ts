/**
 * The condition language shared by rules (`when`, item `if`) and service records
 * (`aiguillage_conditions`). A condition is a map from a situation field to what it accepts:
 *
 * ```yaml
 * rights: [none, pending]        # one of these values
 * need: general-care             # exactly this value
 * canWait: [false, null]         # null accepts "not given"
 * age: { min: 16, max: 25 }      # inclusive range; add `unknown: true` to accept "not given"
 * lang: [en, ar]                 # the language the answer is written in
 * not: { precarious: true }      # negation of a nested condition
 * ```
 *
 * All listed fields must accept the situation (AND). A field absent from the situation matches only when
 * the condition accepts `null`, so a rule never fires on a guess.
 */
import type { Language, Situation, SituationField } from './situation.js';

export type Scalar = string | number | boolean | null;
export interface AgeRange {
  min?: number;
  max?: number;
  unknown?: boolean;
}
export type FieldTest = Scalar | Scalar[] | AgeRange;

export type Condition = {
  [K in SituationField | 'lang']?: FieldTest;
} & { not?: Condition };

/** What a condition is evaluated against: the situation plus the answer's language. */
export type Facts = Omit<Situation, 'place'> & { lang?: Language };

export const CONDITION_KEYS: readonly string[] = [
  'rights',
  'need',
  'emergency',
  'canWait',
  'age',
  'knownToCmp',
  'precarious',
  'substance',
  'forRelative',
  'lang',
  'not',
];

function isRange(test: FieldTest): test is AgeRange {
  return typeof test === 'object' && test !== null && !Array.isArray(test);
}

function accepts(test: FieldTest, value: Scalar | undefined): boolean {
  const given = value === undefined ? null : value;
  if (isRange(test)) {
    if (given === null) return test.unknown === true;
    if (typeof given !== 'number') return false;
    return (test.min === undefined || given >= test.min) && (test.max === undefined || given <= test.max);
  }
  if (Array.isArray(test)) return test.some((candidate) => candidate === given);
  return test === given;
}

export function matches(condition: Condition | undefined, facts: Facts): boolean {
  if (!condition) return true;
  for (const [key, test] of Object.entries(condition)) {
    if (key === 'not') {
      if (matches(test as Condition, facts)) return false;
      continue;
    }
    if (test === undefined) continue;
    const value = (facts as Record<string, Scalar | undefined>)[key];
    if (!accepts(test as FieldTest, value)) return false;
  }
  return true;
}

/** The situation fields a condition reads, including those under `not`. */
export function fieldsRead(condition: Condition | undefined, into: Set<string> = new Set()): Set<string> {
  if (!condition) return into;
  for (const [key, test] of Object.entries(condition)) {
    if (key === 'not') fieldsRead(test as Condition, into);
    else into.add(key);
  }
  return into;
}
