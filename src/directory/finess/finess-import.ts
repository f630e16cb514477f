/**
 * The FINESS import as a fold over the file's lines: feed each line, then take the directory and the report.
 * Pure (no file, no clock): the command streams the file into it and writes the result.
 *
 * Example:
 * ```ts
 * const run = createFinessImport({ mapping, places });
 * lines.forEach((text, i) => run.add(i + 1, text));
 * const { directory, report } = run.finish();
 * ```
 *
 * Each `structureet` line of a mapped category becomes one compact row; its `geolocalisation` line, which the
 * published file puts after all the establishments, adds WGS84 coordinates. Only the kept rows stay in memory.
 */
import { toE164 } from '../phone.js';
import type { ServiceType } from '../../orientation/situation.js';
import type { Place } from '../../places/place.js';
import {
  IMPORTED_COLUMNS,
  IMPORTED_FORMAT,
  type ImportedDirectory,
  type ImportedRow,
} from '../imported-directory.js';
import { communeOf, postcodeOf, streetOf, type CommunePlaces } from './finess-address.js';
import { serviceTypeOf, type CategoryMapping } from './finess-categories.js';
import { isDate, FINESS_NUMBER, parseFinessLine, type Geolocation, type Structure } from './finess-line.js';
import { isKnownProjection, projectionOf, toWgs84 } from './coordinates.js';

export const FINESS_SOURCE = 'finess';

export interface CategoryCount {
  code: string;
  /** The label the file gives. */
  label: string;
  lines: number;
  /** Records made, per service type; empty for a category the mapping does not list. */
  types: Partial<Record<ServiceType, number>>;
}

export interface Rejection {
  line: number;
  reason: string;
}

export interface FinessReport {
  extractedOn: string;
  lines: number;
  /** Per category met in the file, by code. */
  categories: CategoryCount[];
  /** Establishments of categories the mapping does not list. */
  skipped: number;
  rejected: Rejection[];
  /** Imported records without usable coordinates (no geolocation line, or an empty one). */
  withoutCoordinates: number;
  /** Geolocation lines of establishments that were not imported. */
  geolocationsIgnored: number;
  /** Phone numbers that are not 10-digit French numbers, left out rather than guessed. */
  phonesLeftOut: number;
}

export interface FinessImportResult {
  directory: ImportedDirectory;
  report: FinessReport;
}

/** The file is not a FINESS extraction at all: nothing should be written. */
export class NotFinessError extends Error {}

export interface FinessImportOptions {
  mapping: CategoryMapping;
  places: CommunePlaces;
}

/**
 * A copy of a field that does not share memory with its line: V8 keeps a whole string alive while any slice
 * of it is, so each kept record would otherwise hold its full line.
 */
const detached = (text: string): string =>
  text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');

// Positions in ImportedRow.
const LATITUDE = 12;
const LONGITUDE = 13;

export function createFinessImport({ mapping, places }: FinessImportOptions) {
  let extractedOn: string | null = null;
  let lines = 0;
  let skipped = 0;
  let geolocationsIgnored = 0;
  let phonesLeftOut = 0;
  const rows = new Map<string, ImportedRow>();
  const firstSeen = new Map<string, number>();
  const categories = new Map<string, CategoryCount>();
  const labels: Record<string, string> = {};
  const rejected: Rejection[] = [];
  // Establishments share routing lines (a town has many): resolve each line once.
  const communes = new Map<string, Place | null>();
  const communeFor = (structure: Structure): Place | null => {
    const key = `${structure.ligneacheminement}|${structure.departement}|${structure.commune}`;
    let place = communes.get(key);
    if (place === undefined) {
      place = communeOf(structure, places);
      communes.set(key, place);
    }
    return place;
  };

  function reject(line: number, reason: string): void {
    rejected.push({ line, reason });
  }

  function count(structure: Structure): CategoryCount {
    const code = structure.categetab;
    let entry = categories.get(code);
    if (!entry) {
      entry = { code, label: structure.libcategetab, lines: 0, types: {} };
      categories.set(code, entry);
    }
    entry.lines += 1;
    return entry;
  }

  function addStructure(line: number, structure: Structure): void {
    const id = structure.nofinesset;
    if (!FINESS_NUMBER.test(id)) return reject(line, `invalid FINESS number ${JSON.stringify(id)}`);
    const category = count(structure);
    const rule = mapping.get(structure.categetab);
    if (!rule) {
      skipped += 1;
      return;
    }
    const first = firstSeen.get(id);
    if (first !== undefined) return reject(line, `FINESS number ${id} already on line ${first}`);
    const nom = structure.rslongue || structure.rs;
    if (!nom) return reject(line, `${id}: no name (rs, rslongue)`);
    const place = communeFor(structure);
    if (!place)
      return reject(
        line,
        `${id}: no commune for ${JSON.stringify(structure.ligneacheminement)} ` +
          `(département ${structure.departement}, commune ${structure.commune})`,
      );
    const type = serviceTypeOf(rule, [structure.rs, structure.rslongue, structure.complrs]);
    category.types[type] = (category.types[type] ?? 0) + 1;
    const telephone = structure.telephone ? toE164(structure.telephone) : null;
    if (structure.telephone && telephone === null) phonesLeftOut += 1;
    const street = detached(streetOf(structure));
    const complement = detached([structure.lieuditbp, structure.compldistrib].filter(Boolean).join(', '));
    labels[structure.categetab] = structure.libcategetab || rule.label;
    firstSeen.set(id, line);
    rows.set(id, [
      id,
      structure.nofinessej || id,
      detached(nom),
      type,
      rule.inferred ? 1 : 0,
      structure.categetab,
      street || complement || null,
      street && complement ? complement : null,
      postcodeOf(structure, place),
      place.commune,
      place.insee,
      telephone,
      null,
      null,
      isDate(structure.datemaj) ? structure.datemaj : (extractedOn ?? structure.datemaj),
    ]);
  }

  function addGeolocation(line: number, geolocation: Geolocation): void {
    const id = geolocation.nofinesset;
    const row = rows.get(id);
    if (!row) {
      geolocationsIgnored += 1;
      return;
    }
    if (geolocation.coordxet === '' || geolocation.coordyet === '') return; // counted at the end
    const system = projectionOf(geolocation.sourcecoordet);
    if (!isKnownProjection(system))
      return reject(line, `${id}: unknown projection ${JSON.stringify(system)}`);
    const x = Number(geolocation.coordxet.replace(',', '.'));
    const y = Number(geolocation.coordyet.replace(',', '.'));
    const point = toWgs84(x, y, system);
    if (!point)
      return reject(
        line,
        `${id}: coordinates ${geolocation.coordxet};${geolocation.coordyet} cannot be read`,
      );
    row[LATITUDE] = point.latitude;
    row[LONGITUDE] = point.longitude;
  }

  return {
    /** One line of the file, numbered from 1. Throws NotFinessError when line 1 is not FINESS's header. */
    add(line: number, text: string): void {
      lines += 1;
      if (line > 1 && text.trim() === '') return;
      const parsed = parseFinessLine(text, line === 1);
      switch (parsed.kind) {
        case 'header':
          extractedOn = parsed.extractedOn;
          return;
        case 'structure':
          return addStructure(line, parsed.structure);
        case 'geolocation':
          return addGeolocation(line, parsed.geolocation);
        case 'invalid':
          if (line === 1) throw new NotFinessError(parsed.reason);
          reject(line, parsed.reason);
      }
    },

    finish(): FinessImportResult {
      if (extractedOn === null) throw new NotFinessError('the file is empty');
      const sorted = [...rows.values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const usedLabels = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
      return {
        directory: {
          format: IMPORTED_FORMAT,
          source: FINESS_SOURCE,
          extractedOn,
          reference: `FINESS, extraction du ${extractedOn} (data.gouv.fr, « FINESS Extraction du Fichier des établissements », Licence Ouverte)`,
          categories: usedLabels,
          columns: IMPORTED_COLUMNS,
          rows: sorted,
        },
        report: {
          extractedOn,
          lines,
          categories: [...categories.values()].sort((a, b) => a.code.localeCompare(b.code)),
          skipped,
          rejected,
          withoutCoordinates: sorted.filter((row) => row[LATITUDE] === null).length,
          geolocationsIgnored,
          phonesLeftOut,
        },
      };
    },
  };
}
