/**
 * The lexicon: what people write for each slot value, yes/no, "I don't know" and keywords, one
 * JSON file per language (`locales/<lang>/lexicon.json`). This module parses and checks the JSON (the
 * loader that reads the files belongs to the content layer), merges lexicons, and compiles one into a
 * phrase index for fast matching.
 *
 * Phrases are written normalised ("j ai pas de secu"); they are normalised again with the same function
 * as the messages, so accents or capitals in the file do no harm.
 */
import { distance } from 'fastest-levenshtein';
import type { Problem } from '../../content/problem.js';
import { LANGUAGES, NEEDS, RIGHTS, SUBSTANCES } from '../../orientation/situation.js';
import type { Language, Need, Rights, Substance } from '../../orientation/situation.js';
import { KEYWORDS } from './types.js';
import type { Keyword, KeywordHit } from './types.js';
import { isLatinWord, normalizeTokens } from './normalize-text.js';

export const FLAGS = ['precarious', 'forRelative', 'cannotWait', 'canWait', 'knownToCmp'] as const;
export type FlagName = (typeof FLAGS)[number];

export type PhraseList = readonly string[];
/** Keywords other than `language`, which lists phrases per target language. */
export type PlainKeyword = Exclude<Keyword, 'language'>;

export interface LexiconKeywords extends Partial<Record<PlainKeyword, PhraseList>> {
  language?: Partial<Record<Language, PhraseList>>;
}

/** The parsed lexicon of one language (or several merged). Every section may be empty. */
export interface Lexicon {
  rights: Partial<Record<Rights, PhraseList>>;
  need: Partial<Record<Need, PhraseList>>;
  substance: Partial<Record<Substance, PhraseList>>;
  flags: Partial<Record<FlagName, PhraseList>>;
  yes: PhraseList;
  no: PhraseList;
  dontKnow: PhraseList;
  keywords: LexiconKeywords;
}

export function emptyLexicon(): Lexicon {
  return {
    rights: {},
    need: {},
    substance: {},
    flags: {},
    yes: [],
    no: [],
    dontKnow: [],
    keywords: {},
  };
}

const KEYED_SECTIONS = {
  rights: RIGHTS,
  need: NEEDS,
  substance: SUBSTANCES,
  flags: FLAGS,
} as const;
type KeyedSection = keyof typeof KEYED_SECTIONS;
const LIST_SECTIONS = ['yes', 'no', 'dontKnow'] as const;
type ListSection = (typeof LIST_SECTIONS)[number];
const PLAIN_KEYWORDS = KEYWORDS.filter((k): k is PlainKeyword => k !== 'language');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks and converts the JSON of one lexicon file. Unknown slot values, non-string phrases and phrases
 * that normalise to nothing are errors (and left out); unknown sections and a phrase listed under two
 * values of the same section are warnings.
 */
export function parseLexicon(json: unknown, file: string): { lexicon: Lexicon; problems: Problem[] } {
  const problems: Problem[] = [];
  const lexicon = emptyLexicon();
  const error = (field: string, message: string): void => {
    problems.push({ file, field, message, severity: 'error' });
  };
  const warn = (field: string, message: string): void => {
    problems.push({ file, field, message, severity: 'warning' });
  };
  if (!isRecord(json)) {
    error('', 'the lexicon must be a JSON object');
    return { lexicon, problems };
  }

  const phrases = (value: unknown, field: string): string[] => {
    if (!Array.isArray(value)) {
      error(field, 'must be a list of phrases');
      return [];
    }
    const out: string[] = [];
    const seen = new Set<string>();
    value.forEach((item: unknown, i) => {
      if (typeof item !== 'string') {
        error(`${field}/${i}`, `a phrase must be a string, not ${JSON.stringify(item)}`);
        return;
      }
      const norm = normalizeTokens(item).join(' ');
      if (norm === '') {
        error(`${field}/${i}`, `the phrase ${JSON.stringify(item)} is empty once normalised`);
        return;
      }
      if (seen.has(norm)) {
        warn(`${field}/${i}`, `the phrase ${JSON.stringify(item)} is listed twice`);
        return;
      }
      seen.add(norm);
      out.push(item);
    });
    return out;
  };

  const keyed = <S extends KeyedSection>(section: S): void => {
    const value = json[section];
    if (value === undefined) return;
    if (!isRecord(value)) {
      error(section, 'must be an object of phrase lists');
      return;
    }
    const allowed: readonly string[] = KEYED_SECTIONS[section];
    const owner = new Map<string, string>();
    const target: Record<string, PhraseList> = {};
    for (const [key, list] of Object.entries(value)) {
      if (!allowed.includes(key)) {
        error(`${section}/${key}`, `unknown value "${key}" (expected one of ${allowed.join(', ')})`);
        continue;
      }
      const parsed = phrases(list, `${section}/${key}`);
      for (const phrase of parsed) {
        const norm = normalizeTokens(phrase).join(' ');
        const other = owner.get(norm);
        if (other !== undefined) {
          warn(`${section}/${key}`, `the phrase "${phrase}" is also listed under ${section}/${other}`);
        } else owner.set(norm, key);
      }
      target[key] = parsed;
    }
    Object.assign(lexicon[section], target);
  };
  for (const section of Object.keys(KEYED_SECTIONS) as KeyedSection[]) keyed(section);

  for (const section of LIST_SECTIONS) {
    if (json[section] !== undefined) lexicon[section] = phrases(json[section], section);
  }
  const answers = new Map<string, ListSection>();
  for (const section of LIST_SECTIONS) {
    for (const phrase of lexicon[section]) {
      const norm = normalizeTokens(phrase).join(' ');
      const other = answers.get(norm);
      if (other !== undefined) warn(section, `the phrase "${phrase}" is also listed under ${other}`);
      else answers.set(norm, section);
    }
  }

  const keywords = json['keywords'];
  if (keywords !== undefined) {
    if (!isRecord(keywords)) error('keywords', 'must be an object');
    else {
      for (const [key, list] of Object.entries(keywords)) {
        if (key === 'language') {
          if (!isRecord(list)) {
            error('keywords/language', 'must be an object of phrase lists per language');
            continue;
          }
          const languages: Partial<Record<Language, PhraseList>> = {};
          for (const [lang, langList] of Object.entries(list)) {
            if (!(LANGUAGES as readonly string[]).includes(lang)) {
              error(
                `keywords/language/${lang}`,
                `unknown language "${lang}" (expected one of ${LANGUAGES.join(', ')})`,
              );
              continue;
            }
            languages[lang as Language] = phrases(langList, `keywords/language/${lang}`);
          }
          lexicon.keywords.language = languages;
        } else if ((PLAIN_KEYWORDS as readonly string[]).includes(key)) {
          lexicon.keywords[key as PlainKeyword] = phrases(list, `keywords/${key}`);
        } else {
          error(`keywords/${key}`, `unknown keyword "${key}" (expected one of ${KEYWORDS.join(', ')})`);
        }
      }
    }
  }

  const known = new Set<string>([...Object.keys(KEYED_SECTIONS), ...LIST_SECTIONS, 'keywords']);
  for (const key of Object.keys(json)) {
    if (!known.has(key)) warn(key, `unknown section "${key}" is ignored`);
  }
  return { lexicon, problems };
}

function union(...lists: (PhraseList | undefined)[]): PhraseList {
  return [...new Set(lists.flatMap((l) => l ?? []))];
}

function unionKeyed<K extends string>(
  ...maps: Partial<Record<K, PhraseList>>[]
): Partial<Record<K, PhraseList>> {
  const out: Partial<Record<K, PhraseList>> = {};
  for (const map of maps) {
    for (const [key, list] of Object.entries(map) as [K, PhraseList | undefined][]) {
      out[key] = union(out[key], list);
    }
  }
  return out;
}

function unionKeywords(...all: LexiconKeywords[]): LexiconKeywords {
  const out: LexiconKeywords = {};
  for (const k of all) {
    for (const key of PLAIN_KEYWORDS) {
      if (k[key] !== undefined) out[key] = union(out[key], k[key]);
    }
    if (k.language !== undefined) out.language = unionKeyed(out.language ?? {}, k.language);
  }
  return out;
}

/** The union of several lexicons, section by section (phrases in the order met, without duplicates). */
export function mergeLexicons(...lexicons: Lexicon[]): Lexicon {
  return {
    rights: unionKeyed(...lexicons.map((l) => l.rights)),
    need: unionKeyed(...lexicons.map((l) => l.need)),
    substance: unionKeyed(...lexicons.map((l) => l.substance)),
    flags: unionKeyed(...lexicons.map((l) => l.flags)),
    yes: union(...lexicons.map((l) => l.yes)),
    no: union(...lexicons.map((l) => l.no)),
    dontKnow: union(...lexicons.map((l) => l.dontKnow)),
    keywords: unionKeywords(...lexicons.map((l) => l.keywords)),
  };
}

/** The lexicon for everything except keywords. */
function slotPart(lexicon: Lexicon): Lexicon {
  return { ...lexicon, keywords: {} };
}

/**
 * The lexicon to understand messages in `lang`, built once per language at start:
 * - fr-x-falc is its own lexicon merged over French;
 * - Arabic also matches the French phrases (people in France mix French words into Arabic and Darija);
 * - keywords of the language, French and English are all recognised (people text "STOP" in any language),
 *   and STOP and START of every language.
 */
export function lexiconFor(lang: Language, lexicons: Partial<Record<Language, Lexicon>>): Lexicon {
  const empty = emptyLexicon();
  const fr = lexicons.fr ?? empty;
  const en = lexicons.en ?? empty;
  const own = lexicons[lang] ?? empty;
  const base = lang === 'fr-x-falc' || lang === 'ar' ? mergeLexicons(own, slotPart(fr)) : own;
  // STOP and START must be heard in every language: the SMS channel lifts an opt-out on any START.
  const stopStart = Object.values(lexicons).map((l) => ({
    ...(l.keywords.stop ? { stop: l.keywords.stop } : {}),
    ...(l.keywords.start ? { start: l.keywords.start } : {}),
  }));
  const keywords = unionKeywords(own.keywords, fr.keywords, en.keywords, ...stopStart);
  return { ...base, keywords };
}

// ---------------------------------------------------------------------------------------------------
// Compiled form

/** Groups whose matches compete for the same words; matches of different groups never hide each other. */
export type Group = 'rights' | 'need' | 'substance' | 'flags' | 'answer';

interface Entry {
  tokens: readonly string[];
  group: Group;
  value: string;
}

/** A phrase found in a message: tokens [start, end) of the message. */
export interface Match {
  group: Group;
  value: string;
  start: number;
  end: number;
}

export interface CompiledLexicon {
  readonly lexicon: Lexicon;
  /** Phrases by first token, longest first. */
  readonly slots: ReadonlyMap<string, readonly Entry[]>;
  /** Whole-message keywords, by normalised text. */
  readonly keywords: ReadonlyMap<string, KeywordHit>;
  /** Words of the slot phrases long enough to be typo-corrected towards, by length. */
  readonly vocabulary: ReadonlySet<string>;
  readonly correctable: ReadonlyMap<number, readonly string[]>;
  /** Corrections already computed (bounded). */
  readonly corrections: Map<string, string | null>;
  phraseCount: number;
}

const compiledCache = new WeakMap<Lexicon, CompiledLexicon>();

function addEntries<K extends string>(
  index: Map<string, Entry[]>,
  group: Group,
  map: Partial<Record<K, PhraseList>>,
): number {
  let count = 0;
  for (const [value, list] of Object.entries(map) as [K, PhraseList | undefined][]) {
    for (const phrase of list ?? []) {
      const tokens = normalizeTokens(phrase);
      const first = tokens[0];
      if (first === undefined) continue;
      const bucket = index.get(first) ?? [];
      if (!bucket.some((e) => e.value === value && e.tokens.join(' ') === tokens.join(' '))) {
        bucket.push({ tokens, group, value });
        count++;
      }
      index.set(first, bucket);
    }
  }
  return count;
}

/** Compiles a lexicon into its phrase index. Cached per lexicon object: call it freely. */
export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const cached = compiledCache.get(lexicon);
  if (cached) return cached;
  const slots = new Map<string, Entry[]>();
  let phraseCount = 0;
  phraseCount += addEntries(slots, 'rights', lexicon.rights);
  phraseCount += addEntries(slots, 'need', lexicon.need);
  phraseCount += addEntries(slots, 'substance', lexicon.substance);
  phraseCount += addEntries(slots, 'flags', lexicon.flags);
  phraseCount += addEntries(slots, 'answer', {
    yes: lexicon.yes,
    no: lexicon.no,
    dontKnow: lexicon.dontKnow,
  });
  for (const bucket of slots.values()) bucket.sort((a, b) => b.tokens.length - a.tokens.length);

  const keywords = new Map<string, KeywordHit>();
  for (const keyword of PLAIN_KEYWORDS) {
    for (const phrase of lexicon.keywords[keyword] ?? []) {
      const norm = normalizeTokens(phrase).join(' ');
      if (norm !== '' && !keywords.has(norm)) keywords.set(norm, { keyword });
    }
  }
  for (const [lang, list] of Object.entries(lexicon.keywords.language ?? {}) as [Language, PhraseList][]) {
    for (const phrase of list) {
      const norm = normalizeTokens(phrase).join(' ');
      if (norm !== '' && !keywords.has(norm)) keywords.set(norm, { keyword: 'language', lang });
    }
  }

  const vocabulary = new Set<string>();
  for (const bucket of slots.values())
    for (const entry of bucket) for (const t of entry.tokens) vocabulary.add(t);
  const correctable = new Map<number, string[]>();
  for (const word of vocabulary) {
    if (word.length < MIN_TARGET_LENGTH || !isLatinWord(word)) continue;
    const list = correctable.get(word.length) ?? [];
    list.push(word);
    correctable.set(word.length, list);
  }

  const compiled: CompiledLexicon = {
    lexicon,
    slots,
    keywords,
    vocabulary,
    correctable,
    corrections: new Map(),
    phraseCount,
  };
  compiledCache.set(lexicon, compiled);
  return compiled;
}

/** Typo correction: a Latin word of 7 letters or more, unknown to the lexicon, one edit away from a known word of 6 or more. */
const MIN_WORD_LENGTH = 7;
const MIN_TARGET_LENGTH = 6;
const MAX_CACHED_CORRECTIONS = 10_000;

function correctWord(word: string, c: CompiledLexicon): string {
  if (word.length < MIN_WORD_LENGTH || c.vocabulary.has(word) || !isLatinWord(word)) return word;
  const cached = c.corrections.get(word);
  if (cached !== undefined) return cached ?? word;
  let found: string | null = null;
  for (const len of [word.length, word.length - 1, word.length + 1]) {
    for (const candidate of c.correctable.get(len) ?? []) {
      if (distance(word, candidate) <= 1) {
        found = candidate;
        break;
      }
    }
    if (found !== null) break;
  }
  if (c.corrections.size >= MAX_CACHED_CORRECTIONS) c.corrections.clear();
  c.corrections.set(word, found);
  return found ?? word;
}

/** The message tokens with typos towards lexicon words corrected ("grossese" → "grossesse"). */
export function correctTokens(tokens: readonly string[], c: CompiledLexicon): string[] {
  return tokens.map((t) => correctWord(t, c));
}

/** Every phrase of `index` found in `tokens` (overlaps included). */
export function findPhrases(
  tokens: readonly string[],
  index: ReadonlyMap<string, readonly Entry[]>,
): Match[] {
  const found: Match[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const bucket = index.get(tokens[i] ?? '');
    if (bucket === undefined) continue;
    for (const entry of bucket) {
      const n = entry.tokens.length;
      if (i + n > tokens.length) continue;
      let ok = true;
      for (let k = 1; k < n; k++) {
        if (tokens[i + k] !== entry.tokens[k]) {
          ok = false;
          break;
        }
      }
      if (ok) found.push({ group: entry.group, value: entry.value, start: i, end: i + n });
    }
  }
  return found;
}

/**
 * Keeps, within each group, the longest matches that do not overlap (ties: the earlier one, then the
 * one `rank` puts first).
 */
export function resolveOverlaps(matches: readonly Match[], rank: (m: Match) => number = () => 0): Match[] {
  const sorted = [...matches].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || rank(a) - rank(b) || a.start - b.start,
  );
  const kept: Match[] = [];
  for (const m of sorted) {
    if (kept.some((k) => k.group === m.group && k.start < m.end && m.start < k.end)) continue;
    kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Counts the phrases of a lexicon (each phrase once per value it stands for), for reports and tests. */
export function countPhrases(lexicon: Lexicon): number {
  let n = 0;
  for (const section of ['rights', 'need', 'substance', 'flags'] as const) {
    for (const list of Object.values(lexicon[section]) as (PhraseList | undefined)[]) n += list?.length ?? 0;
  }
  n += lexicon.yes.length + lexicon.no.length + lexicon.dontKnow.length;
  for (const key of PLAIN_KEYWORDS) n += lexicon.keywords[key]?.length ?? 0;
  for (const list of Object.values(lexicon.keywords.language ?? {}) as PhraseList[]) n += list.length;
  return n;
}
