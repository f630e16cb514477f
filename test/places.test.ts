import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseYaml as parse } from '../src/content/read-yaml.js';
import type { PlaceQuery } from '../src/orientation/situation.js';
import {
  createPlaceIndex,
  foldText,
  loadPlaceData,
  normalizeName,
  parsePlaceText,
  type Place,
  type PlaceData,
  type PlaceIndex,
  type PlaceResolution,
} from '../src/places/index.js';

/** One row of `cases/places.yaml`; the file's header says what each field means. */
interface PlaceCase {
  input: string | PlaceQuery;
  expect: PlaceResolution['status'];
  insee?: string;
  departement?: string;
  epci?: string;
  choices?: string[];
  minChoices?: number;
}

const STATUSES: readonly string[] = ['found', 'ambiguous', 'not-found'];
const QUERY_KEYS: readonly string[] = ['postcode', 'commune', 'insee', 'departement'];

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isPlaceCase(value: unknown): value is PlaceCase {
  if (typeof value !== 'object' || value === null) return false;
  const row = value as Record<string, unknown>;
  const input = row.input;
  const validInput =
    typeof input === 'string' ||
    (typeof input === 'object' &&
      input !== null &&
      Object.entries(input).every(([key, field]) => QUERY_KEYS.includes(key) && typeof field === 'string'));
  return (
    validInput &&
    typeof row.expect === 'string' &&
    STATUSES.includes(row.expect) &&
    ['insee', 'departement', 'epci'].every((key) => row[key] === undefined || typeof row[key] === 'string') &&
    (row.choices === undefined || isStringArray(row.choices)) &&
    (row.minChoices === undefined || typeof row.minChoices === 'number')
  );
}

function loadCases(): PlaceCase[] {
  const parsed: unknown = parse(readFileSync(new URL('./cases/places.yaml', import.meta.url), 'utf8'));
  if (!Array.isArray(parsed)) throw new Error('cases/places.yaml: expected a list of cases');
  return parsed.map((row: unknown, i) => {
    if (!isPlaceCase(row))
      throw new Error(`cases/places.yaml: case ${i + 1} is malformed: ${JSON.stringify(row)}`);
    return row;
  });
}

const cases = loadCases();
const label = (c: PlaceCase): string => JSON.stringify(c.input);
const codes = (places: Place[]): string[] => places.map((p) => p.insee);

let places: PlaceIndex;

// How long the build takes is measured in bench/startup.js, never asserted here.
beforeAll(() => {
  places = createPlaceIndex(loadPlaceData());
});

describe('cases/places.yaml', () => {
  it('has over 200 cases', () => {
    expect(cases.length).toBeGreaterThan(200);
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s', (_label, c) => {
    const result = places.resolve(c.input);
    const shown =
      result.status === 'found'
        ? result.place.insee
        : codes(result.status === 'ambiguous' ? result.choices : result.suggestions);
    expect({ status: result.status, shown }).toMatchObject({ status: c.expect });

    if (result.status === 'found') {
      if (c.insee !== undefined) expect(result.place.insee).toBe(c.insee);
      if (c.departement !== undefined) expect(result.place.departement.code).toBe(c.departement);
      if (c.epci !== undefined) expect(result.place.epci?.code).toBe(c.epci);
    }
    if (result.status === 'ambiguous') {
      expect(codes(result.choices)).toEqual(expect.arrayContaining(c.choices ?? []));
      expect(result.choices.length).toBeGreaterThanOrEqual(c.minChoices ?? 2);
    }
    if (result.status === 'not-found') {
      expect(codes(result.suggestions)).toEqual(expect.arrayContaining(c.choices ?? []));
      expect(result.suggestions.length).toBeLessThanOrEqual(3);
    }
  });
});

describe('place index', () => {
  it('never throws on garbage and answers not-found', () => {
    const garbage: unknown[] = [
      '',
      ' \t\n ',
      '🙂🙂🙂',
      'مرحبا، أين أقرب مستشفى؟',
      '\u0000\u0001\u0002',
      '\uD800',
      '((((((',
      '9'.repeat(5000),
      'a'.repeat(5000),
      null,
      undefined,
      42,
      [],
      { postcode: 75013 },
      { commune: { nom: 'Paris' } },
      { insee: null, departement: [] },
    ];
    for (const input of garbage) {
      const result = places.resolve(input as PlaceQuery);
      expect(result.status, JSON.stringify(input)).toBe('not-found');
    }
  });

  // Their cost is measured in bench/startup.js; here, that they answer.
  it('answers a 10 kB input', () => {
    const inputs = [
      'x'.repeat(10_000),
      'saint denis '.repeat(900),
      'é'.repeat(10_000),
      '🙂'.repeat(5_000),
      'chalon sur saone '.repeat(600),
    ];
    for (const input of inputs) {
      const result = places.resolve(input);
      expect(['not-found', 'ambiguous', 'found']).toContain(result.status);
    }
  });

  it.each([
    ['marseile', 'found'],
    ['monpellier', 'found'],
    ['villeurbane', 'found'],
    ['qwertyuiop', 'not-found'],
  ])('answers a typo: %s', (input, status) => {
    expect(places.resolve(input).status).toBe(status);
  });

  it('puts Chalon-sur-Saône in the CA Le Grand Chalon', () => {
    const chalon = places.byInsee('71076');
    expect(chalon?.commune).toBe('Chalon-sur-Saône');
    expect(chalon?.epci).toEqual({ code: '247100589', nom: 'CA Le Grand Chalon' });
    expect(chalon?.departement).toEqual({ code: '71', nom: 'Saône-et-Loire' });
    expect(chalon?.postcodes).toEqual(['71100']);
  });

  it('gives a Paris arrondissement its own code, the commune code of Paris and the Grand Paris EPCI', () => {
    const result = places.resolve('75013');
    expect(result.status).toBe('found');
    if (result.status !== 'found') return;
    expect(result.place).toMatchObject({
      insee: '75113',
      commune: 'Paris 13e Arrondissement',
      communeInsee: '75056',
      postcodes: ['75013'],
      departement: { code: '75', nom: 'Paris' },
      epci: { code: '200054781', nom: 'Métropole du Grand Paris' },
    });
    const paris = places.resolve('Paris');
    expect(paris.status === 'found' && paris.place.communeInsee).toBe('75056');
    const lyon3 = places.byInsee('69383');
    expect(lyon3).toMatchObject({ communeInsee: '69123', epci: { nom: 'Métropole de Lyon' } });
  });

  it('lists the communes of a shared postcode largest first, each once', () => {
    const result = places.resolve('01400');
    expect(result.status).toBe('ambiguous');
    if (result.status !== 'ambiguous') return;
    const populations = result.choices.map((p) => p.population ?? 0);
    expect(populations).toEqual([...populations].sort((a, b) => b - a));
    expect(new Set(codes(result.choices)).size).toBe(result.choices.length);
    expect(places.byPostcode('01400').map((p) => p.insee)).toEqual(codes(result.choices));
  });

  it('asks which one when a shortened town name also matches a village exactly', () => {
    const chalon = places.resolve('Chalon');
    expect(chalon.status).toBe('ambiguous');
    if (chalon.status === 'ambiguous') expect(codes(chalon.choices)).toEqual(['71076', '38066']);
    const evry = places.resolve('Evry');
    expect(evry.status === 'ambiguous' && codes(evry.choices)).toEqual(['91228', '89162']);
  });

  it('suggests close names and homonyms elsewhere when nothing fits', () => {
    const elsewhere = places.resolve({ commune: 'Saint-Denis', departement: '71' });
    expect(elsewhere.status).toBe('not-found');
    if (elsewhere.status === 'not-found') expect(codes(elsewhere.suggestions)).toContain('93066');
    const nothing = places.resolve('zzzzzzzzzz');
    expect(nothing).toEqual({ status: 'not-found', suggestions: [] });
  });

  it('leads a commune déléguée to its commune', () => {
    expect(places.byInsee('59540')?.commune).toBe('Dunkerque');
    expect(places.byInsee('50173')?.insee).toBe('50129');
    expect(places.byInsee('00000')).toBeUndefined();
  });

  it('knows département names', () => {
    expect(places.departement('2a')).toEqual({ code: '2A', nom: 'Corse-du-Sud' });
    expect(places.departement('974')?.nom).toBe('La Réunion');
    expect(places.departement('1')?.nom).toBe('Ain');
    expect(places.departement('99')).toBeUndefined();
  });
});

describe('createPlaceIndex on hand-made data', () => {
  const data: PlaceData = {
    departements: [
      { code: '01', nom: 'Ain', region: '84' },
      { code: '02', nom: 'Aisne', region: '32' },
    ],
    epci: [{ code: '200000001', nom: 'CC Test', membres: [{ code: '01001' }, { code: '01002' }] }],
    communes: [
      {
        code: '01001',
        nom: 'Bourg-Neuf',
        type: 'commune-actuelle',
        departement: '01',
        region: '84',
        codesPostaux: ['01100'],
        population: 900,
      },
      {
        code: '01002',
        nom: 'Vieux-Bourg',
        type: 'commune-actuelle',
        departement: '01',
        region: '84',
        codesPostaux: ['01100'],
        population: 100,
      },
      {
        code: '02001',
        nom: 'Bourg-Neuf',
        type: 'commune-actuelle',
        departement: '02',
        region: '32',
        codesPostaux: ['02100'],
      },
      {
        code: '01003',
        nom: 'Ancien-Village',
        type: 'commune-deleguee',
        departement: '01',
        region: '84',
        chefLieu: '01002',
      },
    ],
  };
  const index = createPlaceIndex(data);

  it('resolves postcodes, homonyms and communes déléguées by the same rules', () => {
    expect(index.resolve('01100')).toMatchObject({
      status: 'ambiguous',
      choices: [{ insee: '01001' }, { insee: '01002' }],
    });
    expect(index.resolve('Bourg-Neuf')).toMatchObject({ status: 'ambiguous' });
    expect(index.resolve('Bourg Neuf (02)')).toMatchObject({
      status: 'found',
      place: { insee: '02001', epci: null, population: null },
    });
    expect(index.resolve('ancien village')).toMatchObject({
      status: 'found',
      place: { insee: '01002', epci: { code: '200000001' } },
    });
    expect(index.byInsee('01003')?.insee).toBe('01002');
  });
});

describe('normalisation', () => {
  it.each([
    ['Chalon-sur-Saône', 'chalon sur saone'],
    ['Chalon s/ Saône', 'chalon sur saone'],
    ['CHALON-S/-SAONE', 'chalon sur saone'],
    ["L'Haÿ-les-Roses", 'l hay les roses'],
    ['St-Denis', 'saint denis'],
    ['Ste. Foy', 'sainte foy'],
    ['Œuilly', 'oeuilly'],
    ['  Saint--Étienne  ', 'saint etienne'],
    ['Paris 13ème', 'paris 13 eme'],
    ['ＰＡＲＩＳ', 'paris'],
    ['Chalon-sur-Saône Cedex 12', 'chalon sur saone'],
    ['مرحبا', ''],
  ])('normalizeName(%j) = %j', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });

  it('folds without splitting codes', () => {
    expect(foldText('2A004')).toBe('2a004');
    expect(foldText('x'.repeat(10_000)).length).toBe(200);
  });

  it.each([
    ['75 013', { postcode: '75013' }],
    ['2a004', { insee: '2A004' }],
    ['Saint-Denis (93)', { name: 'saint denis', departement: '93' }],
    ['(974) saint denis', { name: 'saint denis', departement: '974' }],
    ['chalon sur saone 71100', { postcode: '71100', name: 'chalon sur saone' }],
    ['12 rue Lamartine, 71100 Chalon', { postcode: '71100', name: 'chalon' }],
    ['Paris 13', { name: 'paris 13' }],
    ['Lyon 69', { name: 'lyon', departement: '69' }],
    ['', {}],
  ])('parsePlaceText(%j)', (input, expected) => {
    expect(parsePlaceText(input)).toEqual(expected);
  });
});
