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
 * danger: [violence, child-danger] # a list field (danger) accepts when any of its values is accepted
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
  [K in SituationField | 'lang' | 'danger']?: FieldTest;
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
  'danger',
  'lang',
  'not',
];

function isRange(test: FieldTest): test is AgeRange {
  return typeof test === 'object' && test !== null && !Array.isArray(test);
}

/** A list-valued fact (danger) is accepted when one of its values is; an empty list is "not given". */
function acceptsFact(test: FieldTest, value: Scalar | readonly Scalar[] | undefined): boolean {
  if (!Array.isArray(value)) return accepts(test, value as Scalar | undefined);
  if (value.length === 0) return accepts(test, null);
  return value.some((one: Scalar) => accepts(test, one));
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

type Test = (facts: Facts) => boolean;

/** Conditions are data, evaluated many times per orientation: each is turned into checks once. */
const compiled = new WeakMap<Condition, Test[]>();

function compile(condition: Condition): Test[] {
  let tests = compiled.get(condition);
  if (tests) return tests;
  tests = [];
  for (const [key, test] of Object.entries(condition)) {
    if (test === undefined) continue;
    if (key === 'not') {
      const inner = test as Condition;
      tests.push((facts) => !matches(inner, facts));
    } else {
      const fieldTest = test as FieldTest;
      tests.push((facts) =>
        acceptsFact(fieldTest, (facts as Record<string, Scalar | readonly Scalar[] | undefined>)[key]),
      );
    }
  }
  compiled.set(condition, tests);
  return tests;
}

export function matches(condition: Condition | undefined, facts: Facts): boolean {
  if (!condition) return true;
  for (const test of compile(condition)) if (!test(facts)) return false;
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
