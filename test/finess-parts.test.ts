/**
 * The pieces of the FINESS import, each as a table: reading a line of the published layout, the address and
 * its commune, phone numbers, coordinates against known points, the category mapping, and record freshness.
 * The lines here are fictional establishments written in the published layout (test data, not facts).
 */
import { describe, expect, it } from 'vitest';
import { loadPlaces } from '../src/content/load-content.js';
import { toWgs84, projectionOf } from '../src/directory/finess/coordinates.js';
import {
  communeOf,
  finessInseeCode,
  parseRoutingLine,
  streetOf,
} from '../src/directory/finess/finess-address.js';
import { parseCategoryMapping, serviceTypeOf } from '../src/directory/finess/finess-categories.js';
import { parseFinessLine, splitFields, STRUCTURE_FIELDS } from '../src/directory/finess/finess-line.js';
import { decodeLatin1 } from '../src/directory/finess/read-lines.js';
import { formatProblem } from '../src/content/problem.js';
import { isOlderThan } from '../src/directory/freshness.js';
import { toE164, toNational } from '../src/directory/phone.js';
import { displayPhone } from '../src/orientation/render-text.js';

/** A fictional `structureet` line in the published layout, with the given fields. */
function structureLine(fields: Partial<Record<(typeof STRUCTURE_FIELDS)[number], string>>): string {
  return ['structureet', ...STRUCTURE_FIELDS.map((name) => fields[name] ?? '')].join(';');
}

describe('a line of the published layout', () => {
  it.each([
    [
      'the header, on line 1',
      'finess;etalab;111;2026-05-12',
      true,
      { kind: 'header', extractedOn: '2026-05-12' },
    ],
    [
      'anything else on line 1 is not a FINESS extraction',
      'nofinesset;rs;commune',
      true,
      { kind: 'invalid', reason: expect.stringContaining('not a FINESS extraction') },
    ],
    [
      'a geolocation',
      'geolocalisation;010000024;870215.7;6571590.5;1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2021-01-04',
      false,
      {
        kind: 'geolocation',
        geolocation: {
          nofinesset: '010000024',
          coordxet: '870215.7',
          coordyet: '6571590.5',
          sourcecoordet: '1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93',
          datemaj: '2021-01-04',
        },
      },
    ],
    [
      'a geolocation cut short',
      'geolocalisation;010000024;870215.7',
      false,
      {
        kind: 'invalid',
        reason: 'malformed geolocalisation line: 5 fields expected after the kind, 2 found',
      },
    ],
    [
      'an establishment cut short',
      'structureet;719990016;719991600;CMP FICTIF',
      false,
      { kind: 'invalid', reason: 'malformed structureet line: 31 fields expected after the kind, 3 found' },
    ],
    [
      'a kind this file does not have',
      'equipementsocial;1;2',
      false,
      { kind: 'invalid', reason: 'unknown line kind "equipementsocial"' },
    ],
  ])('%s', (_name, text, first, expected) => {
    expect(parseFinessLine(text, first)).toEqual(expected);
  });

  it('reads an establishment field by field, the trailing semicolon being the empty last field', () => {
    const line = `${structureLine({ nofinesset: '719990003', rs: 'CMP FICTIF', categetab: '156', datemaj: '2019-11-04' })}`;
    expect(line.endsWith(';')).toBe(true); // numuai is empty, as in the published file
    const parsed = parseFinessLine(line, false);
    expect(parsed).toMatchObject({
      kind: 'structure',
      structure: {
        nofinesset: '719990003',
        rs: 'CMP FICTIF',
        categetab: '156',
        datemaj: '2019-11-04',
        numuai: '',
      },
    });
  });

  it.each([
    ['plain fields', 'a;b;;c', ['a', 'b', '', 'c']],
    ['a quoted field with doubled quotes', 'x;"CSAPA ""LE FICTIF""";y', ['x', 'CSAPA "LE FICTIF"', 'y']],
    ['a semicolon inside quotes', '"A;B";c', ['A;B', 'c']],
  ])('splits %s', (_name, text, fields) => expect(splitFields(text)).toEqual(fields));

  it.each([
    ['é', [0xe9], 'é'],
    ['É', [0xc9], 'É'],
    ['the Windows-1252 apostrophe', [0x92], '’'],
    ['œ', [0x9c], 'œ'],
  ])('decodes %s from Latin-1 bytes', (_name, bytes, text) =>
    expect(decodeLatin1(Buffer.from(bytes))).toBe(text),
  );
});

describe('the address', () => {
  it.each([
    [{ numvoie: '900', compvoie: '', typvoie: 'RTE', voie: 'DE PARIS' }, '900 ROUTE DE PARIS'],
    [
      { numvoie: '12', compvoie: 'B', typvoie: 'BD', voie: 'DE LA RECETTE' },
      '12 BIS BOULEVARD DE LA RECETTE',
    ],
    [
      { numvoie: '40', compvoie: '', typvoie: 'CHE', voie: 'CHEMIN SAFER MORANGE' },
      '40 CHEMIN SAFER MORANGE',
    ],
    [{ numvoie: '', compvoie: '', typvoie: 'ZAC', voie: 'DES ESSAIS' }, 'ZAC DES ESSAIS'],
    [{ numvoie: '', compvoie: '', typvoie: '', voie: '' }, ''],
  ])('%o → %s', (structure, street) => expect(streetOf(structure)).toBe(street));

  it.each([
    ['01440 VIRIAT', { postcode: '01440', town: 'VIRIAT', cedex: false }],
    ['97306 CAYENNE CEDEX', { postcode: '97306', town: 'CAYENNE', cedex: true }],
    ['71321 CHALON SUR SAONE CEDEX 2', { postcode: '71321', town: 'CHALON SUR SAONE', cedex: true }],
    ['VIRIAT', null],
  ])('routing line %s', (line, routing) => expect(parseRoutingLine(line)).toEqual(routing));

  it.each([
    ['01', '451', '01451'],
    ['2A', '004', '2A004'],
    ['9A', '101', '97101'], // Guadeloupe
    ['9D', '411', '97411'], // La Réunion
    ['9F', '606', '97606'], // Mayotte
    ['9J', '613', '98613'], // Wallis-et-Futuna
    ['01', '45', null],
  ])('FINESS département %s, commune %s → INSEE %s', (departement, commune, insee) =>
    expect(finessInseeCode(departement, commune)).toBe(insee),
  );

  const places = loadPlaces().index;
  it.each([
    ['a postcode of one commune', '01440 VIRIAT', '01', '451', '01451'],
    [
      'a postcode shared by five communes, narrowed by the name',
      '71100 CHALON SUR SAONE',
      '71',
      '076',
      '71076',
    ],
    ['an abbreviated name', '93200 ST DENIS', '93', '066', '93066'],
    ['Paris: the postcode gives the arrondissement', '75013 PARIS', '75', '056', '75113'],
    ['a CEDEX line: FINESS’s commune code decides', '71321 CHALON SUR SAONE CEDEX', '71', '076', '71076'],
    ['overseas', '97139 LES ABYMES', '9A', '101', '97101'],
    ['nowhere', '71999 NULLE PART', '71', '999', null],
  ])('commune of %s', (_name, ligneacheminement, departement, commune, insee) => {
    expect(communeOf({ ligneacheminement, departement, commune }, places)?.insee ?? null).toBe(insee);
  });
});

describe('phone numbers', () => {
  it.each([
    ['0474454647', '+33474454647'],
    ['04 74 45 46 47', '+33474454647'],
    ['04.74.45.46.47', '+33474454647'],
    ['0590000000', '+590590000000'], // Guadeloupe
    ['0596000000', '+596596000000'], // Martinique
    ['0594000000', '+594594000000'], // Guyane
    ['0262000000', '+262262000000'], // La Réunion
    ['0269000000', '+262269000000'], // Mayotte
    ['474454647', null], // a leading zero lost: not read as a number
    ['15', null],
    ['', null],
  ])('%s → E.164 %s', (published, e164) => expect(toE164(published)).toBe(e164));

  it.each([
    ['+33474454647', '0474454647', '04 74 45 46 47'],
    ['+590590000000', '0590000000', '05 90 00 00 00'],
    ['+262269000000', '0269000000', '02 69 00 00 00'],
    ['+590474454647', '+590474454647', '+590474454647'], // not a Guadeloupe prefix: left as it is
    ['3114', '3114', '3114'],
  ])('%s is dialled %s, shown %s', (e164, national, shown) => {
    expect(toNational(e164)).toBe(national);
    expect(displayPhone(e164)).toBe(shown);
  });
});

describe('coordinates against known points', () => {
  // Lambert-93's origin is its definition (EPSG:2154); the other Lambert-93 points are the worked examples
  // published with independent converters (proj4php's test, and the Lambert libraries that use
  // 668832.5384 / 6950138.7285). The UTM points are where each zone's central meridian meets the equator.
  it.each([
    ['LAMBERT_93', 700000, 6600000, 46.5, 3],
    ['LAMBERT_93', 668832.5384, 6950138.7285, 49.649611, 2.568654],
    ['LAMBERT_93', 652709.401, 6859290.946, 48.831938, 2.355781],
    ['UTM_N20', 500000, 0, 0, -63],
    ['UTM_N22', 500000, 0, 0, -51],
    ['UTM_S38', 500000, 10000000, 0, 45],
    ['UTM_S40', 500000, 10000000, 0, 57],
  ])('%s %d %d → %d, %d', (system, x, y, latitude, longitude) => {
    const point = toWgs84(x, y, system);
    expect(point?.latitude).toBeCloseTo(latitude, 5);
    expect(point?.longitude).toBeCloseTo(longitude, 5);
  });

  it('names the projection from the end of sourcecoordet, and refuses one it does not know', () => {
    expect(projectionOf('1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93')).toBe('LAMBERT_93');
    expect(toWgs84(600000, 2400000, 'LAMBERT_II')).toBeNull();
    expect(toWgs84(Number.NaN, 6600000, 'LAMBERT_93')).toBeNull();
  });
});

describe('the category mapping', () => {
  const { mapping, problems } = parseCategoryMapping(
    [
      {
        code: '156',
        label: 'Centre Médico-Psychologique (C.M.P.)',
        type: 'cmp',
        byName: [{ words: ['enfants', 'INFANTO', 'Juvénile'], type: 'cmpp' }],
      },
      { code: '355', label: 'Centre Hospitalier (C.H.)', type: 'pass', inferred: true },
    ],
    'finess-categories.yaml',
  );

  it('reads codes, types and the inferred flag', () => {
    expect(problems).toEqual([]);
    expect(mapping.get('355')).toMatchObject({ type: 'pass', inferred: true });
    expect(mapping.get('156')).toMatchObject({ type: 'cmp', inferred: false });
    expect(mapping.has('500')).toBe(false); // not listed: the import skips and counts it
  });

  it.each([
    [['CMP FICTIF ADULTES'], 'cmp'],
    [['CMP FICTIF', 'CMP FICTIF ENFANTS ET ADOLESCENTS'], 'cmpp'],
    [['CMP INFANTO-JUVENILE FICTIF'], 'cmpp'],
    [['CMP JUVÉNILE FICTIF'], 'cmpp'],
    [['CMP DES ENFANTINES'], 'cmp'], // whole words only
  ])('names %o → %s', (names, type) => {
    const rule = mapping.get('156');
    expect(rule && serviceTypeOf(rule, names)).toBe(type);
  });

  it.each([
    [[{ code: 156, label: 'CMP', type: 'cmp' }], []], // YAML without quotes: still read
    [
      [{ code: '15', label: 'x', type: 'cmp' }],
      ['15 › code: must be a FINESS category code of three digits, in quotes: "156"'],
    ],
    [
      [{ code: '156', label: 'CMP', type: 'psy' }],
      ['156 › type: must be a service type code of taxonomy.md, not "psy"'],
    ],
    [[{ code: '156', type: 'cmp' }], ['156 › label: is required']],
    [
      [{ code: '156', label: 'CMP', type: 'cmp', note: 'x' }],
      ['156 › note: unknown field; expected code, label, type, inferred, byName'],
    ],
    [
      [
        { code: '156', label: 'CMP', type: 'cmp' },
        { code: '156', label: 'CMP', type: 'cmp' },
      ],
      ['156 › code: is listed twice'],
    ],
    ['not a list', ['must be a list of categories (code, label, type)']],
  ])('%o → %o', (raw, messages) => {
    const found = parseCategoryMapping(raw, 'm.yaml').problems.map((problem) =>
      formatProblem(problem).replace('error: m.yaml › ', '').replace('error: m.yaml: ', ''),
    );
    expect(found).toEqual(messages);
  });
});

describe('freshness', () => {
  it.each([
    ['2023-05-12', '2026-05-12', 36, false], // exactly 36 months is not older
    ['2023-05-12', '2026-05-13', 36, true],
    ['2015-01-01', '2026-11-22', 36, true],
    ['2026-01-31', '2026-02-28', 1, false],
    ['2026-01-31', '2026-03-01', 1, true],
    ['not a date', '2026-11-22', 36, false],
  ])('%s on %s, older than %d months: %s', (date, today, months, older) =>
    expect(isOlderThan(date, today, months)).toBe(older),
  );
});
