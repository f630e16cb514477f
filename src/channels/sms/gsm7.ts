/**
 * The GSM 03.38 / 3GPP TS 23.038 default alphabet, and a French-aware folding into it.
 *
 * One character outside this alphabet switches the whole SMS to UCS-2 (70 characters instead of 160),
 * and French typography is full of them: â ê î ô û ë ï ç œ, ’, « », …, and the no-break spaces before
 * `? ! : ;`. The alphabet has é è à ù É Ç (but not À È Ù, nor lower-case ç), so folding only touches the
 * rest: "Quel âge avez-vous ?" → "Quel age avez-vous ?" (GSM-7), "reçu" → "recu", "sœur" → "soeur".
 *
 * Folding never drops a character it cannot fold (emoji, Arabic script): `isGsm7(foldToGsm7(text))` tells
 * whether the folded text can go as GSM-7; `toSmsText(text)` keeps the original when it cannot, because a
 * message that is UCS-2 anyway reads better with its real accents.
 */

/** The 127 characters of the basic table (0x1B, the escape to the extension table, is not a character). */
export const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: each costs 2 septets (escape + code). */
export const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

/** Septets one character costs in GSM-7: 1 (basic table), 2 (extension table) or 0 (not GSM-7). */
export function gsm7Septets(char: string): 0 | 1 | 2 {
  if (BASIC.has(char)) return 1;
  if (EXTENSION.has(char)) return 2;
  return 0;
}

/** True when every character of `text` is in the GSM-7 basic or extension table (no folding applied). */
export function isGsm7(text: string): boolean {
  for (const char of text) if (gsm7Septets(char) === 0) return false;
  return true;
}

/** The characters of `text` outside GSM-7, each once, in order of appearance (no folding applied). */
export function nonGsm7Characters(text: string): string[] {
  const seen = new Set<string>();
  for (const { segment } of graphemes(text)) {
    if (!isGsm7(segment)) seen.add(segment);
  }
  return [...seen];
}

/**
 * Folds that are not a plain "drop the accent": letters missing from GSM-7, punctuation and spaces.
 * Keys are graphemes (after NFC). Anything else outside GSM-7 tries "drop the accents" (NFKD) next.
 */
const FOLD: Record<string, string> = {
  // French letters that GSM-7 lacks (é è à ù É Ç are in it and never reach this table).
  â: 'a',
  ê: 'e',
  î: 'i',
  ô: 'o',
  û: 'u',
  ë: 'e',
  ï: 'i',
  ÿ: 'y',
  ç: 'c',
  œ: 'oe',
  Â: 'A',
  Ê: 'E',
  Î: 'I',
  Ô: 'O',
  Û: 'U',
  Ë: 'E',
  Ï: 'I',
  Ÿ: 'Y',
  À: 'A',
  È: 'E',
  Ù: 'U',
  Œ: 'OE',
  // Apostrophes and quotes.
  '\u2019': "'", // ’
  '\u2018': "'", // ‘
  '\u201A': "'", // ‚
  '\u201B': "'", // ‛
  '\u2032': "'", // ′
  '\u02BC': "'", // ʼ
  '\u00B4': "'", // ´
  '`': "'",
  '\u2039': '"', // ‹
  '\u203A': '"', // ›
  '\u00AB': '"', // «
  '\u00BB': '"', // »
  '\u201C': '"', // “
  '\u201D': '"', // ”
  '\u201E': '"', // „
  '\u201F': '"', // ‟
  '\u2033': '"', // ″
  // Dashes, ellipsis, bullets, signs.
  '\u2010': '-', // ‐
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // ‒
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2015': '-', // ―
  '\u2212': '-', // − minus
  '\u2026': '...', // …
  '\u2022': '-', // •
  '\u00B7': '.', // · (inclusive writing: "médecin·e")
  '\u00D7': 'x', // ×
  '\u00F7': '/', // ÷
  '\u2044': '/', // ⁄
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2192': '->',
  '\u00B0': 'o', // ° when not "n°" or a temperature (handled before)
  '\u00BA': 'o', // º
  '\u00AA': 'a', // ª
  // Spaces: French no-break spaces before ? ! : ; and inside « », tabs, other Unicode spaces.
  '\u00A0': ' ',
  '\u202F': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200A': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2008': ' ',
  '\u205F': ' ',
  '\u3000': ' ',
  '\t': ' ',
  '\u2028': '\n',
  '\u2029': '\n',
  // Invisible characters: soft hyphen, zero-width spaces, direction marks and isolates (the Arabic locale
  // wraps names and phone numbers in isolates; in a text that is otherwise GSM-7 they carry nothing).
  '\u00AD': '',
  '\u200B': '',
  '\u200C': '',
  '\u200D': '',
  '\u2060': '',
  '\uFEFF': '',
  '\u200E': '',
  '\u200F': '',
  '\u061C': '',
  '\u202A': '',
  '\u202B': '',
  '\u202C': '',
  '\u202D': '',
  '\u202E': '',
  '\u2066': '',
  '\u2067': '',
  '\u2068': '',
  '\u2069': '',
};

/** Spaces that may sit inside guillemets or before a degree sign. */
const SPACE = '[ \\u00A0\\u202F\\u2007\\u2009]';
const CONTEXTUAL: [RegExp, string][] = [
  // « texte » → "texte": the quote marks replace the no-break spaces inside the guillemets.
  [new RegExp(`([«‹])${SPACE}*`, 'gu'), '$1'],
  [new RegExp(`${SPACE}*([»›])`, 'gu'), '$1'],
  // Œuvre → Oeuvre (not OEuvre); ŒUVRE stays OEUVRE.
  [/Œ(?=\p{Ll})/gu, 'Oe'],
  // n° 3 → no 3; 38,5 °C → 38,5 degrés (é is GSM-7).
  [/(?<!\p{L})([nN])°/gu, '$1o'],
  [new RegExp(`(\\d)${SPACE}?°(?:${SPACE}?C(?!\\p{L}))?`, 'gu'), '$1 degrés'],
];

let segmenter: Intl.Segmenter | undefined;
function graphemes(text: string): Iterable<Intl.SegmentData> {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter.segment(text);
}

function foldGrapheme(grapheme: string): string {
  if (isGsm7(grapheme)) return grapheme;
  const mapped = FOLD[grapheme];
  if (mapped !== undefined) return mapped;
  // Other Latin letters with accents (á, ō, ẽ), ligatures (ﬁ), full-width forms, superscripts: drop the
  // marks of the compatibility decomposition, and keep the result only if it is GSM-7.
  const decomposed = [...grapheme.normalize('NFKD').replace(/\p{M}/gu, '')]
    .map((char) => FOLD[char] ?? char)
    .join('');
  if (decomposed !== '' && isGsm7(decomposed)) return decomposed;
  return grapheme;
}

/**
 * Folds `text` towards GSM-7: keeps GSM-7 characters, folds French letters and typography (â→a, ç→c, œ→oe,
 * ’→', « »→", …→..., no-break spaces→space) and other accented Latin letters; leaves any other character
 * (emoji, Arabic script) as it is.
 */
export function foldToGsm7(text: string): string {
  let result = text.normalize('NFC');
  if (isGsm7(result)) return result;
  for (const [pattern, replacement] of CONTEXTUAL) result = result.replace(pattern, replacement);
  // Graphemes matter only around combining marks, joiners, variation selectors and astral characters
  // (emoji); elsewhere one code point is one grapheme, and walking code points is much faster.
  const units = /\p{M}|\u200D|[\uFE0E\uFE0F\r]|[\u{10000}-\u{10FFFF}]/u.test(result)
    ? Array.from(graphemes(result), (g) => g.segment)
    : result;
  let folded = '';
  for (const unit of units) folded += foldGrapheme(unit);
  return folded;
}

/** The text to send: folded when folding makes it pure GSM-7, otherwise the original (a UCS-2 message). */
export function toSmsText(text: string): string {
  const folded = foldToGsm7(text);
  return isGsm7(folded) ? folded : text.normalize('NFC');
}
