/**
 * The orientation tables, run through the real content: scenarios T1–T27, every cell of the Grand Chalon
 * grid, rules R0–R17. Each case is data (test/cases/*.yaml).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseYaml as parse } from '../src/content/read-yaml.js';
import { loadKnowledge } from '../src/content/load-content.js';
import { orient, type Knowledge } from '../src/orientation/orient.js';
import type { Language } from '../src/orientation/situation.js';

interface Case {
  id: string;
  name: string;
  situation: unknown;
  lang?: Language;
  emergency?: boolean;
  first?: string;
  required?: string[];
  forbidden?: string[];
  services?: string[];
  note?: string;
}

const load = (file: string) =>
  parse(readFileSync(new URL(`./cases/${file}`, import.meta.url), 'utf8')) as Case[];

let knowledge: Knowledge;
beforeAll(async () => {
  const loaded = await loadKnowledge();
  expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
  knowledge = loaded.knowledge;
});

function check(testCase: Case): void {
  const result = orient(testCase.situation, knowledge, { lang: testCase.lang ?? 'fr', today: '2026-11-22' });
  expect(result.error).toBeUndefined();
  const types = result.recommendations.map((r) => r.type);
  expect(result.emergency).toBe(testCase.emergency ?? false);
  if (testCase.first) expect(types[0], `first of ${types.join(', ')}`).toBe(testCase.first);
  for (const type of testCase.required ?? []) expect(types, `required ${type}`).toContain(type);
  for (const type of testCase.forbidden ?? []) expect(types, `forbidden ${type}`).not.toContain(type);
  const ids = result.recommendations.map((r) => r.service?.id);
  for (const id of testCase.services ?? []) expect(ids, `service ${id}`).toContain(id);
  for (const recommendation of result.recommendations) {
    expect(recommendation.text.length).toBeGreaterThan(10);
    expect(recommendation.text).not.toMatch(/reason\.|type\.|where\./); // no raw i18n key leaks
    expect(recommendation.sources.length).toBeGreaterThan(0);
  }
}

describe.each([
  ['scenarios T1–T27', 'scenarios.yaml'],
  ['Grand Chalon grid', 'grand-chalon-grid.yaml'],
  ['rules R0–R17', 'rules-r0-r17.yaml'],
])('%s', (_title, file) => {
  it.each(load(file).map((c) => [`${c.id}: ${c.name}`, c] as const))('%s', (_name, testCase) =>
    check(testCase),
  );
});
