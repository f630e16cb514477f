/**
 * One line of the FINESS "extraction du fichier des établissements" (data.gouv.fr, Licence Ouverte), read as
 * the published layout has it: semicolon-separated values, no column names, a kind in the first field.
 * Pure: text in, a typed line out.
 *
 * ```text
 * finess;etalab;111;2026-05-12
 * structureet;010000024;010780054;CH DE FLEYRIAT;CENTRE HOSPITALIER …;;;900;RTE;DE PARIS;;;451;01;AIN;01440 VIRIAT;…
 * geolocalisation;010000024;870215.7;6571590.5;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2021-01-04
 * ```
 */

/** The fields of a `structureet` line after its kind, in the published order. */
export const STRUCTURE_FIELDS = [
  'nofinesset',
  'nofinessej',
  'rs',
  'rslongue',
  'complrs',
  'compldistrib',
  'numvoie',
  'typvoie',
  'voie',
  'compvoie',
  'lieuditbp',
  'commune',
  'departement',
  'libdepartement',
  'ligneacheminement',
  'telephone',
  'telecopie',
  'categetab',
  'libcategetab',
  'categagretab',
  'libcategagretab',
  'siret',
  'codeape',
  'codemft',
  'libmft',
  'codesph',
  'libsph',
  'dateouv',
  'dateautor',
  'datemaj',
  'numuai',
] as const;
export type StructureField = (typeof STRUCTURE_FIELDS)[number];
export type Structure = Readonly<Record<StructureField, string>>;

/** The fields of a `geolocalisation` line after its kind. */
export const GEOLOCATION_FIELDS = ['nofinesset', 'coordxet', 'coordyet', 'sourcecoordet', 'datemaj'] as const;
export type Geolocation = Readonly<Record<(typeof GEOLOCATION_FIELDS)[number], string>>;

export type FinessLine =
  | { kind: 'header'; extractedOn: string }
  | { kind: 'structure'; structure: Structure }
  | { kind: 'geolocation'; geolocation: Geolocation }
  | { kind: 'invalid'; reason: string };

/** FINESS numbers: two characters of département ("01", "2A", "9A"), then seven digits. */
export const FINESS_NUMBER = /^[0-9][0-9A-Z][0-9]{7}$/;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Splits on semicolons. A field that holds a semicolon or a quote is quoted, with quotes doubled
 * ("LIEU DE VIE ""MAVOUNA""" in the published file); plain fields are taken as they are.
 */
export function splitFields(text: string): string[] {
  if (!text.includes('"')) return text.split(';');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ';') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/** Trims only the fields that need it: most do not, and a national file has millions of fields. */
function trimmed(value: string | undefined): string {
  if (value === undefined) return '';
  return value.startsWith(' ') || value.endsWith(' ') ? value.trim() : value;
}

function record<K extends string>(
  names: readonly K[],
  values: readonly string[],
): Readonly<Record<K, string>> {
  const out = {} as Record<K, string>;
  for (let i = 0; i < names.length; i++) out[names[i] as K] = trimmed(values[i]);
  return out;
}

/**
 * The header ("finess;etalab;<version>;<extraction date>") is valid only as the first line; the caller says
 * whether this is it.
 */
export function parseFinessLine(text: string, first: boolean): FinessLine {
  const fields = splitFields(text.replace(/\r$/, ''));
  const [kind, ...values] = fields;
  if (first) {
    const date = values[2]?.trim() ?? '';
    if (kind === 'finess' && DATE.test(date)) return { kind: 'header', extractedOn: date };
    return {
      kind: 'invalid',
      reason: 'not a FINESS extraction: the first line should be finess;etalab;…;<date>',
    };
  }
  switch (kind) {
    case 'structureet': {
      // The published lines end with a semicolon (an empty `numuai`); accept them without it too.
      if (values.length !== STRUCTURE_FIELDS.length && values.length !== STRUCTURE_FIELDS.length - 1)
        return malformed('structureet', STRUCTURE_FIELDS.length, values.length);
      return { kind: 'structure', structure: record(STRUCTURE_FIELDS, values) };
    }
    case 'geolocalisation': {
      if (values.length !== GEOLOCATION_FIELDS.length)
        return malformed('geolocalisation', GEOLOCATION_FIELDS.length, values.length);
      return { kind: 'geolocation', geolocation: record(GEOLOCATION_FIELDS, values) };
    }
    default:
      return { kind: 'invalid', reason: `unknown line kind ${JSON.stringify((kind ?? '').slice(0, 40))}` };
  }
}

function malformed(kind: string, expected: number, found: number): FinessLine {
  return {
    kind: 'invalid',
    reason: `malformed ${kind} line: ${expected} fields expected after the kind, ${found} found`,
  };
}

export function isDate(value: string): boolean {
  return DATE.test(value);
}
