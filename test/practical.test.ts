import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PATHS, loadLocales } from '../src/content/load-content.js';
import { loadPractical, PRACTICAL_FILE } from '../src/content/load-practical.js';
import { flattenKeys } from '../src/content/locale-keys.js';
import { formatProblem, type Problem } from '../src/content/problem.js';
import { parseYaml } from '../src/content/read-yaml.js';
import type { ServiceRecord } from '../src/directory/service-record.js';
import { createTranslator } from '../src/i18n/translator.js';
import {
  parsePractical,
  practicalFor,
  practicalKeys,
  type PracticalTable,
} from '../src/orientation/practical.js';
import { LANGUAGES, SERVICE_TYPES, type ServiceType } from '../src/orientation/situation.js';
import type { Translator } from '../src/orientation/translate.js';

type Raw = { types: Record<string, Record<string, unknown>> };

const shipped = (): Raw => parseYaml(readFileSync(PRACTICAL_FILE, 'utf8')) as Raw;

/** Sets (or with `undefined`, removes) one field of one type's entry. */
function set(raw: Raw, type: string, field: string, value: unknown): void {
  const entry = raw.types[type];
  if (!entry) throw new Error(`no entry ${type}`);
  raw.types[type] =
    value === undefined
      ? Object.fromEntries(Object.entries(entry).filter(([key]) => key !== field))
      : { ...entry, [field]: value };
}

/** A copy of the shipped file with one change, written where loadPractical can read it. */
function variant(change: (raw: Raw) => void): Problem[] {
  const raw = shipped();
  change(raw);
  const file = join(mkdtempSync(join(tmpdir(), 'aiguillage-practical-')), 'practical.yaml');
  writeFileSync(file, JSON.stringify(raw)); // JSON is YAML
  return loadPractical(file).problems.map((p) => ({
    ...p,
    file: p.file.replace(/^.*practical\.yaml$/, 'practical.yaml'),
  }));
}

const record = (fields: Partial<ServiceRecord>): ServiceRecord => ({
  source: 'rfvs-2021',
  structure_id: 'test',
  id: 'test--cegidd',
  nom: 'CeGIDD de test',
  description: 'Dépistage.',
  date_maj: '2024-01-01',
  aiguillage_type: 'cegidd',
  lien_source: 'https://example.org/cegidd',
  ...fields,
});

describe('practical information per service type', () => {
  let table: PracticalTable;
  let translator: Translator;
  beforeAll(() => {
    const loaded = loadPractical();
    expect(loaded.problems.map(formatProblem)).toEqual([]);
    if (!loaded.table) throw new Error('no table');
    table = loaded.table;
    translator = createTranslator(loadLocales(DEFAULT_PATHS.localesDir, []));
  });

  it('the bundled file loads with no problem and has every type, each with sources', () => {
    expect(Object.keys(table).sort()).toEqual([...SERVICE_TYPES].sort());
    for (const type of SERVICE_TYPES) expect(table[type].sources.length, type).toBeGreaterThan(0);
  });

  it('every language has a text for every key used, and the texts stay short', () => {
    const resources = loadLocales(DEFAULT_PATHS.localesDir, []);
    const french = flattenKeys(resources.fr?.practical);
    for (const lang of LANGUAGES) {
      const texts = flattenKeys(resources[lang]?.practical);
      expect([...texts.keys()].sort(), lang).toEqual([...french.keys()].sort());
      for (const type of SERVICE_TYPES) {
        for (const { key } of practicalKeys(table[type])) {
          expect(texts.get(key), `${lang} ${key}`).toBeTruthy();
          expect([...(texts.get(key) ?? '')].length, `${lang} ${key}`).toBeLessThanOrEqual(95);
        }
      }
    }
  });

  it.each<[ServiceType, string, { cost: string; appointment: string; bring: string[] }]>([
    [
      'cjc',
      'fr',
      { cost: 'Gratuit.', appointment: 'Sur rendez-vous.', bring: ["Aucun papier n'est demandé."] },
    ],
    ['cjc', 'en', { cost: 'Free.', appointment: 'By appointment.', bring: ['No papers are asked for.'] }],
    [
      'samu-15',
      'fr',
      { cost: "L'appel est gratuit.", appointment: 'Appelez à toute heure, jour et nuit.', bring: [] },
    ],
    [
      'cmp',
      'fr-x-falc',
      {
        cost: 'Vous ne payez pas sur place.',
        appointment: "Appelez d'abord. Vous aurez un rendez-vous quand il y aura de la place.",
        bring: ["Demandez ce qu'il faut apporter quand vous appelez."],
      },
    ],
    [
      'pmi',
      'ar',
      {
        cost: 'مجاني.',
        appointment: 'اتصل لتعرف هل تحتاج إلى موعد.',
        bring: ['اسأل عما يجب أن تحضره عندما تتصل.'],
      },
    ],
  ])('%s in %s: the type defaults', (type, lang, expected) => {
    const practical = practicalFor(type, null, table, translator(lang));
    expect({ cost: practical.cost, appointment: practical.appointment, bring: practical.bring }).toEqual(
      expected,
    );
    expect(practical.sources).toEqual(table[type].sources);
  });

  it.each<
    [
      string,
      Partial<ServiceRecord>,
      string,
      { cost: string; appointment: string; bringAdded: string | null; fromRecord: boolean },
    ]
  >([
    [
      'frais gratuit',
      { frais: 'gratuit' },
      'fr',
      { cost: 'Gratuit.', appointment: 'De préférence sur rendez-vous.', bringAdded: null, fromRecord: true },
    ],
    [
      'frais + precisions',
      { frais: 'payant', frais_precisions: '  5 € la\n  consultation. ' },
      'fr',
      {
        cost: 'Payant. 5 € la consultation.',
        appointment: 'De préférence sur rendez-vous.',
        bringAdded: null,
        fromRecord: true,
      },
    ],
    [
      'precisions alone, shown as given in Arabic',
      { frais_precisions: 'Sans avance de frais.' },
      'ar',
      {
        cost: 'Sans avance de frais.',
        appointment: 'يفضل أخذ موعد مسبق.',
        bringAdded: null,
        fromRecord: true,
      },
    ],
    [
      'mobilisation and conditions',
      {
        mobilisation_precisions: 'Le mardi matin, sans rendez-vous.',
        conditions_acces: 'Avoir moins de 26 ans.',
      },
      'en',
      {
        cost: 'Free.',
        appointment: 'Le mardi matin, sans rendez-vous.',
        bringAdded: 'Access conditions: Avoir moins de 26 ans.',
        fromRecord: true,
      },
    ],
    [
      'nothing of its own',
      {},
      'fr',
      {
        cost: 'Gratuit.',
        appointment: 'De préférence sur rendez-vous.',
        bringAdded: null,
        fromRecord: false,
      },
    ],
    [
      'inferred: says nothing about the service',
      { aiguillage_inferred: true, frais: 'payant' },
      'fr',
      {
        cost: 'Gratuit.',
        appointment: 'De préférence sur rendez-vous.',
        bringAdded: null,
        fromRecord: false,
      },
    ],
  ])('a record overrides the type: %s', (_, fields, lang, expected) => {
    const t = translator(lang);
    const defaults = practicalFor('cegidd', null, table, t);
    const practical = practicalFor('cegidd', record(fields), table, t);
    expect(practical.cost).toBe(expected.cost);
    expect(practical.appointment).toBe(expected.appointment);
    expect(practical.bring).toEqual(
      expected.bringAdded ? [...defaults.bring, expected.bringAdded] : defaults.bring,
    );
    expect(practical.sources).toEqual(
      expected.fromRecord
        ? ['record test--cegidd (https://example.org/cegidd)', ...table.cegidd.sources]
        : table.cegidd.sources,
    );
  });

  it('names a record by its aiguillage_reference when it has no lien_source', () => {
    const practical = practicalFor(
      'cegidd',
      record({
        lien_source: null,
        aiguillage_reference: 'seeds/001_28dd29ea95f382ce.txt L.410',
        frais: 'gratuit',
      }),
      table,
      translator('fr'),
    );
    expect(practical.sources[0]).toBe('record test--cegidd (seeds/001_28dd29ea95f382ce.txt L.410)');
  });

  it.each<[string, (raw: Raw) => void, Partial<Problem>]>([
    [
      'an unknown type',
      (raw) => (raw.types.hopital = { ...raw.types.pass }),
      { record: 'hopital', message: 'is not a service type code of taxonomy.md' },
    ],
    [
      'a missing type',
      (raw) => delete raw.types.pmi,
      {
        record: 'pmi',
        message: 'has no entry: every service type needs one (use "ask" where nothing is known)',
      },
    ],
    [
      'an unknown key',
      (raw) => set(raw, 'pass', 'bring', ['identity', 'adress-proof']),
      {
        record: 'pass',
        field: 'bring/1',
        message: 'bring.adress-proof has no text in locales/fr/practical.json',
      },
    ],
    [
      'an unknown cost key',
      (raw) => set(raw, 'cmp', 'cost', 'cheap'),
      { record: 'cmp', field: 'cost', message: 'cost.cheap has no text in locales/fr/practical.json' },
    ],
    [
      'a key that is not a string',
      (raw) => set(raw, 'cmp', 'appointment', 3),
      { record: 'cmp', field: 'appointment', message: 'must be a key (a string) of practical.json' },
    ],
    [
      'missing sources',
      (raw) => set(raw, 'cegidd', 'sources', undefined),
      {
        record: 'cegidd',
        field: 'sources',
        message: 'every entry says where it comes from: a seed file and line, or a URL of facts-fr-2026',
      },
    ],
    ['empty sources', (raw) => set(raw, 'cegidd', 'sources', []), { record: 'cegidd', field: 'sources' }],
    [
      'a blank source',
      (raw) => set(raw, 'cegidd', 'sources', ['seeds/… L.410', ' ']),
      { record: 'cegidd', field: 'sources/1', message: 'must be a non-empty text' },
    ],
    [
      'bring not a list',
      (raw) => set(raw, 'ccas', 'bring', 'identity'),
      { record: 'ccas', field: 'bring', message: 'must be a list of keys (it may be empty: [])' },
    ],
    [
      'a misspelt field',
      (raw) => set(raw, 'ccas', 'costs', 'free'),
      { record: 'ccas', field: 'costs', message: 'is not a known field (cost, appointment, bring, sources)' },
    ],
  ])('reports %s with file, record and field', (_, change, expected) => {
    const problems = variant(change);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'practical.yaml', severity: 'error', ...expected }),
    );
  });

  it('parsePractical is pure and refuses an incomplete table', () => {
    const raw = shipped();
    expect(parsePractical(raw).problems).toEqual([]);
    delete raw.types.caarud;
    set(raw, 'pass', 'sources', []);
    const { table: none, problems } = parsePractical(raw);
    expect(none).toBeNull();
    expect(problems).toEqual([
      'pass › sources: every entry says where it comes from: a seed file and line, or a URL of facts-fr-2026',
      'caarud: has no entry: every service type needs one (use "ask" where nothing is known)',
    ]);
    expect(parsePractical(null).problems).toEqual(['types: must be a map of service type codes to entries']);
  });

  it('reports a file that cannot be read', () => {
    const { table: none, problems } = loadPractical(join(tmpdir(), 'no-such-dir', 'practical.yaml'));
    expect(none).toBeNull();
    expect(problems[0]?.message).toMatch(/^cannot be read/);
  });
});
