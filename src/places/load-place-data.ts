/**
 * The one function of `places/` that touches the disk: reads the JSON files of
 * `@etalab/decoupage-administratif` directly (its `index.js` reads files relative to the working directory
 * and fails elsewhere).
 *
 * Example:
 * ```ts
 * const index = createPlaceIndex(loadPlaceData());
 * index.resolve('93100'); // { status: 'found', place: { insee: '93048', commune: 'Montreuil', … } }
 * ```
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  COMMUNE_TYPES,
  type PlaceData,
  type RawCommune,
  type RawDepartement,
  type RawEpci,
} from './place-data.js';

const PACKAGE = '@etalab/decoupage-administratif';

/** Reads and checks `data/{communes,departements,epci}.json`; throws with the file's path when one is malformed. */
export function loadPlaceData(): PlaceData {
  const require = createRequire(import.meta.url);
  const read = (name: string): unknown[] => {
    const path = require.resolve(`${PACKAGE}/data/${name}.json`);
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(parsed)) throw new Error(`${path}: expected an array of records`);
    return parsed;
  };
  return {
    communes: checkAll(read('communes'), isRawCommune, 'communes.json'),
    departements: checkAll(read('departements'), isRawDepartement, 'departements.json'),
    epci: checkAll(read('epci'), isRawEpci, 'epci.json'),
  };
}

function checkAll<T>(records: unknown[], guard: (record: unknown) => record is T, file: string): T[] {
  const checked: T[] = [];
  records.forEach((record, i) => {
    if (!guard(record)) throw new Error(`${PACKAGE}/data/${file}: record ${i} has an unexpected shape`);
    checked.push(record);
  });
  return checked;
}

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function optional(value: unknown, test: (v: unknown) => boolean): boolean {
  return value === undefined || test(value);
}

const isString = (v: unknown): boolean => typeof v === 'string';

function isRawCommune(value: unknown): value is RawCommune {
  return (
    isObject(value) &&
    typeof value.code === 'string' &&
    typeof value.nom === 'string' &&
    typeof value.departement === 'string' &&
    typeof value.region === 'string' &&
    (COMMUNE_TYPES as readonly unknown[]).includes(value.type) &&
    optional(value.codesPostaux, isStringArray) &&
    optional(value.population, (v) => typeof v === 'number') &&
    optional(value.chefLieu, isString) &&
    optional(value.commune, isString) &&
    optional(value.anciensCodes, isStringArray)
  );
}

function isRawDepartement(value: unknown): value is RawDepartement {
  return (
    isObject(value) &&
    typeof value.code === 'string' &&
    typeof value.nom === 'string' &&
    typeof value.region === 'string'
  );
}

function isRawEpci(value: unknown): value is RawEpci {
  return (
    isObject(value) &&
    typeof value.code === 'string' &&
    typeof value.nom === 'string' &&
    Array.isArray(value.membres) &&
    value.membres.every((m: unknown) => isObject(m) && typeof m.code === 'string')
  );
}
