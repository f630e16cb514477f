/**
 * Text normalisation shared by the lexicon (phrases) and the messages, so both sides always meet in the
 * same form: lower case, no accents, punctuation and apostrophes as token boundaries, Arabic letters
 * folded (hamza forms, tā' marbūṭa, alif maqṣūra, tatweel, article), Arabic-Indic digits as ASCII
 * digits, letters repeated three times or more squeezed ("ouiiii" → "oui") and common SMS shortcuts
 * expanded ("jai" → "j ai", "chui" → "je suis", "im" → "i m").
 *
 * Tokens keep their offsets in the original message so a place name can be cut out as it was typed.
 */

/** One word of a message: its normalised form and where it was in the original text. */
export interface Token {
  norm: string;
  /** Offset of the first character in the original text. */
  start: number;
  /** Offset just after the last character in the original text. */
  end: number;
  /** True when a clause mark (. , ; : ! ? …, line break, parenthesis) follows this token. */
  breakAfter: boolean;
}

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const CLAUSE = /[.,;:!?…\n\r()[\]{}«»"“”|/\\]/u;
const MARKS = /\p{M}+/gu;
const REPEATS = /(\p{L})\1{2,}/gu;
const ARABIC = /[\u0600-\u06ff]/u;
const ARABIC_ARTICLE = /^(?:(?:وال|بال|فال|كال)(?=.{3})|(?:لل|ال)(?=.{2}))/u;

const CHAR_FOLD: Record<string, string> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ı: 'i',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  ة: 'ه',
  ى: 'ي',
  ی: 'ي',
  ک: 'ك',
  ڭ: 'ك',
  گ: 'ك',
  ڤ: 'ف',
  پ: 'ب',
  ـ: '',
};
const FOLDABLE = new RegExp(`[${Object.keys(CHAR_FOLD).join('')}]`, 'gu');

/** Arabic-Indic (U+0660…) and Extended Arabic-Indic (U+06F0…) digits to ASCII digits. */
function asciiDigits(word: string): string {
  let out = '';
  for (const char of word) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x660 && code <= 0x669) out += String(code - 0x660);
    else if (code >= 0x6f0 && code <= 0x6f9) out += String(code - 0x6f0);
    else out += char;
  }
  return out;
}

/**
 * SMS and chat shortcuts, expanded on both sides. Only unambiguous ones: "c", "t" or "ya" stay as they are.
 * Written already normalised.
 */
const EXPANSIONS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    jai: 'j ai',
    g: 'j ai',
    jsuis: 'je suis',
    jsui: 'je suis',
    chui: 'je suis',
    chuis: 'je suis',
    jss: 'je suis',
    jpp: 'j en peux plus',
    jpeux: 'je peux',
    jpx: 'je peux',
    jveux: 'je veux',
    jveu: 'je veux',
    jvx: 'je veux',
    jvais: 'je vais',
    jme: 'je me',
    jarrive: 'j arrive',
    jarrete: 'j arrete',
    jattends: 'j attends',
    jattend: 'j attends',
    jen: 'j en',
    jsais: 'je sais',
    chais: 'je sais',
    jdors: 'je dors',
    jfume: 'je fume',
    jbois: 'je bois',
    jhabite: 'j habite',
    pa: 'pas',
    plu: 'plus',
    vital: 'vitale',
    mutuel: 'mutuelle',
    pr: 'pour',
    ds: 'dans',
    ke: 'que',
    koi: 'quoi',
    kan: 'quand',
    ki: 'qui',
    pk: 'pourquoi',
    pq: 'pourquoi',
    pkoi: 'pourquoi',
    tt: 'tout',
    tjr: 'toujours',
    tjrs: 'toujours',
    bcp: 'beaucoup',
    mtn: 'maintenant',
    mnt: 'maintenant',
    auj: 'aujourd hui',
    ajd: 'aujourd hui',
    aujd: 'aujourd hui',
    rdv: 'rendez vous',
    dc: 'donc',
    im: 'i m',
    dont: 'don t',
    cant: 'can t',
    wont: 'won t',
    doesnt: 'doesn t',
    didnt: 'didn t',
    isnt: 'isn t',
    ive: 'i ve',
    wanna: 'want to',
    gonna: 'going to',
    gotta: 'got to',
    u: 'you',
    ur: 'your',
    pls: 'please',
    plz: 'please',
    thx: 'thanks',
    cuz: 'because',
    coz: 'because',
  }).map(([short, long]) => [short, long.split(' ')]),
);

/** Normalises one word (a run of letters, digits and marks) into zero, one or more tokens. */
export function normalizeWord(word: string): string[] {
  let w = word.toLowerCase().normalize('NFD').replace(MARKS, '');
  w = w.replace(FOLDABLE, (char) => CHAR_FOLD[char] ?? char);
  w = asciiDigits(w).replace(REPEATS, '$1');
  if (w === '') return [];
  if (ARABIC.test(w)) w = w.replace(ARABIC_ARTICLE, '');
  return [...(EXPANSIONS.get(w) ?? [w])];
}

/**
 * Splits a message into normalised tokens with their offsets. Dotted acronyms ("c.m.u", "A.M.E.") are
 * joined into one token.
 */
export function tokenize(text: string): Token[] {
  const words: { raw: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    words.push({ raw: m[0], start, end: start + m[0].length });
  }
  // Join single letters separated by exactly one dot: "c.m.u" → "cmu", "A.M.E." → "ame".
  const single = (i: number): boolean => /^\p{L}$/u.test(words[i]?.raw ?? '');
  const joined: { raw: string; start: number; end: number }[] = [];
  for (let i = 0; i < words.length; i++) {
    const first = words[i];
    if (first === undefined) continue;
    let j = i;
    let raw = first.raw;
    while (single(j) && single(j + 1) && text.slice(words[j]?.end, words[j + 1]?.start) === '.') {
      j++;
      raw += words[j]?.raw ?? '';
    }
    joined.push({ raw, start: first.start, end: words[j]?.end ?? first.end });
    i = j;
  }
  const tokens: Token[] = [];
  for (let i = 0; i < joined.length; i++) {
    const word = joined[i];
    if (word === undefined) continue;
    const next = joined[i + 1];
    const gap = text.slice(word.end, next ? next.start : text.length);
    const parts = normalizeWord(word.raw);
    parts.forEach((norm, k) => {
      tokens.push({
        norm,
        start: word.start,
        end: word.end,
        breakAfter: k === parts.length - 1 && CLAUSE.test(gap),
      });
    });
  }
  return tokens;
}

/** The normalised tokens of a text (a lexicon phrase or a message). */
export function normalizeTokens(text: string): string[] {
  return tokenize(text).map((t) => t.norm);
}

/** The normalised form of a text, tokens joined by single spaces: "J'ai pas de Sécu !" → "j ai pas de secu". */
export function normalizeText(text: string): string {
  return normalizeTokens(text).join(' ');
}

/** True for a token made only of Latin letters a–z (the only ones the typo correction touches). */
export function isLatinWord(token: string): boolean {
  return /^[a-z]+$/.test(token);
}
