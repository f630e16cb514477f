/**
 * The words of danger, as a coordinator writes them in `locales/<lang>/danger.json`: word classes, the
 * patterns of each danger category, the exceptions (idioms that only look like danger) and the negation
 * words. This module checks the JSON and turns it into typed rules; `compile-danger.ts` indexes them.
 *
 * ```json
 * {
 *   "words": { "mourir": ["mourir", "crever", "creve*"], "pills": ["medicaments", "cachets", "comprime*"] },
 *   "negation": { "words": ["pas", "jamais", "aucun"], "before": 3, "reset": ["mais"] },
 *   "categories": {
 *     "suicide": { "patterns": ["envie|veux ~2 @mourir", "@me tuer"], "except": ["meurs de faim"] },
 *     "chest-pain": { "negatable": true, "patterns": ["mal|douleur ~3 poitrine", "poitrine & serre*"] }
 *   }
 * }
 * ```
 *
 * A pattern is a sequence of elements separated by spaces. An element is a word (`poitrine`, matched
 * accents and case aside, with a typo tolerated in words of 7 letters or more), a prefix (`etouf*`), a
 * suffix (`*ني`), a part of a word (`*ضرب*`), a class of words (`@mourir`), alternatives (`mal|douleur`),
 * or any of these made optional with a final `?` (`me?`). Alternatives of several words go in
 * parentheses: `mal au (coeur|ventre et au bras)` stands for two patterns. Between two elements at most 2
 * other words may come, or N with `~N` written between them. `A & B` matches when both parts are found,
 * in any order, within 8 words (or N with `&N`).
 */
import type { Problem } from '../../content/problem.js';
import { DANGER_KINDS, type DangerKind } from '../../orientation/situation.js';

/** One way a word of the message can match: exactly (typo-tolerant), by its start, its end, or a part. */
export type AtomKind = 'word' | 'prefix' | 'suffix' | 'infix';
export interface Atom {
  kind: AtomKind;
  /** Normalised (see normalize-text.ts), without the `*` marks. */
  text: string;
}

export interface Element {
  atoms: Atom[];
  optional: boolean;
  /** Most words allowed between the previous element and this one. */
  gapBefore: number;
}

/** A sequence of elements; a pattern is one or more sequences found within `window` words. */
export interface Pattern {
  source: string;
  parts: Element[][];
  window: number;
}

export interface CategoryRules {
  patterns: Pattern[];
  except: Pattern[];
  /** Whether a negation word just before ("pas de douleur") cancels a match. */
  negatable: boolean;
}

export interface Negation {
  words: Atom[];
  /** How many words before a match a negation word may stand. */
  before: number;
  /** Words that end the negation's reach ("mais", "but"). */
  reset: Atom[];
}

/** The danger rules of one language file. */
export interface DangerRules {
  file: string;
  categories: Partial<Record<DangerKind, CategoryRules>>;
  negation: Negation;
}

export const DEFAULT_GAP = 2;
export const DEFAULT_WINDOW = 8;
const MAX_GAP = 12;
const MIN_AFFIX = 2;
/** A pattern with groups stands for at most this many patterns. */
const MAX_EXPANSIONS = 64;

/** `a (b c|d) e` → [`a b c e`, `a d e`]; nested groups are expanded too. Null when unbalanced or too many. */
export function expandGroups(text: string): string[] | null {
  const open = text.indexOf('(');
  if (open < 0) return text.includes(')') ? null : [text];
  let depth = 0;
  let close = -1;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return null;
  const inner = text.slice(open + 1, close);
  // Split the group's alternatives at its own level only.
  const alternatives: string[] = [];
  let level = 0;
  let from = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '(') level++;
    else if (inner[i] === ')') level--;
    else if (inner[i] === '|' && level === 0) {
      alternatives.push(inner.slice(from, i));
      from = i + 1;
    }
  }
  alternatives.push(inner.slice(from));
  // One-word alternatives stay one element ("a|b|c"); each alternative of several words is a variant.
  const single = alternatives.map((a) => a.trim()).filter((a) => a !== '' && !/[\s()]/.test(a));
  const variants = [
    ...(single.length > 0 ? [single.join('|')] : []),
    ...alternatives.filter((a) => /[\s()]/.test(a.trim())),
  ];
  const out: string[] = [];
  for (const alternative of variants) {
    const rest = expandGroups(`${text.slice(0, open)} ${alternative} ${text.slice(close + 1)}`);
    if (rest === null) return null;
    out.push(...rest);
    if (out.length > MAX_EXPANSIONS) return null;
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type Normalize = (text: string) => string[];

/**
 * Checks and converts one danger file. Every problem names the file and the field; a broken pattern is
 * left out (an error), an unknown section is a warning.
 */
export function parseDangerRules(
  json: unknown,
  file: string,
  normalize: Normalize,
): { rules: DangerRules; problems: Problem[] } {
  const problems: Problem[] = [];
  const rules: DangerRules = { file, categories: {}, negation: { words: [], before: 3, reset: [] } };
  const error = (field: string, message: string): void => {
    problems.push({ file, field, message, severity: 'error' });
  };
  if (!isRecord(json)) {
    error('', 'a danger file is a JSON object with words, negation and categories');
    return { rules, problems };
  }
  for (const key of Object.keys(json)) {
    if (!['words', 'negation', 'categories'].includes(key) && !key.startsWith('_'))
      problems.push({
        file,
        field: key,
        message: `unknown section "${key}" is ignored`,
        severity: 'warning',
      });
  }

  // Word classes: each entry a word, prefix, suffix or part, or another class (@name).
  const rawClasses = isRecord(json.words) ? json.words : {};
  if (json.words !== undefined && !isRecord(json.words)) error('words', 'must be an object of word lists');
  const classes = new Map<string, Atom[]>();
  const resolving = new Set<string>();
  const classAtoms = (name: string, field: string): Atom[] | undefined => {
    const done = classes.get(name);
    if (done) return done;
    const list = rawClasses[name];
    if (!Array.isArray(list)) {
      error(field, `no word class "@${name}" in "words"`);
      return undefined;
    }
    if (resolving.has(name)) {
      error(`words/${name}`, `the class "@${name}" includes itself`);
      return undefined;
    }
    resolving.add(name);
    const atoms: Atom[] = [];
    list.forEach((entry: unknown, i) => {
      if (typeof entry !== 'string' || entry.trim() === '') {
        error(`words/${name}/${i}`, 'must be a non-empty string');
        return;
      }
      atoms.push(...(parseAtoms(entry.trim(), `words/${name}/${i}`) ?? []));
    });
    resolving.delete(name);
    classes.set(name, atoms);
    return atoms;
  };

  const parseAtom = (text: string, field: string): Atom[] | undefined => {
    if (text.startsWith('@')) return classAtoms(text.slice(1), field);
    const starts = text.startsWith('*');
    const ends = text.endsWith('*') && text.length > 1;
    const core = text.slice(starts ? 1 : 0, ends ? -1 : undefined);
    const words = normalize(core);
    if (words.length !== 1 || words[0] === undefined) {
      error(field, `"${text}" must be one word once normalised (write several words as a sequence)`);
      return undefined;
    }
    const norm = words[0];
    const kind: AtomKind = starts && ends ? 'infix' : starts ? 'suffix' : ends ? 'prefix' : 'word';
    if (kind !== 'word' && [...norm].length < MIN_AFFIX) {
      error(field, `"${text}": a prefix, suffix or part needs at least ${MIN_AFFIX} letters`);
      return undefined;
    }
    return [{ kind, text: norm }];
  };

  function parseAtoms(text: string, field: string): Atom[] | undefined {
    const atoms: Atom[] = [];
    for (const alternative of text.split('|')) {
      const parsed = parseAtom(alternative, field);
      if (!parsed) return undefined;
      atoms.push(...parsed);
    }
    return atoms;
  }

  const parseSequence = (text: string, field: string): Element[] | undefined => {
    const elements: Element[] = [];
    let gap = DEFAULT_GAP;
    for (const piece of text.split(/\s+/).filter((p) => p !== '')) {
      const gapMark = /^~(\d+)$/.exec(piece);
      if (gapMark) {
        gap = Math.min(Number(gapMark[1]), MAX_GAP);
        continue;
      }
      const optional = piece.endsWith('?') && piece.length > 1;
      const body = optional ? piece.slice(0, -1) : piece;
      // A written phrase ("j'ai", "s'il") normalises to several words: each is an element, side by side.
      if (!body.includes('|') && !body.includes('*') && !body.startsWith('@') && normalize(body).length > 1) {
        normalize(body).forEach((word, k) =>
          elements.push({ atoms: [{ kind: 'word', text: word }], optional, gapBefore: k === 0 ? gap : 0 }),
        );
        gap = DEFAULT_GAP;
        continue;
      }
      const atoms = parseAtoms(body, field);
      if (!atoms) return undefined;
      if (atoms.length === 0) {
        error(field, `"${piece}" matches no word`);
        return undefined;
      }
      elements.push({ atoms, optional, gapBefore: gap });
      gap = DEFAULT_GAP;
    }
    const first = elements[0];
    const last = elements[elements.length - 1];
    if (!first || !last) {
      error(field, 'is empty');
      return undefined;
    }
    if (first.optional || last.optional) {
      error(field, `"${text}": the first and last elements cannot be optional`);
      return undefined;
    }
    return elements;
  };

  const parsePattern = (value: string, field: string): Pattern | undefined => {
    let window = DEFAULT_WINDOW;
    const parts: Element[][] = [];
    for (const [i, part] of value.split(/\s&(\d*)\s/).entries()) {
      // split() with a capture group interleaves the captured window sizes.
      if (i % 2 === 1) {
        if (part !== '') window = Math.max(window, Number(part));
        continue;
      }
      const sequence = parseSequence(part, field);
      if (!sequence) return undefined;
      parts.push(sequence);
    }
    return { source: value, parts, window };
  };

  const patternList = (value: unknown, field: string): Pattern[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      error(field, 'must be a list of patterns');
      return [];
    }
    return value.flatMap((p: unknown, i) => {
      if (typeof p !== 'string' || p.trim() === '') {
        error(`${field}/${i}`, 'a pattern must be a non-empty string');
        return [];
      }
      const variants = expandGroups(p);
      if (variants === null) {
        error(`${field}/${i}`, `"${p}": unbalanced parentheses, or more than ${MAX_EXPANSIONS} variants`);
        return [];
      }
      return variants.flatMap((v) => {
        const pattern = parsePattern(v, `${field}/${i}`);
        return pattern ? [{ ...pattern, source: p }] : [];
      });
    });
  };

  // Every class is checked, used or not: a coordinator's mistake shows even before a pattern uses it.
  for (const name of Object.keys(rawClasses)) classAtoms(name, `words/${name}`);

  if (json.categories !== undefined && !isRecord(json.categories)) error('categories', 'must be an object');
  const categories = isRecord(json.categories) ? json.categories : {};
  for (const [kind, value] of Object.entries(categories)) {
    const field = `categories/${kind}`;
    if (!(DANGER_KINDS as readonly string[]).includes(kind)) {
      error(field, `unknown danger "${kind}" (expected one of ${DANGER_KINDS.join(', ')})`);
      continue;
    }
    if (!isRecord(value)) {
      error(field, 'must be an object with patterns (and except, negatable)');
      continue;
    }
    if (value.negatable !== undefined && typeof value.negatable !== 'boolean')
      error(`${field}/negatable`, 'must be true or false');
    rules.categories[kind as DangerKind] = {
      patterns: patternList(value.patterns, `${field}/patterns`),
      except: patternList(value.except, `${field}/except`),
      negatable: value.negatable === true,
    };
  }

  if (json.negation !== undefined) {
    const n = json.negation;
    if (!isRecord(n)) error('negation', 'must be an object with words, before and reset');
    else {
      const atomList = (list: unknown, field: string): Atom[] =>
        Array.isArray(list)
          ? list.flatMap((w: unknown, i) =>
              typeof w === 'string' ? (parseAtoms(w, `${field}/${i}`) ?? []) : [],
            )
          : [];
      rules.negation = {
        words: atomList(n.words, 'negation/words'),
        before: typeof n.before === 'number' && n.before >= 0 ? Math.min(n.before, MAX_GAP) : 3,
        reset: atomList(n.reset, 'negation/reset'),
      };
    }
  }
  return { rules, problems };
}
