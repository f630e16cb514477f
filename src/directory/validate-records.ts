/**
 * Checks service records against the data·inclusion `service` schema (with ajv) and the aiguillage
 * extensions. Messages name the file, the record id and the field, the way a coordinator edits them.
 */
import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { Problem } from '../content/problem.js';
import { CONDITION_KEYS } from '../orientation/conditions.js';
import { renderOpeningHours } from '../orientation/opening-hours.js';
import { SERVICE_TYPES } from '../orientation/situation.js';
import { isNationalZone } from './nearness.js';
import type { ServiceRecord } from './service-record.js';

export interface RecordCrossCheck {
  communeExists(code: string): boolean;
  epciExists(code: string): boolean;
  departementExists(code: string): boolean;
}

export interface LoadedRecord {
  file: string;
  record: unknown;
}

const addFormats = formatsPlugin as unknown as (ajv: Ajv) => Ajv;

export const AJV_OPTIONS = { allErrors: true, strict: false } as const;

export function createAjv(options: Record<string, unknown> = {}): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS, ...options });
  addFormats(ajv);
  return ajv;
}

export function compileServiceSchema(schema: object): ValidateFunction {
  return createAjv().compile(schema);
}

/** The schema's fingerprint: a precompiled validator is used only for the exact schema it was built from. */
export function schemaHash(schemaText: string): string {
  return createHash('sha256').update(schemaText).digest('hex');
}

function describe(error: ErrorObject): { field: string; message: string } {
  const field =
    error.instancePath.replace(/^\//, '') ||
    (error.params as { missingProperty?: string }).missingProperty ||
    '';
  if (error.keyword === 'required') return { field, message: 'is required' };
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return { field, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` };
  }
  return { field, message: error.message ?? 'is invalid' };
}

/** ajv reports each branch of an `anyOf`: keep the most specific message per field. */
function schemaProblems(errors: ErrorObject[]): { field: string; message: string }[] {
  const byField = new Map<string, { field: string; message: string }>();
  for (const error of errors) {
    if (error.keyword === 'anyOf') continue;
    const described = describe(error);
    if (error.keyword === 'type' && (error.params as { type?: string }).type === 'null') continue;
    if (!byField.has(described.field)) byField.set(described.field, described);
  }
  return [...byField.values()];
}

function checkZone(
  record: ServiceRecord,
  check: RecordCrossCheck,
  report: (field: string, message: string) => void,
): void {
  for (const code of record.zone_eligibilite ?? []) {
    if (code === 'france' || code === '99100') continue;
    const known = /^\d{9}$/.test(code)
      ? check.epciExists(code)
      : code.length <= 3
        ? check.departementExists(code)
        : check.communeExists(code);
    if (!known)
      report(
        'zone_eligibilite',
        `unknown code ${JSON.stringify(code)} (commune INSEE, EPCI SIREN, département or "france")`,
      );
  }
}

export function validateRecords(
  loaded: readonly LoadedRecord[],
  validate: ValidateFunction,
  check: RecordCrossCheck,
): { records: ServiceRecord[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const records: ServiceRecord[] = [];
  const seen = new Map<string, string>();
  for (const { file, record: raw } of loaded) {
    const id =
      typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
        ? (raw as { id: string }).id
        : '(no id)';
    const before = problems.length;
    const report = (field: string, message: string): void => {
      problems.push({ file, record: id, field, message, severity: 'error' });
    };
    if (!validate(raw)) {
      for (const problem of schemaProblems(validate.errors ?? [])) report(problem.field, problem.message);
    }
    if (typeof raw !== 'object' || raw === null) continue;
    const record = raw as ServiceRecord;
    if (!(SERVICE_TYPES as readonly unknown[]).includes(record.aiguillage_type)) {
      report(
        'aiguillage_type',
        `must be a service type code of taxonomy.md, not ${JSON.stringify(record.aiguillage_type)}`,
      );
    }
    if (!record.lien_source && !record.aiguillage_reference) {
      report(
        'aiguillage_reference',
        'every record says where its facts come from: lien_source or aiguillage_reference',
      );
    }
    if (record.code_insee && !check.communeExists(record.code_insee))
      report('code_insee', `unknown commune code ${JSON.stringify(record.code_insee)}`);
    checkZone(record, check, report);
    if (!isNationalZone(record.zone_eligibilite) && !record.code_insee && !record.zone_eligibilite?.length) {
      report(
        'zone_eligibilite',
        'a local service needs code_insee or zone_eligibilite, or it can never be found',
      );
    }
    const conditions = record.aiguillage_conditions;
    if (conditions !== undefined && conditions !== null) {
      for (const key of Object.keys(conditions)) {
        if (!CONDITION_KEYS.includes(key))
          report(
            `aiguillage_conditions/${key}`,
            `unknown situation field; expected one of ${CONDITION_KEYS.join(', ')}`,
          );
      }
    }
    if (
      record.horaires_accueil &&
      !record.aiguillage_horaires_texte &&
      renderOpeningHours((key) => key, record.horaires_accueil) === null
    ) {
      problems.push({
        file,
        record: id,
        field: 'horaires_accueil',
        message:
          'uses opening_hours syntax that aiguillage cannot put into words: add aiguillage_horaires_texte',
        severity: 'warning',
      });
    }
    const firstFile = seen.get(id);
    if (firstFile !== undefined) report('id', `already used in ${firstFile}`);
    else seen.set(id, file);
    if (!problems.slice(before).some((p) => p.severity === 'error')) records.push(record);
  }
  return { records, problems };
}
