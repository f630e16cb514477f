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
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  COMMUNE_TYPES,
  type PlaceData,
  type RawCommune,
  type RawDepartement,
  type RawEpci,
} from './place-data.js';

const PACKAGE = '@etalab/decoupage-administratif';

/**
 * A compact copy of the fields we use, written by `npm run build` (scripts/build-place-data.js): parsing the
 * package's 12 MB of JSON costs ~300 ms at every start, the compact copy about a third of that. It carries the
 * package version and is ignored when that differs from the installed one.
 */
export const PLACE_CACHE = fileURLToPath(new URL('../../dist/place-data.json', import.meta.url));

interface PlaceCache extends PlaceData {
  packageVersion: string;
}

function installedVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = JSON.parse(readFileSync(require.resolve(`${PACKAGE}/package.json`), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** The fields of the package's records that the places index reads, in the package's own shape. */
export function compactPlaceData(data: PlaceData): PlaceCache {
  return {
    packageVersion: installedVersion(),
    communes: data.communes.map((c) => ({
      code: c.code,
      nom: c.nom,
      type: c.type,
      departement: c.departement,
      region: c.region,
      ...(c.codesPostaux ? { codesPostaux: c.codesPostaux } : {}),
      ...(c.population !== undefined ? { population: c.population } : {}),
      ...(c.chefLieu ? { chefLieu: c.chefLieu } : {}),
      ...(c.commune ? { commune: c.commune } : {}),
      ...(c.anciensCodes ? { anciensCodes: c.anciensCodes } : {}),
    })),
    departements: data.departements.map((d) => ({ code: d.code, nom: d.nom, region: d.region })),
    epci: data.epci.map((e) => ({
      code: e.code,
      nom: e.nom,
      membres: e.membres.map((m) => ({ code: m.code })),
    })),
  };
}

/** The compact copy when it exists and matches the installed package, otherwise the package's own files. */
export function loadPlaceData(): PlaceData {
  if (existsSync(PLACE_CACHE)) {
    try {
      const cache = JSON.parse(readFileSync(PLACE_CACHE, 'utf8')) as PlaceCache;
      if (cache.packageVersion === installedVersion()) return cache;
    } catch {
      // A damaged cache is not an error: the package's files are the source.
    }
  }
  return loadPlaceDataFromPackage();
}

/** Reads and checks `data/{communes,departements,epci}.json`; throws with the file's path when one is malformed. */
export function loadPlaceDataFromPackage(): PlaceData {
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
