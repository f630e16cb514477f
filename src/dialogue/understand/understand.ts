/**
 * Understanding one message, given what the question just asked expects. Pure apart from the lazy model
 * load of the recognizers (see recognizers.ts), which are called only for the value type the question
 * expects and only when the lexicon and the small number tables found nothing.
 *
 * Order: the choice (number, label, typo-tolerant label, lexicon synonym of an option id, recognizers);
 * the lexicon over the whole message (slots, yes/no, "I don't know"); the age; the recognizers for a
 * boolean or an age question; the place words; the danger patterns of every language (danger/), whose
 * words fill no other slot ("j'ai avalé toutes mes pilules" is an overdose, not contraception).
 */
import { distance } from 'fastest-levenshtein';
import type { Language, Need, Rights, Substance } from '../../orientation/situation.js';
import { detectDanger, type DangerIndex } from '../danger/index.js';
import { compileLexicon, correctTokens, findPhrases, resolveOverlaps } from './lexicon.js';
import type { FlagName, Lexicon, Match } from './lexicon.js';
import { normalizeTokens, tokenize } from './normalize-text.js';
import type { Token } from './normalize-text.js';
import { FILLERS, exactNumber, numberFromToken } from './numbers.js';
import { findPlaceText } from './place.js';
import { recognizerCulture } from './recognizers.js';
import type { RecognizedNumber, RecognizerCulture, Recognizers } from './recognizers.js';
import type { ChoiceOption, Expectation, Slots, Understanding } from './types.js';

export interface UnderstandDeps {
  /** The lexicon for the message's language, from `lexiconFor`. */
  lexicon: Lexicon;
  /** The danger patterns of every language (danger is looked for whatever the language). */
  danger: DangerIndex;
  recognizers: Recognizers;
}

/** Longer messages are cut: nobody describes a situation in more than this, and it bounds the cost. */
const MAX_LENGTH = 2000;

/** When several rights are said, the one that matters most for the orientation. */
const RIGHTS_PRIORITY: readonly Rights[] = ['pending', 'ame', 'none', 'full', 'basic', 'unknown'];
/** When several substances are said ("je fume trop de shit": tobacco and cannabis), the most specific. */
const SUBSTANCE_PRIORITY: readonly Substance[] = [
  'drugs',
  'cannabis',
  'alcohol',
  'gambling',
  'tobacco',
  'other',
];
/** Needs a more specific one overrides ("j'ai besoin d'un médecin pour ma grossesse" → pregnancy). */
const GENERIC_NEEDS: ReadonlySet<Need> = new Set([
  'general-care',
  'check-up',
  'rights-help',
  'complementary-insurance',
]);

function byPriority<T extends string>(found: readonly string[], priority: readonly T[]): T | undefined {
  return priority.find((v) => found.includes(v));
}

/** Ties between phrases of the same length: a specific need before a generic one. */
function rank(m: Match): number {
  return m.group === 'need' && GENERIC_NEEDS.has(m.value as Need) ? 1 : 0;
}

function lexiconMatches(words: readonly string[], index: Parameters<typeof findPhrases>[1]): Match[] {
  const kept = resolveOverlaps(findPhrases(words, index), rank);
  const longer = (m: Match, n: Match): boolean => n.end - n.start > m.end - m.start;
  return kept.filter((m) => {
    // A rights phrase inside a longer need phrase is part of the need ("demande de c2s" is not "c2s").
    if (m.group === 'rights') {
      return !kept.some((n) => n.group === 'need' && n.start <= m.start && m.end <= n.end && longer(m, n));
    }
    // A yes or a no overlapping a longer slot phrase is part of it ("I don't have insurance", "ماشي مستعجل").
    if (m.group === 'answer' && m.value !== 'dontKnow') {
      return !kept.some((n) => n.group !== 'answer' && n.start < m.end && m.start < n.end && longer(m, n));
    }
    return true;
  });
}

function fillSlots(matches: readonly Match[]): Slots {
  const slots: Slots = {};
  const of = (group: Match['group']): Match[] => matches.filter((m) => m.group === group);

  const rights = byPriority(
    of('rights').map((m) => m.value),
    RIGHTS_PRIORITY,
  );
  if (rights) slots.rights = rights;

  const substances = of('substance');
  const substance = byPriority(
    substances.map((m) => m.value),
    SUBSTANCE_PRIORITY,
  );
  if (substance) slots.substance = substance;

  // The first specific need said, else the first generic one, else addiction when only a substance was named.
  const needs = of('need').map((m) => m.value as Need);
  const need = needs.find((n) => !GENERIC_NEEDS.has(n)) ?? needs[0] ?? (substance ? 'addiction' : undefined);
  if (need) slots.need = need;

  const flags = new Set(of('flags').map((m) => m.value as FlagName));
  if (flags.has('precarious')) slots.precarious = true;
  if (flags.has('forRelative')) slots.forRelative = true;
  if (flags.has('knownToCmp')) slots.knownToCmp = true;
  if (flags.has('cannotWait')) slots.canWait = false;
  else if (flags.has('canWait')) slots.canWait = true;
  return slots;
}

// ---------------------------------------------------------------------------------------------------
// Age

const YEARS = new Set([
  'ans',
  'an',
  'annees',
  'annee',
  'years',
  'year',
  'yrs',
  'yr',
  'yo',
  'sana',
  'sna',
  'snin',
  'snine',
  '3am',
  'aam',
  'عام',
  'سنه',
  'سنين',
  'سنوات',
  'عاما',
  'ans',
  'piges',
  'balais',
]);
const MONTHS = new Set(['mois', 'month', 'months', 'شهر', 'اشهر', 'شهور', 'chhar', 'chhour', 'chhor']);
/** Words before "N ans" that make it a duration, not an age: "depuis 2 ans", "il y a 3 ans", "for 2 years". */
const DURATION_BEFORE = new Set([
  'depuis',
  'dans',
  'pendant',
  'fait',
  'durant',
  'since',
  'for',
  'in',
  'after',
  'apres',
  'avant',
  'ca',
  'plus',
  'moins',
  'tous',
  'les',
  'chaque',
  'every',
  'mnd',
  'men',
  'هاد',
  'منذ',
  'من',
  'لمده',
  'مده',
  'هادي',
]);
const DURATION_AFTER = new Set(['ago', 'que', 'qu', 'avant', 'plus', 'de', 'd']);
/** Words before a bare number that make it an age: "j'ai 17", "âge 17", "I'm 17", "عمري 17". */
const AGE_LEAD: readonly (readonly string[])[] = [
  ['j', 'ai'],
  ['age'],
  ['agee'],
  ['age', 'de'],
  ['i', 'm'],
  ['i', 'am'],
  ['aged'],
  ['age', 'is'],
  ['عمري'],
  ['3mri'],
  ['3omri'],
  ['omri'],
  ['3amri'],
];
const AGE_FOLLOW_OK = new Set(['et', 'mais', 'je', 'j', 'and', 'but', 'i', 'ans', 'an', 'bientot', 'و', 'w']);
const AGE_SUFFIXED = /^(\d{1,3})(ans|an|yo|y|yrs|years|a|sna|3am)$/;

function asAge(n: number): number | undefined {
  return Number.isInteger(n) && n >= 0 && n <= 120 ? n : undefined;
}

function endsWith(words: readonly string[], at: number, lead: readonly string[]): boolean {
  if (at - lead.length < 0) return false;
  return lead.every((w, k) => words[at - lead.length + k] === w);
}

/** An age said in the message ("17 ans", "j'ai 17", "17yo", "âge 17", "عمري 17"); any number for an age question. */
function findAge(
  words: readonly string[],
  tokens: readonly Token[],
  ageExpected: boolean,
): number | undefined {
  let firstNumber: number | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    const suffixed = AGE_SUFFIXED.exec(w);
    if (suffixed?.[1] !== undefined) {
      const age = asAge(Number(suffixed[1]));
      if (age !== undefined && !DURATION_BEFORE.has(words[i - 1] ?? '')) return age;
      continue;
    }
    if (!/^\d{1,3}$/.test(w)) continue;
    const n = asAge(Number(w));
    if (n === undefined) continue;
    const next = words[i + 1];
    const before = words[i - 1] ?? '';
    const isDuration =
      DURATION_BEFORE.has(before) ||
      (before === 'a' && words[i - 2] === 'y') ||
      DURATION_AFTER.has(words[i + 2] ?? '');
    if (next !== undefined && YEARS.has(next) && !isDuration) return n;
    if (ageExpected && next !== undefined && MONTHS.has(next)) return Math.floor(n / 12);
    if (AGE_LEAD.some((lead) => endsWith(words, i, lead))) {
      if (next === undefined || tokens[i]?.breakAfter || AGE_FOLLOW_OK.has(next) || ageExpected) return n;
    }
    if (ageExpected && firstNumber === undefined && !isDuration) firstNumber = n;
  }
  return firstNumber;
}

// ---------------------------------------------------------------------------------------------------
// Choice

interface PreparedOption {
  id: string;
  labels: string[];
}
const preparedCache = new WeakMap<readonly ChoiceOption[], PreparedOption[]>();

function prepare(options: readonly ChoiceOption[]): PreparedOption[] {
  const cached = preparedCache.get(options);
  if (cached) return cached;
  const prepared = options.map((o) => ({
    id: o.id,
    labels: o.labels.map((l) => normalizeTokens(l).join(' ')).filter((l) => l !== ''),
  }));
  preparedCache.set(options, prepared);
  return prepared;
}

function unique<T>(values: readonly T[]): T | undefined {
  const set = new Set(values);
  return set.size === 1 ? values[0] : undefined;
}

function containsSequence(words: readonly string[], label: readonly string[]): boolean {
  outer: for (let i = 0; i + label.length <= words.length; i++) {
    for (let k = 0; k < label.length; k++) if (words[i + k] !== label[k]) continue outer;
    return true;
  }
  return false;
}

/** Option ids that the lexicon can stand for besides slot values. */
const DONT_KNOW_IDS = ['unknown', 'dont-know', 'dontKnow', 'nsp'];

function choose(
  options: readonly ChoiceOption[],
  words: readonly string[],
  matches: readonly Match[],
  slots: Slots,
  dontKnow: boolean,
  yesNo: boolean | undefined,
): string | undefined {
  if (options.length === 0 || words.length === 0) return undefined;
  const prepared = prepare(options);
  const message = words.join(' ');

  // 1. A number: "2", "le 2.", "n°2", "deux", "la deuxième", "٢".
  const n = exactNumber(words);
  if (n !== undefined) return n >= 1 && n <= options.length ? options[n - 1]?.id : undefined;

  // 2. The exact label, accents and case aside.
  const exact = unique(prepared.filter((o) => o.labels.includes(message)).map((o) => o.id));
  if (exact !== undefined) return exact;

  // 3. A label with a typo or two: distance ≤ 1 up to 6 characters, ≤ 2 beyond.
  if (message.length >= 3) {
    let best = Infinity;
    let ids: string[] = [];
    for (const o of prepared) {
      for (const label of o.labels) {
        const max = label.length <= 6 ? 1 : 2;
        const d = distance(message, label);
        if (d > max) continue;
        if (d < best) {
          best = d;
          ids = [o.id];
        } else if (d === best) ids.push(o.id);
      }
    }
    const typo = unique(ids);
    if (typo !== undefined) return typo;
  }

  // 4. Lexicon synonyms of an option id (ids of rights, need and substance questions are slot values).
  const ids = new Set(prepared.map((o) => o.id));
  const said: string[] = [];
  for (const m of matches) {
    if ((m.group === 'rights' || m.group === 'need' || m.group === 'substance') && ids.has(m.value))
      said.push(m.value);
  }
  if (slots.substance !== undefined && ids.has('addiction')) said.push('addiction');
  if (dontKnow) said.push(...DONT_KNOW_IDS.filter((id) => ids.has(id)));
  if (yesNo !== undefined && ids.has(yesNo ? 'yes' : 'no')) said.push(yesNo ? 'yes' : 'no');
  const synonym = unique(said);
  if (synonym !== undefined) return synonym;
  if (said.length > 1) {
    const preferred = [slots.rights, slots.need, slots.substance].find(
      (v) => v !== undefined && said.includes(v),
    );
    return preferred ?? said[0];
  }

  // 5. A label said inside a longer message ("c'est pour la santé mentale").
  let longest = 0;
  let inside: string[] = [];
  for (const o of prepared) {
    for (const label of o.labels) {
      const labelWords = label.split(' ');
      if (labelWords.length > words.length || !containsSequence(words, labelWords)) continue;
      if (labelWords.length > longest) {
        longest = labelWords.length;
        inside = [o.id];
      } else if (labelWords.length === longest) inside.push(o.id);
    }
  }
  const within = unique(inside);
  if (within !== undefined) return within;

  // 6. A short answer made of words of one label only ("rien" for "Non, rien").
  const meaningful = words.filter((w) => w.length >= 3 && !FILLERS.has(w));
  if (meaningful.length === 0 || meaningful.length > 2) return undefined;
  return unique(
    prepared
      .filter((o) => o.labels.some((label) => meaningful.every((w) => label.split(' ').includes(w))))
      .map((o) => o.id),
  );
}

/** True when the text from `start` to `end` (inclusive) is joined to a word by a hyphen ("-sur-"). */
function hyphenated(text: string, start: number, end: number): boolean {
  return /[-‐‑]/.test(text[start - 1] ?? '') || /[-‐‑]/.test(text[end + 1] ?? '');
}

/** True when the recognized words are the whole message apart from filler words ("la deuxième svp"). */
function coversMessage(words: readonly string[], recognized: string): boolean {
  const rest = [...words];
  for (const w of normalizeTokens(recognized)) {
    const at = rest.indexOf(w);
    if (at >= 0) rest.splice(at, 1);
  }
  return rest.every((w) => FILLERS.has(w));
}

/** Words the number models could read ("quatre-vingt", "2e", "the last"): without one, skip them (they cost ms). */
function mayBeNumber(words: readonly string[]): boolean {
  return words.some((w) => /\d/.test(w) || numberFromToken(w) !== undefined || OTHER_ORDINALS.has(w));
}
/** Ordinals the models read that the number words of numbers.ts do not list. */
const OTHER_ORDINALS = new Set([
  'dernier',
  'derniere',
  'last',
  'tierce',
  'tiers',
  'quart',
  'quarte',
  'quint',
]);

/**
 * Ordinal, then number, from the recognizers, for short answers that are only that ("la deuxième svp",
 * "the second one", "quatre"): "un truc bizarre" is not option 1.
 */
function chooseWithRecognizers(
  text: string,
  words: readonly string[],
  culture: RecognizerCulture,
  options: readonly ChoiceOption[],
  recognizers: Recognizers,
): string | undefined {
  const fits = (r: RecognizedNumber): boolean =>
    Number.isInteger(r.value) && r.value >= 1 && r.value <= options.length && coversMessage(words, r.text);
  const hit = recognizers.ordinal(text, culture).find(fits) ?? recognizers.number(text, culture).find(fits);
  return hit ? options[hit.value - 1]?.id : undefined;
}

// ---------------------------------------------------------------------------------------------------

/** What one message says, given the question just asked. See the module comment for the order. */
export function understand(
  text: string,
  lang: Language,
  expect: Expectation,
  deps: UnderstandDeps,
): Understanding {
  const input = text.length > MAX_LENGTH ? text.slice(0, MAX_LENGTH) : text;
  const c = compileLexicon(deps.lexicon);
  const tokens = tokenize(input);
  const words = correctTokens(
    tokens.map((t) => t.norm),
    c,
  );

  const dangerMatches = detectDanger(tokens, deps.danger);
  const inDanger = (m: Match): boolean => dangerMatches.some((d) => d.start < m.end && m.start < d.end);
  // Words of a danger name no need and answer nothing: "mes pilules" in an overdose is no contraception,
  // "oui" no answer. Who it is about ("mon fils") still counts.
  const matches = lexiconMatches(words, c.slots).filter(
    (m) => !(inDanger(m) && (m.group === 'need' || m.group === 'substance' || m.group === 'answer')),
  );
  const slots = fillSlots(matches);

  const answers = new Set(matches.filter((m) => m.group === 'answer').map((m) => m.value));
  const dontKnow = answers.has('dontKnow');
  const answersYesNo = expect.kind === 'boolean' || expect.kind === 'free';
  let yesNo: boolean | undefined;
  if (answersYesNo && answers.has('yes') !== answers.has('no')) yesNo = answers.has('yes');

  const result: Understanding = { slots, danger: [], usedRecognizers: false };
  const culture = recognizerCulture(lang);

  if (expect.kind === 'choice') {
    let choice = choose(expect.options, words, matches, slots, dontKnow, yesNo);
    if (
      choice === undefined &&
      culture !== undefined &&
      expect.options.length > 0 &&
      !dontKnow &&
      words.length > 0 &&
      words.length <= 4 &&
      exactNumber(words) === undefined &&
      mayBeNumber(words)
    ) {
      result.usedRecognizers = true;
      choice = chooseWithRecognizers(input, words, culture, expect.options, deps.recognizers);
    }
    if (choice !== undefined) result.choice = choice;
  }

  // A yes or a no is a short answer: a sentence that told something else is not asked to the models.
  if (
    expect.kind === 'boolean' &&
    yesNo === undefined &&
    !dontKnow &&
    culture !== undefined &&
    words.length > 0 &&
    words.length <= 4 &&
    Object.keys(slots).length === 0 &&
    dangerMatches.length === 0
  ) {
    result.usedRecognizers = true;
    // A word inside a hyphenated name is no answer: "Chalon-sur-Saône" holds "sur" (read as "sûr").
    const hit = deps.recognizers
      .boolean(input, culture)
      .find((b) => !b.ambiguous && !hyphenated(input, b.start, b.end));
    if (hit) yesNo = hit.value;
  }
  if (yesNo !== undefined) result.yesNo = yesNo;
  if (dontKnow) result.dontKnow = true;

  let age = findAge(words, tokens, expect.kind === 'age');
  if (age === undefined && expect.kind === 'age' && words.length === 1) {
    age = asAge(numberFromToken(words[0] ?? '') ?? -1);
  }
  if (
    age === undefined &&
    expect.kind === 'age' &&
    culture !== undefined &&
    !dontKnow &&
    words.length > 0 &&
    !words.some((w) => /\d/.test(w))
  ) {
    result.usedRecognizers = true;
    const said = deps.recognizers
      .age(input, culture)
      .find((a) => a.years !== undefined && asAge(a.years) !== undefined);
    age = said?.years;
    if (age === undefined) {
      const number = deps.recognizers.number(input, culture).find((r) => asAge(r.value) !== undefined);
      age = number?.value;
    }
  }
  if (age !== undefined) result.age = age;

  const covered = tokens.map(() => false);
  for (const m of [...matches, ...dangerMatches]) for (let i = m.start; i < m.end; i++) covered[i] = true;
  const placeText = findPlaceText(input, tokens, covered, lang, expect.kind === 'place');
  if (placeText !== undefined) result.placeText = placeText;

  result.danger = dangerMatches.map((m) => m.kind);
  return result;
}
