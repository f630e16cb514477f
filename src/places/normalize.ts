/**
 * Text normalisation for place names and codes typed by people. Pure functions, no data.
 *
 * Examples:
 * ```ts
 * foldText("Chalon-s/-Saône (71)")   // "chalon sur saone 71"
 * normalizeName("St-Denis")           // "saint denis"
 * normalizeName("Paris 13ème")        // "paris 13 eme"
 * parsePostcode("75 013")             // "75013"
 * normalizeInseeCode("2a004")         // "2A004"
 * normalizeDepartementCode("1")       // "01"
 * parseArrondissement("paris 13 e")   // { city: "paris", number: 13 }
 * ```
 */

/** Free text longer than this is cut before any work: no place name or address needs more. */
export const MAX_INPUT_LENGTH = 200;

/**
 * Lower case, without accents or punctuation, single spaces: "Saint-Étienne" → "saint etienne".
 * "s/" (an abbreviation of "sur") becomes "sur". Scripts other than Latin fold to nothing.
 */
export function foldText(text: string): string {
  return fold(text, false);
}

function fold(text: string, splitDigits: boolean): string {
  const cut = text.slice(0, MAX_INPUT_LENGTH);
  return foldLatin(cut, splitDigits) ?? foldAny(cut, splitDigits);
}

/**
 * The general path: drops combining marks after decomposition, spells out œ/æ/ß, reads "s/" as "sur",
 * turns anything but a-z and 0-9 into one space; with `splitDigits`, puts a space between letters and digits.
 */
function foldAny(text: string, splitDigits: boolean): string {
  let folded = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
  if (/[œæß]/.test(folded)) folded = folded.replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
  if (folded.includes('/')) folded = folded.replace(/(^|[^a-z0-9])s\s*\/\s*/g, '$1 sur ');
  folded = folded.replace(/[^a-z0-9]+/g, ' ').trim();
  if (splitDigits && /\d/.test(folded)) {
    folded = folded.replace(/([a-z])(\d)/g, '$1 $2').replace(/(\d)([a-z])/g, '$1 $2');
  }
  return folded;
}

/**
 * What `foldAny` makes of each character below U+0180 (ASCII, Latin-1, Latin Extended-A): letters, one
 * ASCII digit, or ' '; null for the few that need the general path ("²", "¼").
 */
const LATIN_FOLD: readonly (string | null)[] = Array.from({ length: 0x180 }, (_, code) => {
  const between = foldAny(`a${String.fromCharCode(code)}a`, false);
  if (between === 'a a') return ' ';
  const inner = /^a([a-z]+|[0-9])a$/.exec(between)?.[1];
  return inner !== undefined && (/[a-z]/.test(inner) || (code >= 0x30 && code <= 0x39)) ? inner : null;
});

/**
 * The same result as `foldAny` in one table-driven pass, for the common text that has only characters below
 * U+0180 and no "/" (the index folds ~37,000 names at start-up); undefined otherwise.
 */
function foldLatin(text: string, splitDigits: boolean): string | undefined {
  let out = '';
  let space = false;
  let previousDigit: boolean | undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x180 || code === 0x2f) return undefined;
    const piece = LATIN_FOLD[code];
    if (piece === null || piece === undefined) return undefined;
    if (piece === ' ') {
      space = out !== '';
      continue;
    }
    const digit = code >= 0x30 && code <= 0x39;
    if (space || (splitDigits && previousDigit !== undefined && previousDigit !== digit)) out += ' ';
    out += piece;
    space = false;
    previousDigit = digit;
  }
  return out;
}

const NEEDS_WORD_WORK = /\b(?:st|ste|sts|stes|cedex)\b/;
const WORD_REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ['st', 'saint'],
  ['ste', 'sainte'],
  ['sts', 'saints'],
  ['stes', 'saintes'],
]);

/**
 * The key under which commune names are compared: `foldText`, then digits apart from letters ("13e" →
 * "13 e"), "st"/"ste" → "saint"/"sainte", and a trailing "cedex" (with its number) dropped.
 */
export function normalizeName(text: string): string {
  const folded = fold(text, true);
  if (!NEEDS_WORD_WORK.test(folded)) return folded;
  const words = folded.split(' ').map((word) => WORD_REPLACEMENTS.get(word) ?? word);
  const cedex = words.indexOf('cedex');
  if (cedex > 0 && words.slice(cedex + 1).every((word) => /^\d+$/.test(word))) words.length = cedex;
  return words.join(' ');
}

const ARTICLE = /^(?:le|la|les|l) (?=.)/;

/** A normalised name without its leading article: "le havre" → "havre", "l isle adam" → "isle adam". */
export function stripArticle(normalizedName: string): string {
  return normalizedName.replace(ARTICLE, '');
}

/** "75013" or "75 013" → "75013"; anything else → undefined. */
export function parsePostcode(text: string): string | undefined {
  const match = /^\s*(\d{2}) ?(\d{3})\s*$/.exec(text.slice(0, MAX_INPUT_LENGTH));
  return match ? `${match[1]}${match[2]}` : undefined;
}

/** "71076", "2a004" → "71076", "2A004"; anything else → undefined. */
export function normalizeInseeCode(text: string): string | undefined {
  const match = /^\s*(\d{2}|2[ab])(\d{3})\s*$/i.exec(text.slice(0, MAX_INPUT_LENGTH));
  return match ? `${(match[1] ?? '').toUpperCase()}${match[2] ?? ''}` : undefined;
}

/**
 * The shape of a département code: "1" → "01", "2a" → "2A", "974" stays. "20" (Corsica before 1976) is kept
 * as is; the index reads it as 2A or 2B. Existence is not checked here.
 */
export function normalizeDepartementCode(text: string): string | undefined {
  const code = text.trim().toUpperCase();
  if (/^\d$/.test(code)) return `0${code}`;
  if (/^(?:\d{2}|2[AB]|9[78]\d)$/.test(code)) return code;
  return undefined;
}

export const ARRONDISSEMENT_CITIES = ['paris', 'lyon', 'marseille'] as const;
export type ArrondissementCity = (typeof ARRONDISSEMENT_CITIES)[number];
/** How many municipal arrondissements each city has: "Lyon 69" is Lyon in the Rhône, not a 69th. */
const ARRONDISSEMENT_COUNT: Readonly<Record<ArrondissementCity, number>> = {
  paris: 20,
  lyon: 9,
  marseille: 16,
};

const CITY = `(${ARRONDISSEMENT_CITIES.join('|')})`;
const ORDINAL = '(?: (?:e|er|ere|eme|ieme|em|me))?';
const WORD = '(?: (?:arrondissement|arrondissements|arr|arrt|arrdt|ardt))?';
const CITY_FIRST = new RegExp(`^${CITY} (\\d{1,2})${ORDINAL}${WORD}$`);
const NUMBER_FIRST = new RegExp(`^(\\d{1,2})${ORDINAL}${WORD}(?: (?:de|a))? ${CITY}$`);

/**
 * A municipal arrondissement written in a normalised name: "paris 13", "paris 13 e", "lyon 3 eme arr",
 * "marseille 1 er arrondissement", "13 e arrondissement de paris"; not "lyon 69" (no such arrondissement).
 */
export function parseArrondissement(
  normalizedName: string,
): { city: ArrondissementCity; number: number } | undefined {
  const cityFirst = CITY_FIRST.exec(normalizedName);
  const numberFirst = cityFirst ? undefined : NUMBER_FIRST.exec(normalizedName);
  const city = (cityFirst?.[1] ?? numberFirst?.[2]) as ArrondissementCity | undefined;
  const number = Number(cityFirst?.[2] ?? numberFirst?.[1]);
  if (city === undefined || !(number >= 1 && number <= ARRONDISSEMENT_COUNT[city])) return undefined;
  return { city, number };
}
