/**
 * An imported directory (the whole country from FINESS: tens of thousands of records) in the compact form the
 * server loads at start: one row of values per record, columns named once, category labels written once.
 * A JSON file of that shape parses several times faster than the same records as objects. Pure: encoding,
 * checking and turning rows into data·inclusion records; `imported-store.ts` reads and writes the file.
 *
 * Example:
 * ```json
 * { "format": "aiguillage/imported-directory@1", "source": "finess", "extractedOn": "2026-05-12",
 *   "reference": "FINESS, extraction du 2026-05-12 …", "categories": { "156": "Centre Médico-Psychologique (C.M.P.)" },
 *   "columns": ["id", "structure_id", …],
 *   "rows": [["710000017", "710780263", "CMP ADULTES", "cmp", 0, "156", "12 RUE …", null, "71100", …]] }
 * ```
 */
import { SERVICE_TYPES, type ServiceType } from '../orientation/situation.js';
import type { ServiceRecord } from './service-record.js';

export const IMPORTED_FORMAT = 'aiguillage/imported-directory@1';

export const IMPORTED_COLUMNS = [
  'id',
  'structure_id',
  'nom',
  'aiguillage_type',
  'aiguillage_inferred',
  'category',
  'adresse',
  'complement_adresse',
  'code_postal',
  'commune',
  'code_insee',
  'telephone',
  'latitude',
  'longitude',
  'date_maj',
] as const;

export type ImportedRow = [
  id: string,
  structureId: string,
  nom: string,
  type: ServiceType,
  inferred: 0 | 1,
  category: string,
  adresse: string | null,
  complement: string | null,
  codePostal: string | null,
  commune: string,
  codeInsee: string,
  telephone: string | null,
  latitude: number | null,
  longitude: number | null,
  dateMaj: string,
];

export interface ImportedDirectory {
  format: typeof IMPORTED_FORMAT;
  /** data·inclusion `source` of every record, e.g. "finess". */
  source: string;
  /** The date the source says its data was extracted (FINESS's first line). */
  extractedOn: string;
  /** `aiguillage_reference` of every record: where the facts come from. */
  reference: string;
  /** Category code → label, the `description` of the records of that category. */
  categories: Record<string, string>;
  columns: typeof IMPORTED_COLUMNS;
  /** Sorted by id, so importing the same file twice writes the same bytes. */
  rows: ImportedRow[];
}

const isServiceType = (value: unknown): value is ServiceType =>
  (SERVICE_TYPES as readonly unknown[]).includes(value);

const nullableString = (value: unknown): boolean => value === null || typeof value === 'string';
const nullableNumber = (value: unknown): boolean => value === null || typeof value === 'number';

/** Why a row cannot be used, or null. Cheap: the server checks every row at start. */
function rowProblem(row: unknown, categories: Record<string, string>): string | null {
  if (!Array.isArray(row) || row.length !== IMPORTED_COLUMNS.length)
    return `expected ${IMPORTED_COLUMNS.length} values`;
  const [id, structureId, nom, type, inferred, category, adresse, complement, codePostal, commune, insee] =
    row;
  if (typeof id !== 'string' || typeof structureId !== 'string' || typeof nom !== 'string')
    return 'id, structure_id and nom must be text';
  if (!isServiceType(type)) return `unknown service type ${JSON.stringify(type)}`;
  if (inferred !== 0 && inferred !== 1) return 'aiguillage_inferred must be 0 or 1';
  if (typeof category !== 'string' || categories[category] === undefined) return 'unknown category';
  if (![adresse, complement, codePostal, row[11]].every(nullableString))
    return 'address fields must be text or null';
  if (typeof commune !== 'string' || typeof insee !== 'string') return 'commune and code_insee must be text';
  if (!nullableNumber(row[12]) || !nullableNumber(row[13])) return 'coordinates must be numbers or null';
  if (typeof row[14] !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(row[14])) return 'date_maj must be a date';
  return null;
}

/** The file's content checked; problems say which row and why (a hand-edited or truncated file). */
export function decodeImported(content: unknown): {
  directory: ImportedDirectory | null;
  problems: string[];
} {
  if (typeof content !== 'object' || content === null)
    return { directory: null, problems: ['not a JSON object'] };
  const file = content as Partial<Record<keyof ImportedDirectory, unknown>>;
  if (file.format !== IMPORTED_FORMAT)
    return { directory: null, problems: [`format must be ${IMPORTED_FORMAT}: import the file again`] };
  if (
    typeof file.source !== 'string' ||
    typeof file.extractedOn !== 'string' ||
    typeof file.reference !== 'string' ||
    typeof file.categories !== 'object' ||
    file.categories === null ||
    !Array.isArray(file.columns) ||
    file.columns.join() !== IMPORTED_COLUMNS.join() ||
    !Array.isArray(file.rows)
  )
    return {
      directory: null,
      problems: ['source, extractedOn, reference, categories, columns and rows are required'],
    };
  const categories = file.categories as Record<string, string>;
  const problems: string[] = [];
  const rows: ImportedRow[] = [];
  file.rows.forEach((row: unknown, i) => {
    const problem = rowProblem(row, categories);
    if (problem) problems.push(`row ${i + 1}: ${problem}`);
    else rows.push(row as ImportedRow);
  });
  return {
    directory: {
      format: IMPORTED_FORMAT,
      source: file.source,
      extractedOn: file.extractedOn,
      reference: file.reference,
      categories,
      columns: IMPORTED_COLUMNS,
      rows,
    },
    problems,
  };
}

/** One row as the data·inclusion service record the directory holds; absent values are left out. */
export function toServiceRecord(row: ImportedRow, directory: ImportedDirectory): ServiceRecord {
  const [id, structureId, nom, type, inferred, category, adresse, complement, codePostal, commune, insee] =
    row;
  const [, , , , , , , , , , , telephone, latitude, longitude, dateMaj] = row;
  const record: ServiceRecord = {
    source: directory.source,
    structure_id: structureId,
    id,
    nom,
    description: directory.categories[category] ?? category,
    date_maj: dateMaj,
    commune,
    code_insee: insee,
    aiguillage_type: type,
    aiguillage_reference: directory.reference,
  };
  if (adresse !== null) record.adresse = adresse;
  if (complement !== null) record.complement_adresse = complement;
  if (codePostal !== null) record.code_postal = codePostal;
  if (telephone !== null) record.telephone = telephone;
  if (latitude !== null && longitude !== null) {
    record.latitude = latitude;
    record.longitude = longitude;
  }
  if (inferred === 1) record.aiguillage_inferred = true;
  return record;
}

export function toServiceRecords(directory: ImportedDirectory): ServiceRecord[] {
  return directory.rows.map((row) => toServiceRecord(row, directory));
}
