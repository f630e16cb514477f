import { describe, expect, it } from 'vitest';
import type { RuleSet, RuleTable } from '../src/orientation/rule-table.js';
import { selectRules, territoriesFor, type PlaceCodes } from '../src/orientation/select-rules.js';

const table = (name: string, rules: RuleTable['rules'], territory?: RuleTable['territory']): RuleTable => ({
  table: name,
  rules,
  file: `${name}.yaml`,
  ...(territory ? { territory } : {}),
});

const rules: RuleSet = {
  redFlags: table('red-flags', [
    { id: 'R0', when: { emergency: true }, recommend: [{ type: 'samu-15', reason: 'r' }], sources: ['s'] },
  ]),
  national: table('national', [
    {
      id: 'care',
      when: { need: 'general-care' },
      recommend: [
        { type: 'medecin-generaliste', reason: 'gp' },
        { type: 'pass', reason: 'pass', if: { rights: 'none' } },
      ],
      sources: ['s'],
    },
  ]),
  territories: [
    table(
      'dept',
      [
        {
          id: 'd',
          mode: 'append',
          when: { need: 'general-care' },
          recommend: [{ type: 'ccas', reason: 'c' }],
          sources: ['s'],
        },
      ],
      { name: 'D', departements: ['71'] },
    ),
    table(
      'epci',
      [
        {
          id: 'e',
          mode: 'prepend',
          when: { need: 'general-care' },
          recommend: [{ type: 'centre-de-sante', reason: 'c' }],
          sources: ['s'],
        },
      ],
      { name: 'E', epci: ['247100589'] },
    ),
    table(
      'commune',
      [
        {
          id: 'c',
          mode: 'replace',
          when: { need: 'general-care', rights: 'none' },
          recommend: [{ type: 'pass-ville', reason: 'c' }],
          sources: ['s'],
        },
      ],
      { name: 'C', communes: ['71076'] },
    ),
  ],
};

const chalon: PlaceCodes = { insee: '71076', communeInsee: '71076', epci: '247100589', departement: '71' };
const elsewhereInEpci: PlaceCodes = {
  insee: '71445',
  communeInsee: '71445',
  epci: '247100589',
  departement: '71',
};
const elsewhereInDept: PlaceCodes = {
  insee: '71270',
  communeInsee: '71270',
  epci: '000000000',
  departement: '71',
};

const types = (selection: ReturnType<typeof selectRules>) => selection.items.map((item) => item.type);

describe('rule selection', () => {
  it('puts red flags before everything, territories included', () => {
    const selection = selectRules(rules, { emergency: true, need: 'general-care', rights: 'none' }, chalon);
    expect(selection.emergency).toBe(true);
    expect(types(selection)).toEqual(['samu-15']);
  });

  it('uses the national table without a place', () => {
    expect(types(selectRules(rules, { need: 'general-care', rights: 'none' }, null))).toEqual([
      'medecin-generaliste',
      'pass',
    ]);
  });

  it('drops items whose `if` does not hold', () => {
    expect(types(selectRules(rules, { need: 'general-care', rights: 'full' }, null))).toEqual([
      'medecin-generaliste',
    ]);
  });

  it('orders territories commune, then EPCI, then département', () => {
    expect(territoriesFor(rules.territories, chalon).map((t) => t.table)).toEqual([
      'commune',
      'epci',
      'dept',
    ]);
  });

  it('lets the most specific matching territory rule decide: replace', () => {
    expect(types(selectRules(rules, { need: 'general-care', rights: 'none' }, chalon))).toEqual([
      'pass-ville',
    ]);
  });

  it('falls through to the next territory when the specific one has no matching rule: prepend', () => {
    expect(types(selectRules(rules, { need: 'general-care', rights: 'full' }, chalon))).toEqual([
      'centre-de-sante',
      'medecin-generaliste',
    ]);
    expect(types(selectRules(rules, { need: 'general-care', rights: 'full' }, elsewhereInEpci))).toEqual([
      'centre-de-sante',
      'medecin-generaliste',
    ]);
  });

  it('appends a département rule after the national result', () => {
    expect(types(selectRules(rules, { need: 'general-care', rights: 'full' }, elsewhereInDept))).toEqual([
      'medecin-generaliste',
      'ccas',
    ]);
  });

  it('names the rule and carries its sources on every item', () => {
    const [item] = selectRules(rules, { need: 'general-care' }, null).items;
    expect(item).toMatchObject({ rule: 'national/care', sources: ['s'] });
  });

  it('returns nothing when no rule matches (need not given)', () => {
    expect(selectRules(rules, {}, null)).toEqual({ emergency: false, items: [] });
  });
});
