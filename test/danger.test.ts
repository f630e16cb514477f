/**
 * Danger detection (src/dialogue/danger/): the pattern language, table-driven cases with the real word
 * lists (test/cases/danger-patterns.yaml), and the checks a coordinator's broken file gets.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dangerIndexFor, loadDangerRules, loadLexicons } from '../src/content/load-dialogue.js';
import type { Problem } from '../src/content/problem.js';
import { parseYaml } from '../src/content/read-yaml.js';
import { compileDanger, detectDanger, MAX_TOKENS, parseDangerRules } from '../src/dialogue/danger/index.js';
import { expandGroups } from '../src/dialogue/danger/danger-rules.js';
import { normalizeTokens, tokenize } from '../src/dialogue/understand/normalize-text.js';
import { DANGER_KINDS, LANGUAGES } from '../src/orientation/situation.js';

const LOCALES = fileURLToPath(new URL('../locales', import.meta.url));
const problems: Problem[] = [];
const index = dangerIndexFor(loadDangerRules(LOCALES, problems), loadLexicons(LOCALES, problems));
const detect = (text: string): string[] => detectDanger(tokenize(text), index).map((m) => m.kind);

/** One small file, compiled alone, to test the language itself. */
function only(json: unknown): (text: string) => string[] {
  const { rules, problems: found } = parseDangerRules(json, 'test.json', normalizeTokens);
  expect(found.filter((p) => p.severity === 'error')).toEqual([]);
  const small = compileDanger([rules]);
  return (text) => detectDanger(tokenize(text), small).map((m) => m.kind);
}

describe('the danger files of every language', () => {
  it('load without a problem', () => {
    expect(problems).toEqual([]);
  });

  it('give every danger in French, English and Arabic', () => {
    for (const lang of ['fr', 'en', 'ar']) {
      const json = JSON.parse(readFileSync(`${LOCALES}/${lang}/danger.json`, 'utf8')) as {
        categories: Record<string, { patterns: string[] }>;
      };
      for (const kind of DANGER_KINDS)
        expect(json.categories[kind]?.patterns.length ?? 0, `${lang} ${kind}`).toBeGreaterThan(5);
    }
    expect(LANGUAGES.length).toBe(4);
  });

  const cases = parseYaml(readFileSync(new URL('./cases/danger-patterns.yaml', import.meta.url), 'utf8')) as {
    text: string;
    danger: string[];
  }[];
  it.each(cases.map((c) => [c.text, c.danger] as const))('%s → %j', (text, danger) => {
    expect(detect(text)).toEqual(danger);
  });
});

describe('the pattern language', () => {
  const find = only({
    words: { mourir: ['mourir', 'crever'], douleur: ['mal', 'douleur'] },
    negation: { words: ['pas', 'aucune'], before: 3, reset: ['mais'] },
    categories: {
      suicide: { patterns: ['envie ~3 @mourir'], except: ['mourir de rire'] },
      'chest-pain': { negatable: true, patterns: ['@douleur ~3 poitrine', 'serre* & coeur'] },
      breathing: { patterns: ['respire (pas|plus du tout)', 'etouf*'] },
      violence: { patterns: ['*frapp*'] },
    },
  });

  it.each([
    ["j'ai envie de mourir", ['suicide']],
    ["j'ai envie de mourir de rire", []],
    ['envie, vraiment très très fort, de mourir', []],
    ["j'ai mal à la poitrine", ['chest-pain']],
    ['pas de douleur dans la poitrine', []],
    ['pas de fièvre mais mal à la poitrine', ['chest-pain']],
    ['le coeur qui serre', ['chest-pain']],
    ['je respire pas', ['breathing']],
    ['je respire plus du tout', ['breathing']],
    ["j'étouffe", ['breathing']],
    ['il me frappait', ['violence']],
  ])('%s → %j', (text, expected) => {
    expect(find(text)).toEqual(expected);
  });

  it('tolerates one typo in a word of 7 letters or more, never on its first letter', () => {
    const typos = only({ categories: { breathing: { patterns: ['suffoque'] } } });
    expect(typos('je sufoque')).toEqual(['breathing']);
    expect(typos('je suffoqe')).toEqual(['breathing']);
    expect(typos('je buffoque')).toEqual([]);
  });

  it('expands groups of several words, keeping one-word alternatives as one element', () => {
    expect(expandGroups('a (b c|d|e) f')).toEqual(['a  d|e  f', 'a  b c  f']);
    expect(expandGroups('a (b')).toBeNull();
  });

  it('names the file and field of every broken pattern', () => {
    const { problems: found } = parseDangerRules(
      {
        words: { x: ['un mot', 42] },
        categories: { fire: { patterns: ['feu'] }, suicide: { patterns: ['@nope', 'a? b', '', 'a (b'] } },
        colours: {},
      },
      'xx.json',
      normalizeTokens,
    );
    expect(found.map((p) => `${p.severity} ${p.field}: ${p.message}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^error words\/x\/0: "un mot" must be one word/),
        expect.stringMatching(/^error words\/x\/1: must be a non-empty string/),
        expect.stringMatching(/^error categories\/fire: unknown danger "fire"/),
        expect.stringMatching(/^error categories\/suicide\/patterns\/0: no word class "@nope"/),
        expect.stringMatching(/^error categories\/suicide\/patterns\/1: .* cannot be optional/),
        expect.stringMatching(
          /^error categories\/suicide\/patterns\/2: a pattern must be a non-empty string/,
        ),
        expect.stringMatching(/^error categories\/suicide\/patterns\/3: .*unbalanced parentheses/),
        expect.stringMatching(/^warning colours: unknown section/),
      ]),
    );
    expect(found.every((p) => p.file === 'xx.json')).toBe(true);
  });

  it('reads at most MAX_TOKENS words of a message', () => {
    const long = `${'bla '.repeat(MAX_TOKENS)} je veux mourir`;
    expect(detect(long)).toEqual([]);
    expect(detect(`je veux mourir ${'bla '.repeat(MAX_TOKENS)}`)).toEqual(['suicide']);
  });
});
