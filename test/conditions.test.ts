import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseYaml as parse } from '../src/content/read-yaml.js';
import { fieldsRead, matches, type Condition, type Facts } from '../src/orientation/conditions.js';

interface Case {
  name: string;
  condition: Condition;
  facts: Facts;
  expect: boolean;
}

const cases = parse(readFileSync(new URL('./cases/conditions.yaml', import.meta.url), 'utf8')) as Case[];

describe('the condition language', () => {
  it.each(cases)('$name', ({ condition, facts, expect: expected }) => {
    expect(matches(condition, facts)).toBe(expected);
  });

  it('lists the fields a condition reads, including under not', () => {
    expect([...fieldsRead({ need: 'dental', not: { age: { max: 17 } } })].sort()).toEqual(['age', 'need']);
  });
});
