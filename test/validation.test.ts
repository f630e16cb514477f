import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, type Problem } from '../src/content/problem.js';
import { checkCoverage, validateRuleTable, type RuleCrossCheck } from '../src/content/validate-rules.js';
import { validateLocales } from '../src/content/validate-locales.js';
import {
  compileServiceSchema,
  validateRecords,
  type RecordCrossCheck,
} from '../src/directory/validate-records.js';
import type { RuleSet, RuleTable } from '../src/orientation/rule-table.js';
import { DANGERS } from '../src/orientation/situation.js';

const places: RecordCrossCheck = {
  communeExists: (code) => ['71076', '93066'].includes(code),
  epciExists: (code) => code === '247100589',
  departementExists: (code) => ['71', '93', '2A'].includes(code),
};

const valid = {
  source: 'rfvs-2021',
  structure_id: 'rfvs-2021--test',
  id: 'rfvs-2021--test--pass',
  nom: 'PASS du centre hospitalier',
  description: 'Soins et aide pour ouvrir vos droits.',
  date_maj: '2015-01-01',
  code_insee: '71076',
  aiguillage_type: 'pass',
  aiguillage_reference: 'seeds/001_28dd29ea95f382ce.txt L.416',
};

describe('directory validation', () => {
  let validate: ReturnType<typeof compileServiceSchema>;
  beforeAll(() => {
    validate = compileServiceSchema(
      JSON.parse(
        readFileSync(new URL('../content/schemas/data-inclusion-service.json', import.meta.url), 'utf8'),
      ) as object,
    );
  });

  const run = (record: unknown) =>
    validateRecords([{ file: 'content/services/test.yaml', record }], validate, places).problems.map(
      formatProblem,
    );

  it('accepts a valid record', () => {
    expect(run(valid)).toEqual([]);
  });

  it.each([
    [
      { ...valid, nom: undefined },
      'error: content/services/test.yaml › rfvs-2021--test--pass › nom: is required',
    ],
    [
      { ...valid, nom: 'AB' },
      'error: content/services/test.yaml › rfvs-2021--test--pass › nom: must NOT have fewer than 3 characters',
    ],
    [
      { ...valid, date_maj: '2015' },
      'error: content/services/test.yaml › rfvs-2021--test--pass › date_maj: must match format "date"',
    ],
    [
      { ...valid, frais: 'free' },
      'error: content/services/test.yaml › rfvs-2021--test--pass › frais: must be one of "gratuit", "payant"',
    ],
    [
      { ...valid, code_postal: '7110' },
      'error: content/services/test.yaml › rfvs-2021--test--pass › code_postal: must NOT have fewer than 5 characters',
    ],
    [
      { ...valid, aiguillage_type: 'hopital' },
      'error: content/services/test.yaml › rfvs-2021--test--pass › aiguillage_type: must be a service type code of taxonomy.md, not "hopital"',
    ],
    [
      { ...valid, aiguillage_reference: undefined },
      'error: content/services/test.yaml › rfvs-2021--test--pass › aiguillage_reference: every record says where its facts come from: lien_source or aiguillage_reference',
    ],
    [
      { ...valid, code_insee: '99999' },
      'error: content/services/test.yaml › rfvs-2021--test--pass › code_insee: unknown commune code "99999"',
    ],
    [
      { ...valid, zone_eligibilite: ['247100580'] },
      'error: content/services/test.yaml › rfvs-2021--test--pass › zone_eligibilite: unknown code "247100580" (commune INSEE, EPCI SIREN, département or "france")',
    ],
    [
      { ...valid, code_insee: undefined },
      'error: content/services/test.yaml › rfvs-2021--test--pass › zone_eligibilite: a local service needs code_insee or zone_eligibilite, or it can never be found',
    ],
    [
      { ...valid, aiguillage_conditions: { ages: { min: 16 } } },
      'error: content/services/test.yaml › rfvs-2021--test--pass › aiguillage_conditions/ages: unknown situation field; expected one of rights, need, emergency, canWait, age, knownToCmp, precarious, substance, forRelative, danger, lang, not',
    ],
  ])('rejects a broken record with an exact message (%#)', (record, message) => {
    expect(run(record)).toContain(message);
  });

  it('names a record without an id', () => {
    expect(run({ ...valid, id: undefined })).toContain(
      'error: content/services/test.yaml › (no id) › id: is required',
    );
  });

  it('rejects a duplicate id and names the first file', () => {
    const { problems, records } = validateRecords(
      [
        { file: 'content/services/a.yaml', record: valid },
        { file: 'content/services/b.yaml', record: valid },
      ],
      validate,
      places,
    );
    expect(records).toHaveLength(1);
    expect(problems.map(formatProblem)).toEqual([
      'error: content/services/b.yaml › rfvs-2021--test--pass › id: already used in content/services/a.yaml',
    ]);
  });

  it('accepts national records by zone', () => {
    expect(run({ ...valid, code_insee: undefined, zone_eligibilite: ['france'] })).toEqual([]);
  });
});

describe('rule validation', () => {
  const check: RuleCrossCheck = {
    ...places,
    serviceTypes: new Map([['national--3114', 'ligne-3114']]),
    reasonKeys: new Set(['ok']),
  };
  const run = (raw: unknown) => {
    const problems: Problem[] = [];
    const table = validateRuleTable(raw, 'content/rules/test.yaml', check, problems);
    return { table, messages: problems.map(formatProblem) };
  };
  const rule = {
    id: 'R1',
    when: { need: 'general-care' },
    recommend: [{ type: 'pass', reason: 'ok' }],
    sources: ['seed L.1'],
  };

  it('accepts a valid table', () => {
    expect(run({ table: 'test', rules: [rule] })).toMatchObject({
      messages: [],
      table: { table: 'test', file: 'content/rules/test.yaml' },
    });
  });

  it.each([
    [
      { ...rule, when: { needs: 'general-care' } },
      'error: content/rules/test.yaml › R1 › when/needs: unknown situation field; expected one of rights, need, emergency, canWait, age, knownToCmp, precarious, substance, forRelative, danger, lang, not',
    ],
    [
      { ...rule, when: { rights: 'cmu' } },
      'error: content/rules/test.yaml › R1 › when/rights: unknown value "cmu"; expected one of none, pending, basic, full, ame, unknown',
    ],
    [
      { ...rule, when: { emergency: 'yes' } },
      'error: content/rules/test.yaml › R1 › when/emergency: must be true, false or null, not "yes"',
    ],
    [
      { ...rule, recommend: [{ type: 'hospital', reason: 'ok' }] },
      'error: content/rules/test.yaml › R1 › recommend/0/type: unknown service type "hospital"; see taxonomy.md',
    ],
    [
      { ...rule, recommend: [{ type: 'pass', reason: 'missing-text' }] },
      'error: content/rules/test.yaml › R1 › recommend/0/reason: no text "reason.missing-text" in locales/fr/orientation.json',
    ],
    [
      { ...rule, recommend: [{ type: 'pass', reason: 'ok', service: 'national--3114' }] },
      'error: content/rules/test.yaml › R1 › recommend/0/service: service national--3114 is of type ligne-3114, not pass',
    ],
    [
      { ...rule, recommend: [{ type: 'pass', reason: 'ok', service: 'nowhere' }] },
      'error: content/rules/test.yaml › R1 › recommend/0/service: no service with id "nowhere" in content/services',
    ],
    [
      { ...rule, recommend: [] },
      'error: content/rules/test.yaml › R1 › recommend: must list at least one service type',
    ],
    [
      { ...rule, sources: [] },
      'error: content/rules/test.yaml › R1 › sources: every rule cites at least one source (seed file and line, or a public text)',
    ],
    [
      { ...rule, mode: 'replace' },
      'error: content/rules/test.yaml › R1 › mode: only territory tables and red flags combine with the national result',
    ],
  ])('rejects a broken rule with an exact message (%#)', (broken, message) => {
    const { table, messages } = run({ table: 'test', rules: [broken] });
    expect(table).toBeNull();
    expect(messages).toContain(message);
  });

  it('rejects a duplicate rule id', () => {
    expect(run({ table: 'test', rules: [rule, rule] }).messages).toEqual([
      'error: content/rules/test.yaml › R1 › id: is used twice in this table',
    ]);
  });

  it('checks territory codes', () => {
    const { messages } = run({
      table: 'test',
      territory: { name: 'T', communes: [71076], epci: ['123456789'] },
      rules: [{ ...rule, mode: 'replace' }],
    });
    expect(messages).toEqual([
      'error: content/rules/test.yaml › territory › communes: unknown code 71076 (codes are strings: quote them)',
      'error: content/rules/test.yaml › territory › epci: unknown code "123456789" (codes are strings: quote them)',
    ]);
  });

  it('requires the national table to answer every need × rights combination', () => {
    const table = (rules: RuleTable['rules']): RuleTable => ({ table: 't', rules, file: 'national.yaml' });
    const set: RuleSet = {
      redFlags: table([
        {
          id: 'R0',
          when: { emergency: true },
          recommend: [{ type: 'samu-15', reason: 'ok' }],
          sources: ['s'],
        },
        {
          id: 'R0-danger',
          when: { danger: [...DANGERS] },
          recommend: [{ type: 'samu-15', reason: 'ok' }],
          sources: ['s'],
        },
      ]),
      national: table([
        {
          id: 'all',
          when: { not: { need: 'dental' } },
          recommend: [{ type: 'cpam', reason: 'ok' }],
          sources: ['s'],
        },
      ]),
      territories: [],
    };
    const problems: Problem[] = [];
    checkCoverage(set, problems);
    expect(problems).toHaveLength(7); // dental × 6 rights values + not given
    expect(problems.map(formatProblem)[0]).toBe(
      'error: national.yaml › (no rule): need dental with rights none gets no recommendation that exists everywhere',
    );
  });
});

describe('locale validation', () => {
  it('reports missing translations, stale keys and changed placeholders', () => {
    const fr = { where: { phone: 'Tél. : {{phone}}.' }, reason: { a: 'A' } };
    const problems = validateLocales(
      {
        fr: { orientation: fr },
        en: { orientation: { where: { phone: 'Phone: {{number}}.' }, reason: { b: 'B' } } },
        ar: { orientation: fr },
        'fr-x-falc': { orientation: fr },
      },
      'locales',
    ).map(formatProblem);
    expect(problems).toContain(
      'error: locales/en/orientation.json › where.phone: placeholders {{number}} differ from French {{phone}}',
    );
    expect(problems).toContain('error: locales/en/orientation.json › reason.a: has no translation');
    expect(problems).toContain(
      'error: locales/en/orientation.json › reason.b: is not in the French source (stale key?)',
    );
    expect(problems).toContain(
      'error: locales/fr/orientation.json › type.pass.generic: is required for every service type',
    );
  });
});
