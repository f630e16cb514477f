/**
 * Finds danger in a message: every category whose patterns match the message's words, unless the match is
 * an exception (an idiom: "je meurs de faim") or, for a category that allows it, is negated ("pas de
 * douleur dans la poitrine"). Words are compared accents, case and doubled letters aside, with one typo
 * tolerated in words of 7 letters or more (two from 10), never on the first letter, so "sufoque",
 * "poitrinne" or "convultions" count.
 *
 * Pure and bounded: a message is cut to `MAX_TOKENS` words, and each distinct word is looked up once.
 *
 * Example: `detectDanger(tokenize("jsui tombé g avalé tt la boite de cachets"), index)` →
 * `[{ kind: 'overdose', start: 5, end: 11 }]`.
 */
import { distance } from 'fastest-levenshtein';
import type { DangerKind } from '../../orientation/situation.js';
import type { Token } from '../understand/normalize-text.js';
import { fold, MIN_FUZZY_LENGTH } from './compile-danger.js';
import type { CompiledElement, CompiledPattern, DangerIndex } from './compile-danger.js';

export interface DangerMatch {
  kind: DangerKind;
  /** Tokens [start, end) of the message. */
  start: number;
  end: number;
  /** The pattern that matched, for reports. */
  pattern: string;
}

/** Nobody describes a danger in more words than this; it bounds the work on a very long message. */
export const MAX_TOKENS = 400;
const MAX_CACHED = 20_000;
const LATIN = /^[a-z]+$/;
/** j' before anything ("jsaigne", "jme"); m' s' l' d' n' t' c' qu' only before a vowel or h, as elision goes. */
const GLUED = /^(?:j([a-z]{3,})|(?:qu|[mstldnc])([aeiouyh][a-z]{2,}))$/;

/** The atoms a word matches as written: whole word, prefix, suffix, infix. */
function exactAtoms(word: string, folded: string, index: DangerIndex, found: Set<number>): void {
  for (const id of index.words.get(folded) ?? []) found.add(id);
  for (const p of index.prefixes) if (folded.startsWith(p.text)) found.add(p.id);
  for (const s of index.suffixes) if (word.endsWith(s.text) && word !== s.text) found.add(s.id);
  for (const s of index.infixes) if (word.includes(s.text)) found.add(s.id);
}

/** The atoms (numbers) one word of a message matches. */
function atomsOf(word: string, index: DangerIndex): readonly number[] {
  const folded = fold(word);
  const cached = index.cache.get(folded);
  if (cached) return cached;
  const found = new Set<number>();
  exactAtoms(word, folded, index, found);
  // French SMS glues an elided pronoun to its verb: "jsaigne", "mavoir", "seffondrer", "quil". A word that
  // means nothing by itself is read without that letter too (exactly: no typo on top of the glue).
  const glued = GLUED.exec(folded);
  const rest = glued?.[1] ?? glued?.[2];
  if (found.size === 0 && rest) exactAtoms(rest, rest, index, found);
  // One typo (two in words of 10 letters or more), never on the first letter, and only in a word the
  // lexicons do not know as something else.
  if (
    found.size === 0 &&
    LATIN.test(folded) &&
    folded.length >= MIN_FUZZY_LENGTH - 1 &&
    !index.known.has(folded)
  ) {
    const max = folded.length >= 10 ? 2 : 1;
    for (let len = folded.length - max; len <= folded.length + max; len++) {
      for (const candidate of index.fuzzy.get(len) ?? []) {
        const allowed = candidate.text.length >= 10 ? 2 : 1;
        if (
          candidate.text[0] === folded[0] &&
          Math.abs(len - folded.length) <= allowed &&
          distance(folded, candidate.text) <= allowed
        )
          found.add(candidate.id);
      }
    }
  }
  const atoms = [...found];
  if (index.cache.size >= MAX_CACHED) index.cache.clear();
  index.cache.set(folded, atoms);
  return atoms;
}

interface Span {
  start: number;
  end: number;
}

type Hits = readonly ReadonlySet<number>[];

function hasAny(hits: ReadonlySet<number> | undefined, atoms: ReadonlySet<number>): boolean {
  if (!hits || hits.size === 0) return false;
  for (const a of atoms) if (hits.has(a)) return true;
  return false;
}

/** Every way a sequence matches starting exactly at `start` (shortest first, at most one per start). */
function sequenceAt(elements: readonly CompiledElement[], hits: Hits, start: number): Span | null {
  const first = elements[0];
  if (!first || !hasAny(hits[start], first.atoms)) return null;
  const used: number[] = [start];
  // `used` holds the positions of the elements matched so far; the span ends after the last one.
  const walk = (k: number, last: number, slack: number): boolean => {
    const el = elements[k];
    if (!el) return true;
    const reach = el.gapBefore + slack;
    for (let p = last + 1; p <= last + 1 + reach && p < hits.length; p++) {
      if (!hasAny(hits[p], el.atoms)) continue;
      used.push(p);
      if (walk(k + 1, p, 0)) return true;
      used.pop();
    }
    // An optional element may be missing: the next one may then come as far as both gaps allow.
    return el.optional && walk(k + 1, last, reach + 1);
  };
  if (!walk(1, start, 0)) return null;
  return { start, end: (used[used.length - 1] ?? start) + 1 };
}

function sequenceSpans(elements: readonly CompiledElement[], hits: Hits): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < hits.length; i++) {
    const span = sequenceAt(elements, hits, i);
    if (span) spans.push(span);
  }
  return spans;
}

/** Spans where every part of the pattern is found within its window. */
function patternSpans(pattern: CompiledPattern, hits: Hits): Span[] {
  const [first, ...rest] = pattern.parts;
  if (!first) return [];
  let combos = sequenceSpans(first, hits);
  for (const part of rest) {
    if (combos.length === 0) return [];
    const spans = sequenceSpans(part, hits);
    const next: Span[] = [];
    for (const a of combos) {
      for (const b of spans) {
        const start = Math.min(a.start, b.start);
        const end = Math.max(a.end, b.end);
        if (end - start <= pattern.window) next.push({ start, end });
      }
    }
    combos = next;
  }
  return combos;
}

/**
 * A negation word in the few words just before the match, within its clause. Words inside the match do not
 * count: a pattern that says "can't breathe" has its negation in it.
 */
function negated(
  span: Span,
  pattern: CompiledPattern,
  hits: Hits,
  tokens: readonly Token[],
  index: DangerIndex,
): boolean {
  const negation = index.negations[pattern.negation];
  if (!negation || negation.words.size === 0) return false;
  for (let p = span.start - 1; p >= 0 && p >= span.start - negation.before; p--) {
    if (tokens[p]?.breakAfter || hasAny(hits[p], negation.reset)) break;
    if (hasAny(hits[p], negation.words)) return true;
  }
  return false;
}

/**
 * The dangers said in a message, one match per category (the first found), categories in the order of
 * `DANGERS` (most urgent first).
 */
export function detectDanger(tokens: readonly Token[], index: DangerIndex): DangerMatch[] {
  const words = tokens.length > MAX_TOKENS ? tokens.slice(0, MAX_TOKENS) : tokens;
  const hits: Hits = words.map((t) => new Set(atomsOf(t.norm, index)));
  const found: DangerMatch[] = [];
  for (const category of index.categories) {
    const exceptions = category.except.flatMap((p) => patternSpans(p, hits));
    let match: DangerMatch | undefined;
    for (const pattern of category.patterns) {
      for (const span of patternSpans(pattern, hits)) {
        if (exceptions.some((e) => e.start < span.end && span.start < e.end)) continue;
        if (category.negatable && negated(span, pattern, hits, words, index)) continue;
        match = { kind: category.kind, start: span.start, end: span.end, pattern: pattern.source };
        break;
      }
      if (match) break;
    }
    if (match) found.push(match);
  }
  return found;
}
