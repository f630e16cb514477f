/**
 * The safety net measured (the same measure as `npm run eval:safety`, on src/): recall of the danger
 * detection on the danger corpus written by someone who did not read the word lists
 * (test/corpus/safety/), and no false alarm on what ordinary people type — every French commune name and
 * postcode, every ordinary answer of the lexicons and choices — nor a yes/no read from a commune name.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  measureFalseAlarms,
  measureRecall,
  ordinaryAnswers,
  readDangerCorpus,
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

/** Targets of issue 14, on this corpus. */
const MIN_RECALL = 0.98;

describe('danger corpus (test/corpus/safety/danger-*.yaml)', () => {
  const corpus = readDangerCorpus();
  const { cells, misses } = measureRecall(corpus, detect);

  it('has at least 15 messages per category and language group', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(600);
    for (const cell of cells) expect(cell.total, `${cell.category} ${cell.group}`).toBeGreaterThanOrEqual(15);
  });

  const categories = [...new Set(cells.map((c) => c.category))];
  it.each(categories)('%s: recall at least 98 %% over every language group', (category) => {
    const mine = cells.filter((c) => c.category === category);
    const caught = mine.reduce((n, c) => n + c.caught, 0);
    const total = mine.reduce((n, c) => n + c.total, 0);
    const missed = misses.filter((m) => m.category === category).map((m) => `[${m.group}] ${m.text}`);
    expect(caught / total, missed.join('\n')).toBeGreaterThanOrEqual(MIN_RECALL);
  });

  it.each(cells.map((c) => [c.category, c.group, c] as const))(
    '%s in %s: at most one message missed',
    (_category, _group, cell) => {
      const missed = misses.filter((m) => m.category === cell.category && m.group === cell.group);
      expect(missed.length, missed.map((m) => m.text).join('\n')).toBeLessThanOrEqual(1);
    },
  );
});

describe('no false alarm', () => {
  it('on any French commune name', () => {
    const { alarms } = measureFalseAlarms(names, detect);
    expect(alarms).toEqual([]);
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
