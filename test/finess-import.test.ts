/**
 * `aiguillage import finess` end to end, on a test fixture in the exact published layout: Latin-1 bytes, the
 * header line, `structureet` lines then `geolocalisation` lines. The establishments of
 * test/fixtures/finess-test-fixture-latin1.csv are fictional (names say FICTIF; phone numbers are in the
 * ranges ARCEP keeps for fiction): test data, never facts. The categories and their codes are real.
 *
 * Then the server's view of the import: the directory loaded from DATA_DIR, local records first, the public
 * hospital as the PASS fallback, and the flags staff see.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type LoadedKnowledge } from '../src/content/load-content.js';
import type { ImportedDirectory } from '../src/directory/imported-directory.js';
import { orient } from '../src/orientation/orient.js';
import type { Language, PlaceQuery } from '../src/orientation/situation.js';
import { readConfig } from '../src/server/config.js';
import { startServer } from '../src/server/start-server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'aiguillage.js');
const fixture = join(root, 'test', 'fixtures', 'finess-test-fixture-latin1.csv');
const TODAY = '2026-11-22';

function run(args: string[]) {
  const out = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: tmpdir() });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

const dataDir = mkdtempSync(join(tmpdir(), 'aiguillage-finess-'));
const stored = join(dataDir, 'directory', 'finess.json');
let first: ReturnType<typeof run>;
let directory: ImportedDirectory;

beforeAll(() => {
  first = run(['import', 'finess', fixture, '--data-dir', dataDir]);
  directory = JSON.parse(readFileSync(stored, 'utf8')) as ImportedDirectory;
});

describe('import finess on the test fixture', () => {
  it('reports the counts per category and what each became', () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('FINESS extraction of 2026-05-12: 36 lines read');
    expect(first.stdout).toMatch(/156 Centre Médico-Psychologique \(C\.M\.P\.\)\s+4 {2}cmp 1, cmpp 1/);
    expect(first.stdout).toMatch(/355 Centre Hospitalier \(C\.H\.\)\s+3 {2}pass \(inferred\) 3/);
    expect(first.stdout).toMatch(/500 Etablissement d'hébergement .*\s1 {2}skipped: not in the mapping/);
    expect(first.stdout).toMatch(/999 Catégorie inconnue \(test\)\s+1 {2}skipped: not in the mapping/);
    expect(first.stdout).toContain(
      '13 records, 2 establishments skipped (category not in the mapping), 8 lines rejected, ' +
        '3 records without coordinates, 1 phone numbers left out (not a 10-digit French number)',
    );
    expect(first.stdout).toContain(`${stored}: 13 added, 0 updated, 0 removed, 0 unchanged`);
  });

  it('lists every rejected line with its reason', () => {
    expect(first.stderr.trim().split('\n')).toEqual([
      'rejected: line 17: malformed structureet line: 31 fields expected after the kind, 6 found',
      'rejected: line 18: invalid FINESS number "ABC"',
      'rejected: line 19: 719990018: no commune for "71999 NULLE PART" (département 71, commune 999)',
      'rejected: line 20: FINESS number 719990003 already on line 4',
      'rejected: line 21: unknown line kind "equipementsocial"',
      'rejected: line 26: 939990005: unknown projection "LAMBERT_II"',
      'rejected: line 35: malformed geolocalisation line: 5 fields expected after the kind, 2 found',
      'rejected: line 36: 719990004: coordinates abc;6571600.8 cannot be read',
    ]);
  });

  it.each([
    // id, type, inferred, name, commune INSEE, postcode, phone, coordinates: a known point, 'some', or none
    [
      '019990002',
      'pass',
      1,
      'CENTRE HOSPITALIER FICTIF DE TEST DE VIRIAT',
      '01451',
      '01440',
      '+33465710002',
      [49.649611, 2.568654],
    ],
    ['019990012', 'centre-de-sante', 0, 'MAISON DE SANTE FICTIVE DE TEST', '01053', '01000', null, null],
    [
      '2A9990008',
      'cpef',
      0,
      'CENTRE DE SANTÉ SEXUELLE L’ÉTÉ FICTIF',
      '2A004',
      '20000',
      '+33465710008',
      'some',
    ],
    [
      '719990001',
      'pass',
      1,
      'CENTRE HOSPITALIER FICTIF DE TEST DE CHALON',
      '71076',
      '71100',
      '+33353010001',
      [46.5, 3],
    ],
    [
      '719990003',
      'cmp',
      0,
      'CENTRE MEDICO PSYCHOLOGIQUE FICTIF ADULTES',
      '71076',
      '71100',
      '+33353010003',
      'some',
    ],
    ['719990004', 'cmpp', 0, 'CMP FICTIF ENFANTS ET ADOLESCENTS', '71076', '71100', '+33353010004', 'some'],
    [
      '719990011',
      'centre-de-sante',
      0,
      'CENTRE DE SANTE FICTIF DE TEST',
      '71076',
      '71100',
      '+33353010011',
      null,
    ],
    ['719990013', 'cegidd', 0, 'CEGIDD FICTIF DE TEST', '71076', '71100', '+33353010013', 'some'],
    [
      '759990007',
      'caarud',
      0,
      'CAARUD FICTIF DE TEST',
      '75113',
      '75013',
      '+33199000007',
      [48.831938, 2.355781],
    ],
    ['939990005', 'csapa', 0, 'CSAPA "LE FICTIF" DE TEST', '93066', '93200', '+33199000005', null],
    [
      '939990006',
      'pass',
      1,
      'CENTRE HOSPITALIER FICTIF DE SAINT-DENIS',
      '93066',
      '93200',
      '+33199000006',
      'some',
    ],
    ['9A9990009', 'pmi', 0, 'PMI FICTIVE DE TEST DES ABYMES', '97101', '97139', null, [0, -63]],
    ['9D9990010', 'cmpp', 0, 'CMPP FICTIF DE TEST', '97411', '97400', null, [0, 57]],
  ] as const)('%s becomes a %s record', (id, type, inferred, nom, insee, postcode, phone, point) => {
    const row = directory.rows.find((r) => r[0] === id);
    expect(row).toBeDefined();
    const [, , name, rowType, rowInferred, , , , rowPostcode, , rowInsee, rowPhone, latitude, longitude] =
      row ?? [];
    expect({ name, rowType, rowInferred, rowInsee, rowPostcode, rowPhone }).toEqual({
      name: nom,
      rowType: type,
      rowInferred: inferred,
      rowInsee: insee,
      rowPostcode: postcode,
      rowPhone: phone,
    });
    const coordinates = latitude === null || longitude === null ? null : [latitude, longitude];
    if (point === 'some') expect(coordinates).toEqual([expect.any(Number), expect.any(Number)]);
    else expect(coordinates).toEqual(point);
  });

  it('keeps the address as published, street types written out, the CEDEX code replaced by the commune’s', () => {
    const byId = new Map(directory.rows.map((row) => [row[0], row]));
    expect(byId.get('719990003')?.slice(6, 10)).toEqual([
      '12 BIS BOULEVARD DE LA RECETTE',
      null,
      '71100',
      'Chalon-sur-Saône',
    ]);
    expect(byId.get('019990002')?.slice(6, 10)).toEqual(['900 ROUTE DES ESSAIS', 'BP 1', '01440', 'Viriat']);
    expect(byId.get('719990013')?.slice(6, 9)).toEqual(['1 RUE DES ESSAIS', 'CS 90001', '71100']);
    expect(directory).toMatchObject({
      source: 'finess',
      extractedOn: '2026-05-12',
      categories: { '228': 'Centre de Santé Sexuelle', '355': 'Centre Hospitalier (C.H.)' },
    });
  });

  it('changes nothing when the same file is imported again', () => {
    const before = readFileSync(stored);
    const again = run(['import', 'finess', fixture, '--data-dir', dataDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `${stored}: 0 added, 0 updated, 0 removed, 13 unchanged (file not rewritten)`,
    );
    expect(readFileSync(stored).equals(before)).toBe(true);
  });

  it('keeps the directory when a mapping would import nothing', () => {
    const before = readFileSync(stored);
    const mapping = join(mkdtempSync(join(tmpdir(), 'aiguillage-finess-map-')), 'categories.yaml');
    writeFileSync(
      mapping,
      "- { code: '617', label: Lieu de soins non programmés, type: maison-medicale-garde }\n",
    );
    const empty = run(['import', 'finess', fixture, '--data-dir', dataDir, '--mapping', mapping]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(`no record to import: ${stored} left as it was`);
    expect(readFileSync(stored).equals(before)).toBe(true);
  });

  it('checks the mapping first and names the category and field of a problem', () => {
    const mapping = join(mkdtempSync(join(tmpdir(), 'aiguillage-finess-map-')), 'categories.yaml');
    writeFileSync(mapping, "- { code: '156', label: CMP, type: psy }\n");
    const refused = run(['import', 'finess', fixture, '--data-dir', dataDir, '--mapping', mapping]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/error: .*categories\.yaml › 156 › type: must be a service type code/);
  });

  it('refuses a file that is not a FINESS extraction, and writes nothing', () => {
    const other = mkdtempSync(join(tmpdir(), 'aiguillage-finess-other-'));
    const refused = run(['import', 'finess', join(root, 'package.json'), '--data-dir', other]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('not a FINESS extraction');
    expect(spawnSync('ls', [other], { encoding: 'utf8' }).stdout).toBe('');
  });
});

describe('the directory with the import loaded', () => {
  let loaded: LoadedKnowledge;
  beforeAll(async () => {
    loaded = await loadKnowledge(undefined, { dataDir });
    expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  const pass = (place: PlaceQuery, lang: Language = 'fr', knowledge = loaded.knowledge) =>
    orient({ rights: 'none', need: 'general-care', place }, knowledge, {
      lang,
      today: TODAY,
    }).recommendations.find((r) => r.type === 'pass');

  it('loads the imported records beside the content', () => {
    expect(loaded.imported).toEqual([{ source: 'finess', extractedOn: '2026-05-12', records: 13 }]);
    expect(loaded.knowledge.directory.byId('719990003')?.imported).toBe(true);
  });

  describe('PASS: the nearest public hospital when no PASS record serves the place', () => {
    it.each([
      ['in its commune', '01451', 'commune'],
      ['in its EPCI', '01053', 'epci'],
      ['in its département', '01283', 'departement'],
    ])('%s (%s): where to ask, flagged inferred', (_name, insee, nearness) => {
      const recommendation = pass({ insee });
      expect(recommendation).toMatchObject({ service: { id: '019990002' }, nearness, inferred: true });
      expect(recommendation?.text).toContain(
        "Demandez la PASS à l'accueil de l'hôpital. Où : CENTRE HOSPITALIER FICTIF DE TEST DE VIRIAT. " +
          'Adresse : 900 ROUTE DES ESSAIS, BP 1, 01440 Viriat. Tél. : 04 65 71 00 02.',
      );
    });

    it.each([
      [
        'en',
        "Ask for the PASS at the hospital's reception desk. Where: CENTRE HOSPITALIER FICTIF DE TEST DE VIRIAT.",
      ],
      [
        'ar',
        'اطلب PASS في مكتب الاستقبال في المستشفى. المكان: ⁨CENTRE HOSPITALIER FICTIF DE TEST DE VIRIAT⁩.',
      ],
      [
        'fr-x-falc',
        "Allez à l'accueil de l'hôpital. Demandez la PASS. Où aller : CENTRE HOSPITALIER FICTIF DE TEST DE VIRIAT.",
      ],
    ] as const)('in %s', (lang, sentence) =>
      expect(pass({ insee: '01451' }, lang)?.text).toContain(sentence),
    );

    it('in another département: the generic advice, no hospital', () => {
      const recommendation = pass({ insee: '69123' });
      expect(recommendation?.service).toBeNull();
      expect(recommendation?.inferred).toBeUndefined();
    });

    it.each([
      [
        'Chalon-sur-Saône, whose PASS the Grand Chalon grid names',
        '71076',
        'rfvs-2021--grand-chalon--ch-william-morey-pass',
      ],
      ['Saint-Denis, whose hospital PASS the content has', '93066', 'rfvs-2021--saint-denis--pass-hopital'],
    ])('in %s: the local PASS record, not the inferred hospital', (_name, insee, id) => {
      const recommendation = pass({ insee });
      expect(recommendation?.service?.id).toBe(id);
      expect(recommendation?.inferred).toBeUndefined();
      expect(recommendation?.text).not.toContain("Demandez la PASS à l'accueil de l'hôpital.");
    });
  });

  describe('local records first', () => {
    const found = (type: 'csapa' | 'cmp', insee: string) => {
      const place = loaded.knowledge.places.byInsee(insee) ?? null;
      return loaded.knowledge.directory.find(type, {}, place).map((f) => `${f.record.id} (${f.nearness})`);
    };

    it.each([
      [
        'same commune: the content’s record before the imported one',
        'csapa',
        '93066',
        ['rfvs-2021--saint-denis--csapa (commune)', '939990005 (commune)'],
      ],
      [
        'same EPCI: the content’s record before the imported one',
        'cmp',
        '71475',
        ['rfvs-2021--grand-chalon--cmp-du-chalonnais (epci)', '719990003 (epci)'],
      ],
      [
        'an imported record nearer than the content’s comes first',
        'cmp',
        '71076',
        ['719990003 (commune)', 'rfvs-2021--grand-chalon--cmp-du-chalonnais (epci)'],
      ],
    ] as const)('%s', (_name, type, insee, ids) => expect(found(type, insee)).toEqual(ids));
  });

  it('answers best() with the first of find(), for every type and a spread of places', () => {
    const { directory, places } = loaded.knowledge;
    const communes = [
      '01451',
      '01053',
      '01283',
      '71076',
      '71475',
      '93066',
      '75113',
      '75056',
      '2A004',
      '97101',
    ];
    const types = [
      'pass',
      'cmp',
      'cmpp',
      'csapa',
      'caarud',
      'cpef',
      'pmi',
      'centre-de-sante',
      'cegidd',
    ] as const;
    for (const insee of [...communes, null]) {
      const place = insee ? (places.byInsee(insee) ?? null) : null;
      for (const type of types) {
        expect(directory.best(type, { age: 30 }, place), `${type} in ${insee}`).toEqual(
          directory.find(type, { age: 30 }, place)[0] ?? null,
        );
      }
    }
  });

  it('flags records older than the configured age for staff', async () => {
    expect(pass({ insee: '01451' })?.toVerify).toBeUndefined(); // 2024-03-15: 32 months, under 36
    const strict = await loadKnowledge(undefined, { dataDir, verifyAfterMonths: 24 });
    expect(pass({ insee: '01451' }, 'fr', strict.knowledge)?.toVerify).toBe(true);
  });
});

describe('directory stats', () => {
  it('counts per type and département, and gives each source’s age', () => {
    const out = run(['directory', 'stats', '--data-dir', dataDir, '--today', TODAY, '--json']);
    expect(out.code).toBe(0);
    const stats = JSON.parse(out.stdout);
    expect(stats.sources[0]).toEqual({
      source: 'finess',
      records: 13,
      asOf: '2026-05-12',
      ageDays: 194,
      oldest: '2018-04-01',
      olderThanMax: 5,
      imported: true,
    });
    expect(stats.byType).toContainEqual({ type: 'pass', records: 7, inferred: 3, olderThanMax: 4 });
    expect(stats.byDepartement).toContainEqual({
      departement: '01',
      records: 2,
      byType: { pass: 1, 'centre-de-sante': 1 },
    });
  });

  it('prints it for people, with the age chosen', () => {
    const out = run([
      'directory',
      'stats',
      '--data-dir',
      dataDir,
      '--today',
      TODAY,
      '--max-age-months',
      '12',
    ]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^finess \(imported\)\s+13 {2}2026-05-12 {3}194 days {2}2018-04-01\s+12$/m);
    expect(out.stdout).toMatch(/^01 Ain\s+2 {2}pass 1, centre-de-sante 1$/m);
    expect(out.stdout).toContain('older than 12 months');
  });
});

describe('the server', () => {
  it('loads the imported directory from DATA_DIR at start', async () => {
    const lines: string[] = [];
    const { config } = readConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, WARM_UP: '0' });
    const server = await startServer(config, { log: (line) => lines.push(line) });
    await server.close();
    // The log is JSON lines (pino): the message is `msg`.
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toContain('directory: 13 finess records (extracted 2026-05-12)');
  });
});
