/**
 * Checks a situation that came from outside (CLI JSON, HTTP body) against the taxonomy, and says every
 * problem at once, so a coordinator fixes a batch in one pass.
 */
import { DANGERS, NEEDS, RIGHTS, SUBSTANCES, type Danger, type Situation } from './situation.js';

export interface FieldError {
  field: string;
  message: string;
}

export type ParsedSituation = { ok: true; situation: Situation } | { ok: false; errors: FieldError[] };

const BOOLEAN_FIELDS = ['emergency', 'canWait', 'knownToCmp', 'precarious', 'forRelative'] as const;
const PLACE_KEYS = ['postcode', 'commune', 'insee', 'departement'] as const;

function oneOf(values: readonly string[]): string {
  return values.join(', ');
}

function checkEnum(
  input: Record<string, unknown>,
  field: string,
  values: readonly string[],
  errors: FieldError[],
): void {
  const value = input[field];
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !values.includes(value)) {
    errors.push({
      field,
      message: `unknown value ${JSON.stringify(value)}; expected one of: ${oneOf(values)}`,
    });
  }
}

function checkPlace(value: unknown, errors: FieldError[]): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.push({ field: 'place', message: 'must be an object such as {"postcode": "71100"}' });
    return;
  }
  const place = value as Record<string, unknown>;
  const keys = Object.keys(place);
  for (const key of keys) {
    if (!(PLACE_KEYS as readonly string[]).includes(key)) {
      errors.push({ field: `place.${key}`, message: `unknown field; expected ${oneOf(PLACE_KEYS)}` });
    } else if (typeof place[key] !== 'string' || (place[key] as string).trim() === '') {
      errors.push({ field: `place.${key}`, message: 'must be a non-empty string' });
    }
  }
  if (!keys.some((key) => key === 'postcode' || key === 'commune' || key === 'insee')) {
    errors.push({ field: 'place', message: 'needs one of postcode, commune or insee' });
  }
}

export function parseSituation(input: unknown): ParsedSituation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', message: 'a situation must be a JSON object' }] };
  }
  const record = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  const known = new Set<string>(['rights', 'need', 'age', 'substance', 'danger', 'place', ...BOOLEAN_FIELDS]);
  for (const key of Object.keys(record)) {
    if (!known.has(key)) errors.push({ field: key, message: `unknown field; expected ${oneOf([...known])}` });
  }
  checkEnum(record, 'rights', RIGHTS, errors);
  checkEnum(record, 'need', NEEDS, errors);
  checkEnum(record, 'substance', SUBSTANCES, errors);
  for (const field of BOOLEAN_FIELDS) {
    const value = record[field];
    if (value !== undefined && value !== null && typeof value !== 'boolean') {
      errors.push({ field, message: `must be true or false, not ${JSON.stringify(value)}` });
    }
  }
  const age = record.age;
  if (
    age !== undefined &&
    age !== null &&
    (typeof age !== 'number' || !Number.isInteger(age) || age < 0 || age > 130)
  ) {
    errors.push({
      field: 'age',
      message: `must be a whole number of years between 0 and 130, not ${JSON.stringify(age)}`,
    });
  }
  checkPlace(record.place, errors);
  const danger = parseDanger(record.danger, errors);
  if (errors.length > 0) return { ok: false, errors };

  // Nulls mean "not given": drop them so the rest of the core sees one representation of unknown.
  const situation = Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== null),
  ) as Situation;
  if (danger) situation.danger = danger;
  else delete situation.danger;
  return { ok: true, situation };
}

/** `danger`: one code or a list of codes, kept most urgent first and once each (an empty list is "none"). */
function parseDanger(value: unknown, errors: FieldError[]): Danger[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const bad = list.filter((v) => typeof v !== 'string' || !(DANGERS as readonly string[]).includes(v));
  if (bad.length > 0) {
    errors.push({
      field: 'danger',
      message: `unknown value ${JSON.stringify(bad[0])}; expected one or a list of: ${oneOf(DANGERS)}`,
    });
    return undefined;
  }
  const kept = DANGERS.filter((d) => list.includes(d));
  return kept.length > 0 ? kept : undefined;
}
