/**
 * A thin wrapper over the @microsoft/recognizers-text number, number-with-unit and choice packages for the four value types the dialogue asks
 * for: numbers, ordinals, ages and yes/no. French and English only (the package has no Arabic; fr-x-falc
 * uses French). The understanding layer calls only the recognizer the current question expects.
 *
 * Cost: the package builds its models lazily, once per culture and process (it caches them itself), and
 * V8 compiles its very large regular expressions on first use and again when it tiers them up: the first
 * two French calls of each model take seconds (≈ 20 s for the four French models on a 2-core machine),
 * English ones ≈ 0.2 s. After that a call costs about half a millisecond. Call `warmUpRecognizers` at start.
 * Starting Node with `--no-regexp-tier-up` (a V8 flag: on the command line, not in NODE_OPTIONS) compiles
 * each expression once and halves the warm-up. Do not set it with `v8.setFlagsFromString` at run time:
 * switching it back crashes the process.
 */
// Only the three sub-packages used (numbers and ordinals, ages, yes/no), not the whole suite (dates, times,
// sequences…): less to load and to install.
import { recognizeBoolean } from '@microsoft/recognizers-text-choice';
import { Culture, recognizeNumber, recognizeOrdinal } from '@microsoft/recognizers-text-number';
import { recognizeAge } from '@microsoft/recognizers-text-number-with-unit';
import type { Language } from '../../orientation/situation.js';

export type RecognizerCulture = 'fr' | 'en';

/** One value found. `start` and `end` are offsets in the text, `end` inclusive (as the package gives them). */
export interface RecognizedNumber {
  value: number;
  /** The resolution value as the package wrote it ("0,5" in French). */
  raw: string;
  text: string;
  start: number;
  end: number;
}

export interface RecognizedAge extends RecognizedNumber {
  /** The unit as the package names it ("Ans", "Mois", "Year", "Month"…). */
  unit: string;
  /** The age in whole years, when the unit is one of years, months, weeks or days. */
  years?: number;
}

export interface RecognizedBoolean {
  value: boolean;
  score: number;
  text: string;
  start: number;
  end: number;
  /** True when the package also found the opposite answer ("oui enfin non"). */
  ambiguous: boolean;
}

/** The recognizers the understanding layer may call; tests can pass a fake. */
export interface Recognizers {
  number(text: string, culture: RecognizerCulture): RecognizedNumber[];
  ordinal(text: string, culture: RecognizerCulture): RecognizedNumber[];
  age(text: string, culture: RecognizerCulture): RecognizedAge[];
  boolean(text: string, culture: RecognizerCulture): RecognizedBoolean[];
}

/** The recognizer culture for a language, or undefined for Arabic (never call the recognizers for it). */
export function recognizerCulture(lang: Language): RecognizerCulture | undefined {
  if (lang === 'fr' || lang === 'fr-x-falc') return 'fr';
  if (lang === 'en') return 'en';
  return undefined;
}

const CULTURES: Record<RecognizerCulture, string> = { fr: Culture.French, en: Culture.English };

interface RawResult {
  text: string;
  start: number;
  end: number;
  resolution: Record<string, unknown>;
}

function parseValue(raw: string): number {
  return Number(raw.replace(/\s/g, '').replace(',', '.'));
}

function numbers(results: RawResult[]): RecognizedNumber[] {
  const out: RecognizedNumber[] = [];
  for (const r of results) {
    const raw = r.resolution['value'];
    if (typeof raw !== 'string') continue;
    out.push({ value: parseValue(raw), raw, text: r.text, start: r.start, end: r.end });
  }
  return out;
}

const YEARS_PER_UNIT: ReadonlyArray<[RegExp, number]> = [
  [/^(ans?|annees?|years?)$/i, 1],
  [/^(mois|months?)$/i, 1 / 12],
  [/^(semaines?|weeks?)$/i, 1 / 52],
  [/^(jours?|days?)$/i, 1 / 365],
];

function toYears(value: number, unit: string): number | undefined {
  const normalized = unit.normalize('NFD').replace(/\p{M}/gu, '');
  for (const [pattern, factor] of YEARS_PER_UNIT) {
    if (pattern.test(normalized)) return Math.floor(value * factor + 1e-9);
  }
  return undefined;
}

function ages(results: RawResult[]): RecognizedAge[] {
  const out: RecognizedAge[] = [];
  for (const r of results) {
    const raw = r.resolution['value'];
    const unit = r.resolution['unit'];
    if (typeof raw !== 'string' || typeof unit !== 'string') continue;
    const value = parseValue(raw);
    const years = toYears(value, unit);
    out.push({
      value,
      raw,
      unit,
      text: r.text,
      start: r.start,
      end: r.end,
      ...(years === undefined ? {} : { years }),
    });
  }
  return out;
}

function booleans(results: RawResult[]): RecognizedBoolean[] {
  const out: RecognizedBoolean[] = [];
  for (const r of results) {
    const value = r.resolution['value'];
    const score = r.resolution['score'];
    if (typeof value !== 'boolean') continue;
    const others = r.resolution['otherResults'];
    const ambiguous =
      Array.isArray(others) &&
      others.some((o: unknown) => typeof o === 'object' && o !== null && 'value' in o && o.value !== value);
    out.push({
      value,
      score: typeof score === 'number' ? score : 0,
      text: r.text,
      start: r.start,
      end: r.end,
      ambiguous,
    });
  }
  return out;
}

/**
 * Emoji parts (pictographs, keycap and variation marks, joiners, skin tones): the package's number
 * expressions backtrack on them (2,000 characters of keycap emoji cost 2 s). Each is blanked with as many
 * spaces as it has code units, so that the positions of what is found stay right.
 */
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u20E3\uFE0E\uFE0F\u200D]+/gu;
/** The package only ever sees the start of a message: a budget on the work one message can cost. */
export const MAX_RECOGNIZED_LENGTH = 400;

export function recognizable(text: string): string {
  return text.slice(0, MAX_RECOGNIZED_LENGTH).replace(EMOJI, (emoji) => ' '.repeat(emoji.length));
}

/** The recognizers backed by @microsoft/recognizers-text-* (models shared by the whole process). */
export function createRecognizers(): Recognizers {
  return {
    number: (text, culture) => numbers(recognizeNumber(recognizable(text), CULTURES[culture])),
    ordinal: (text, culture) => numbers(recognizeOrdinal(recognizable(text), CULTURES[culture])),
    age: (text, culture) => ages(recognizeAge(recognizable(text), CULTURES[culture])),
    // Not blanked: 👌 and 👍 mean yes to the boolean model (and its expressions do not backtrack on them).
    boolean: (text, culture) =>
      booleans(recognizeBoolean(text.slice(0, MAX_RECOGNIZED_LENGTH), CULTURES[culture])),
  };
}

/** The default recognizers. */
export const recognizers: Recognizers = createRecognizers();

const SAMPLES: Record<RecognizerCulture, { number: string; ordinal: string; age: string; boolean: string }> =
  {
    fr: { number: 'dix-sept', ordinal: 'la deuxième', age: "j'ai dix-sept ans", boolean: 'oui' },
    en: { number: 'seventeen', ordinal: 'the second', age: 'I am seventeen years old', boolean: 'yes' },
  };

export interface WarmUpReport {
  cultures: RecognizerCulture[];
  ms: number;
}

/**
 * Builds and exercises the models for the given languages (Arabic needs none), so that no person waits
 * seconds for the first reply. Synchronous: run it at start, before listening.
 */
export function warmUpRecognizers(langs: readonly Language[]): WarmUpReport {
  const began = performance.now();
  const cultures = [
    ...new Set(langs.map(recognizerCulture).filter((c): c is RecognizerCulture => c !== undefined)),
  ];
  for (const culture of cultures) {
    const sample = SAMPLES[culture];
    // Twice: V8 compiles a regular expression again when it tiers it up on its second use.
    for (let i = 0; i < 2; i++) {
      recognizers.number(sample.number, culture);
      recognizers.ordinal(sample.ordinal, culture);
      recognizers.age(sample.age, culture);
      recognizers.boolean(sample.boolean, culture);
    }
  }
  return { cultures, ms: performance.now() - began };
}
