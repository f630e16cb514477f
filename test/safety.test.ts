/**
 * The safety net measured (the same measure as `npm run eval:safety`, on src/): recall of the danger
 * detection on the corpora of the corpora in test/corpus (see below), and no false alarm on what ordinary people type — every French commune name and
 * postcode, every ordinary answer of the lexicons and choices — nor a yes/no read from a commune name.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CORPORA,
  measureFalseAlarms,
  measureRecall,
  ordinaryAnswers,
  readDangerCorpus,
  readNearMissCorpus,
} from '../bench/safety/measure-safety.js';
import { TRICKY, misreadPlaceNames } from '../bench/safety/place-probe.js';
import { loadKnowledge } from '../src/content/load-content.js';
import { dangerIndexFor, loadDangerRules, loadDialogue, loadLexicons } from '../src/content/load-dialogue.js';
import type { Problem } from '../src/content/problem.js';
import { detectDanger } from '../src/dialogue/danger/index.js';
import { initialContext } from '../src/dialogue/context.js';
import { step, type DialogueDeps } from '../src/dialogue/engine.js';
import { tokenize } from '../src/dialogue/understand/normalize-text.js';

const LOCALES = fileURLToPath(new URL('../locales', import.meta.url));
const problems: Problem[] = [];
const index = dangerIndexFor(loadDangerRules(LOCALES, problems), loadLexicons(LOCALES, problems));
const detect = (text: string): string[] => detectDanger(tokenize(text), index).map((m) => m.kind);

interface PlaceData {
  communes: { nom: string; codesPostaux?: string[] }[];
}
const places = JSON.parse(
  readFileSync(
    new URL('../node_modules/@etalab/decoupage-administratif/data/communes.json', import.meta.url),
    'utf8',
  ),
) as PlaceData['communes'];
const names = places.map((c) => c.nom);

/**
 * Three measures. The development corpus (written by the author of the word lists) and the tuning half of
 * the blind corpus (even lines of each file) were looked at while writing the patterns: they must stay
 * caught. The held half (odd lines) was never looked at: its floor is the figure measured on 2026-12-04
 * (bench/results/safety-blind-held.json), a guard against regressions, not a target — the target is 98 %.
 */
const MIN_RECALL_TUNED = 0.98;
const HELD_FLOOR = {
  all: 0.7,
  fr: 0.95,
  en: 0.88,
  falc: 0.8,
  'fr-sms': 0.72,
  ar: 0.54,
  'ar-dialect': 0.54,
  darija: 0.47,
};

const recallOf = (cells: { caught: number; total: number }[]) =>
  cells.reduce((n, c) => n + c.caught, 0) /
  Math.max(
    1,
    cells.reduce((n, c) => n + c.total, 0),
  );

describe.each([
  ['development corpus (test/corpus/safety-dev/)', readDangerCorpus(CORPORA.dev)],
  [
    'blind corpus, tuning half (test/corpus/safety-blind/, even lines)',
    readDangerCorpus(CORPORA.blind, 'tune'),
  ],
])('%s', (_name, corpus) => {
  const { cells, misses } = measureRecall(corpus, detect);

  it('has at least 7 messages per category and language group', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    for (const cell of cells) expect(cell.total, `${cell.category} ${cell.group}`).toBeGreaterThanOrEqual(7);
  });

  const categories = [...new Set(cells.map((c) => c.category))];
  it.each(categories)('%s: recall at least 98 %% over every language group', (category) => {
    const missed = misses.filter((m) => m.category === category).map((m) => `[${m.group}] ${m.text}`);
    expect(recallOf(cells.filter((c) => c.category === category)), missed.join('\n')).toBeGreaterThanOrEqual(
      MIN_RECALL_TUNED,
    );
  });

  it.each(cells.map((c) => [c.category, c.group, c] as const))(
    '%s in %s: at most one message missed',
    (_category, _group, cell) => {
      const missed = misses.filter((m) => m.category === cell.category && m.group === cell.group);
      expect(missed.length, missed.map((m) => m.text).join('\n')).toBeLessThanOrEqual(1);
    },
  );
});

describe('blind corpus, held half (never looked at while writing patterns)', () => {
  const { cells } = measureRecall(readDangerCorpus(CORPORA.blind, 'held'), detect);
  it.each(Object.entries(HELD_FLOOR))('%s: not below its recorded recall', (group, floor) => {
    const mine = group === 'all' ? cells : cells.filter((c) => c.group === group);
    expect(mine.length).toBeGreaterThan(0);
    expect(recallOf(mine)).toBeGreaterThanOrEqual(floor);
  });
});

describe('no false alarm', () => {
  it('on any French commune name', () => {
    const { alarms } = measureFalseAlarms(names, detect);
    expect(alarms).toEqual([]);
  });

  it('on the near-miss messages (idioms, negated or past symptoms, ordinary needs) of every corpus', () => {
    const texts = [CORPORA.dev, CORPORA.blind].flatMap((dir) => readNearMissCorpus(dir).map((m) => m.text));
    expect(texts.length).toBeGreaterThan(300);
    expect(measureFalseAlarms(texts, detect).alarms).toEqual([]);
  });

  it('on any postcode', () => {
    const postcodes = [...new Set(places.flatMap((c) => c.codesPostaux ?? []))];
    expect(measureFalseAlarms(postcodes, detect).alarms).toEqual([]);
  });

  it('on at most 0.1 % of the ordinary answers (every lexicon phrase and choice label)', () => {
    const { total, alarms } = measureFalseAlarms(ordinaryAnswers(LOCALES), detect);
    expect(total).toBeGreaterThan(1000);
    expect(alarms.length / total, JSON.stringify(alarms)).toBeLessThanOrEqual(0.001);
  });

  describe('a commune name at "Est-ce une urgence grave ?" and at the housing question', () => {
    let deps: DialogueDeps;
    beforeAll(async () => {
      const { knowledge } = await loadKnowledge();
      deps = await loadDialogue(knowledge, { today: '2026-12-03' });
    }, 60_000);

    it('is neither a yes, a no, nor a danger (every name with sur, sous, lès, en, mer, mont, saint…)', () => {
      const tricky = names.filter((n) => TRICKY.test(n));
      expect(tricky.length).toBeGreaterThan(5000);
      expect(misreadPlaceNames(tricky, step, deps, initialContext)).toEqual([]);
    }, 600_000);
  });
});
