/**
 * The Recognizers-Text specification vectors (MIT, copied with their LICENSE into
 * test/fixtures/recognizers/) run against our wrapper, for the four value types the dialogue asks for.
 * Cases marked NotSupported or NotSupportedByDesign for JavaScript are skipped. A supported case the
 * JavaScript package gets wrong goes in KNOWN_FAILURES with the reason, and is asserted to still fail, so
 * that an upgrade which fixes it is noticed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  recognizers,
  warmUpRecognizers,
  type RecognizedAge,
  type RecognizedBoolean,
  type RecognizedNumber,
  type RecognizerCulture,
} from '../src/dialogue/understand/recognizers.js';

interface SpecResult {
  Text: string;
  TypeName: string;
  Resolution: { value?: string | boolean | null; unit?: string; score?: number };
  Start?: number;
  End?: number;
}
interface SpecCase {
  Input: string;
  Results: SpecResult[];
  NotSupported?: string;
  NotSupportedByDesign?: string;
}

type Kind = 'number' | 'ordinal' | 'age' | 'boolean';
const SPECS: { file: string; kind: Kind; culture: RecognizerCulture }[] = [
  { file: 'Number-French/NumberModel.json', kind: 'number', culture: 'fr' },
  { file: 'Number-French/OrdinalModel.json', kind: 'ordinal', culture: 'fr' },
  { file: 'NumberWithUnit-French/AgeModel.json', kind: 'age', culture: 'fr' },
  { file: 'Choice-French/BooleanModel.json', kind: 'boolean', culture: 'fr' },
  { file: 'Number-English/OrdinalModel.json', kind: 'ordinal', culture: 'en' },
  { file: 'Choice-English/BooleanModel.json', kind: 'boolean', culture: 'en' },
];

/**
 * Supported vectors the JavaScript package 1.3.1 fails, by file and input, with the reason. Empty today:
 * every supported vector of the files above passes.
 */
const KNOWN_FAILURES: Record<string, Record<string, string>> = {};

function load(file: string): SpecCase[] {
  const text = readFileSync(new URL(`./fixtures/recognizers/${file}`, import.meta.url), 'utf8');
  return JSON.parse(text.replace(/^\uFEFF/, '')) as SpecCase[];
}

function supportedInJavaScript(c: SpecCase): boolean {
  return !`${c.NotSupported ?? ''},${c.NotSupportedByDesign ?? ''}`.toLowerCase().includes('javascript');
}

function recognize(
  kind: Kind,
  input: string,
  culture: RecognizerCulture,
): (RecognizedNumber | RecognizedBoolean)[] {
  return recognizers[kind](input, culture);
}

/** Why a result differs from the vector, or null when it matches. */
function mismatch(
  kind: Kind,
  got: (RecognizedNumber | RecognizedBoolean)[],
  wanted: SpecResult[],
): string | null {
  if (got.length !== wanted.length) return `${got.length} results instead of ${wanted.length}`;
  for (const [i, w] of wanted.entries()) {
    const g = got[i];
    if (g === undefined) return `result ${i} missing`;
    if (g.text !== w.Text) return `text "${g.text}" instead of "${w.Text}"`;
    if (w.Start !== undefined && (g.start !== w.Start || g.end !== w.End)) {
      return `span ${g.start}-${g.end} instead of ${w.Start}-${w.End}`;
    }
    if (kind === 'boolean') {
      const b = g as RecognizedBoolean;
      if (b.value !== w.Resolution.value) return `value ${b.value} instead of ${String(w.Resolution.value)}`;
      if (Math.abs(b.score - (w.Resolution.score ?? 0)) > 0.01)
        return `score ${b.score} instead of ${w.Resolution.score}`;
      continue;
    }
    const n = g as RecognizedNumber;
    if (n.raw !== w.Resolution.value) return `value "${n.raw}" instead of "${String(w.Resolution.value)}"`;
    const expected = Number(String(w.Resolution.value).replace(',', '.'));
    if (!(Math.abs(n.value - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) {
      return `parsed ${n.value} instead of ${expected}`;
    }
    if (kind === 'age' && (g as RecognizedAge).unit !== w.Resolution.unit) {
      return `unit ${(g as RecognizedAge).unit} instead of ${w.Resolution.unit}`;
    }
  }
  return null;
}

const tally: string[] = [];

beforeAll(() => {
  const report = warmUpRecognizers(['fr', 'en']);
  tally.push(`warm-up of the French and English models: ${(report.ms / 1000).toFixed(1)} s`);
}, 60_000);

afterAll(() => {
  console.log(tally.join('\n'));
});

describe.each(SPECS)('$file ($culture) against our $kind recognizer', ({ file, kind, culture }) => {
  const all = load(file);
  const supported = all.filter(supportedInJavaScript);
  const known = KNOWN_FAILURES[file] ?? {};

  it('has supported vectors to run', () => {
    expect(supported.length).toBeGreaterThan(0);
  });

  it.each(supported.map((c) => ({ ...c, label: c.Input.slice(0, 70) })))('$label', (c) => {
    const why = mismatch(kind, recognize(kind, c.Input, culture), c.Results);
    const reason = known[c.Input];
    if (reason === undefined) expect(why, `"${c.Input}"`).toBeNull();
    else expect(why, `known failure fixed? (${reason}) — remove it from KNOWN_FAILURES`).not.toBeNull();
  });

  it('reports how many pass', () => {
    const passing = supported.filter(
      (c) => mismatch(kind, recognize(kind, c.Input, culture), c.Results) === null,
    );
    const unsupportedPassing = all
      .filter((c) => !supportedInJavaScript(c))
      .filter((c) => mismatch(kind, recognize(kind, c.Input, culture), c.Results) === null);
    tally.push(
      `${file} (${culture}): ${passing.length}/${supported.length} supported vectors pass` +
        ` (${all.length - supported.length} skipped as not supported in JavaScript, ${unsupportedPassing.length} of which pass anyway)`,
    );
    expect(passing.length).toBe(supported.length - Object.keys(known).length);
  });
});
