/**
 * The danger rules of every language, indexed once at start: each distinct word, prefix, suffix or part
 * gets a number, so that a message's words are looked up once each and patterns compare numbers.
 */
import { DANGER_KINDS, type DangerKind } from '../../orientation/situation.js';
import type { Atom, DangerRules, Element, Pattern } from './danger-rules.js';

export interface CompiledElement {
  atoms: ReadonlySet<number>;
  optional: boolean;
  gapBefore: number;
}

export interface CompiledPattern {
  source: string;
  file: string;
  parts: CompiledElement[][];
  window: number;
  /** Index into `negations`: the negation words of the pattern's own language. */
  negation: number;
}

export interface CompiledNegation {
  words: ReadonlySet<number>;
  before: number;
  reset: ReadonlySet<number>;
}

export interface CompiledCategory {
  kind: DangerKind;
  patterns: CompiledPattern[];
  except: CompiledPattern[];
  negatable: boolean;
}

export interface DangerIndex {
  /** Whole words by folded form. */
  words: ReadonlyMap<string, readonly number[]>;
  /** Latin words of MIN_FUZZY_LENGTH letters or more by length, for typo tolerance. */
  fuzzy: ReadonlyMap<number, readonly { text: string; id: number }[]>;
  prefixes: readonly { text: string; id: number }[];
  suffixes: readonly { text: string; id: number }[];
  infixes: readonly { text: string; id: number }[];
  /** Words a typo must not be corrected from: they mean something else ("signe" is not "saigne"). */
  known: ReadonlySet<string>;
  categories: readonly CompiledCategory[];
  negations: readonly CompiledNegation[];
  /** Distinct look-ups of words already done (bounded), by folded word. */
  cache: Map<string, readonly number[]>;
  patternCount: number;
}

const LATIN = /^[a-z]+$/;
/** Accents are gone already; doubled letters are folded too ("frappe" = "frape", "etouffe" = "etoufe"). */
export function fold(word: string): string {
  return LATIN.test(word) ? word.replace(/(.)\1+/g, '$1') : word;
}
/** Typos are tolerated in words of 7 letters or more (towns like "Villes" or "Seurre" are not typos). */
export const MIN_FUZZY_LENGTH = 7;

/**
 * Indexes the rules of every language. `known` lists words of the other lexicons (need, rights…), which
 * a typo correction must never turn into a danger word.
 */
export function compileDanger(all: readonly DangerRules[], known: Iterable<string> = []): DangerIndex {
  const ids = new Map<string, number>();
  const words = new Map<string, number[]>();
  const fuzzy = new Map<number, { text: string; id: number }[]>();
  const prefixes: { text: string; id: number }[] = [];
  const suffixes: { text: string; id: number }[] = [];
  const infixes: { text: string; id: number }[] = [];
  const knownWords = new Set<string>([...known].map(fold));

  const idOf = (atom: Atom): number => {
    const text = atom.kind === 'word' || atom.kind === 'prefix' ? fold(atom.text) : atom.text;
    const key = `${atom.kind}:${text}`;
    let id = ids.get(key);
    if (id !== undefined) return id;
    id = ids.size;
    ids.set(key, id);
    const entry = { text, id };
    if (atom.kind === 'word') {
      words.set(text, [...(words.get(text) ?? []), id]);
      knownWords.add(text);
      if (LATIN.test(text) && text.length >= MIN_FUZZY_LENGTH) {
        fuzzy.set(text.length, [...(fuzzy.get(text.length) ?? []), entry]);
      }
    } else if (atom.kind === 'prefix') prefixes.push(entry);
    else if (atom.kind === 'suffix') suffixes.push(entry);
    else infixes.push(entry);
    return id;
  };
  const element = (e: Element): CompiledElement => ({
    atoms: new Set(e.atoms.map(idOf)),
    optional: e.optional,
    gapBefore: e.gapBefore,
  });

  const negations: CompiledNegation[] = [];
  const byKind = new Map<DangerKind, CompiledCategory>();
  let patternCount = 0;
  for (const rules of all) {
    const negation = negations.length;
    negations.push({
      words: new Set(rules.negation.words.map(idOf)),
      before: rules.negation.before,
      reset: new Set(rules.negation.reset.map(idOf)),
    });
    const compile = (p: Pattern): CompiledPattern => ({
      source: p.source,
      file: rules.file,
      parts: p.parts.map((part) => part.map(element)),
      window: p.window,
      negation,
    });
    for (const kind of DANGER_KINDS) {
      const category = rules.categories[kind];
      if (!category) continue;
      const target = byKind.get(kind) ?? { kind, patterns: [], except: [], negatable: false };
      target.patterns.push(...category.patterns.map(compile));
      target.except.push(...category.except.map(compile));
      // Negation is a property of the category: any language that says it is negatable makes it so.
      target.negatable = target.negatable || category.negatable;
      patternCount += category.patterns.length;
      byKind.set(kind, target);
    }
  }
  return {
    words,
    fuzzy,
    prefixes,
    suffixes,
    infixes,
    known: knownWords,
    categories: DANGER_KINDS.flatMap((kind) => byKind.get(kind) ?? []),
    negations,
    cache: new Map(),
    patternCount,
  };
}
