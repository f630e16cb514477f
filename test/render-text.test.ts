import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLocales } from '../src/content/load-content.js';
import type { Problem } from '../src/content/problem.js';
import { createTranslator } from '../src/i18n/translator.js';
import { renderOpeningHours } from '../src/orientation/opening-hours.js';
import { displayPhone, isStale, renderWhere } from '../src/orientation/render-text.js';
import type { Translator } from '../src/orientation/translate.js';
import type { ServiceRecord } from '../src/directory/service-record.js';
import { parseYaml } from '../src/content/read-yaml.js';

interface HoursCase {
  value: string;
  fr: string | null;
  en: string | null;
}

const cases = parseYaml(
  readFileSync(new URL('./cases/opening-hours.yaml', import.meta.url), 'utf8'),
) as HoursCase[];

let translator: Translator;
beforeAll(() => {
  const problems: Problem[] = [];
  translator = createTranslator(loadLocales(new URL('../locales', import.meta.url).pathname, problems));
  expect(problems).toEqual([]);
});

describe('opening hours in words', () => {
  it.each(cases)('$value', ({ value, fr, en }) => {
    expect(renderOpeningHours(translator('fr'), value)).toBe(fr);
    expect(renderOpeningHours(translator('en'), value)).toBe(en);
  });
});

describe('phone numbers as people dial them', () => {
  it.each([
    ['15', '15'],
    ['3114', '3114'],
    ['+33385441234', '03 85 44 12 34'],
    ['0385441234', '03 85 44 12 34'],
    ['+33800231313', '0 800 23 13 13'],
    ['+33 9 74 75 13 13', '09 74 75 13 13'],
  ])('%s → %s', (input, shown) => expect(displayPhone(input)).toBe(shown));
});

describe('where to go', () => {
  const record: ServiceRecord = {
    source: 't',
    structure_id: 't',
    id: 't',
    nom: 'Centre de test',
    description: 'Un centre.',
    date_maj: '2015-01-01',
    aiguillage_type: 'pass',
    adresse: '41 bd Ferroul',
    code_postal: '11100',
    commune: 'Narbonne',
    telephone: '+33468000000',
    horaires_accueil: 'Mo-Fr 09:00-12:00',
  };

  it('gives name, address, phone and hours, and says when the record is old', () => {
    expect(renderWhere(translator('fr'), 'pass', record, '2026-11-22')).toBe(
      'Où : Centre de test. Adresse : 41 bd Ferroul, 11100 Narbonne. Tél. : 04 68 00 00 00. Horaires : du lundi au vendredi : 9 h à 12 h. Ces informations datent de 2015. Elles ont peut-être changé.',
    );
  });

  it('says honestly when it has no contact, and gives generic guidance without a record', () => {
    const bare = {
      ...record,
      adresse: null,
      code_postal: null,
      commune: null,
      telephone: null,
      horaires_accueil: null,
      date_maj: '2025-06-01',
    };
    expect(renderWhere(translator('fr'), 'pass', bare, '2026-11-22')).toBe(
      "Où : Centre de test. Nous n'avons pas son adresse ni son téléphone : demandez-les à votre mairie.",
    );
    expect(renderWhere(translator('fr'), 'pass', null, '2026-11-22')).toContain(
      "l'hôpital public le plus proche",
    );
  });

  it('uses the source wording of the hours when there is one', () => {
    const worded = { ...record, aiguillage_horaires_texte: '2e, 3e et 4e lundi du mois à 20 h' };
    expect(renderWhere(translator('fr'), 'pass', worded, undefined)).toContain(
      'Horaires : 2e, 3e et 4e lundi du mois à 20 h.',
    );
  });

  it('counts a record as old after three years', () => {
    expect(isStale(record, '2018-12-31')).toBe(false);
    expect(isStale(record, '2019-01-01')).toBe(true);
    expect(isStale(record, undefined)).toBe(false);
  });
});
