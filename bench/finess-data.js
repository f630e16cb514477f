// A generated FINESS extraction in the published layout, for the benchmarks only: a header line, then
// `structureet` lines, then one `geolocalisation` line per establishment (Lambert-93), Latin-1 bytes.
// Establishments are fictional ("ETABLISSEMENT GENERE …", phone numbers in the range kept for fiction) and
// spread over real metropolitan communes in proportion to their population, as establishments are.
// Run after `npm run build` (it reads the compact places data).
import { Buffer } from 'node:buffer';
import { closeSync, openSync, writeSync } from 'node:fs';
import { loadPlaces } from '../dist/content/load-content.js';
import { pickWeighted, random } from './random.js';

/** Category code, label, share: the mapped categories, in roughly the proportions of the real file. */
const MAPPED = [
  ['156', 'Centre Médico-Psychologique (C.M.P.)', 0.22],
  ['223', 'Protection Maternelle et Infantile (P.M.I.)', 0.2],
  ['603', 'Maison de santé (L.6223-3)', 0.15],
  ['124', 'Centre de Santé', 0.12],
  ['355', 'Centre Hospitalier (C.H.)', 0.08],
  ['228', 'Centre de Santé Sexuelle', 0.08],
  ['197', 'Centre soins accompagnement prévention addictologie (CSAPA)', 0.06],
  ['189', 'Centre Médico-Psycho-Pédagogique (C.M.P.P.)', 0.04],
  ['178', 'Ctre.Accueil- Accomp.Réduc.Risq.Usag. Drogues (C.A.A.R.U.D.)', 0.02],
  ['638', "Centre gratuit d'information de dépistage et de diagnostic (CeGIDD)", 0.01],
  ['101', 'Centre Hospitalier Régional (C.H.R.)', 0.01],
  ['347', "Centre d'Examens de Santé", 0.01],
];
/** Categories the mapping does not list (EHPAD, pharmacies, SSIAD…): most of the real file. */
const UNMAPPED = [
  ['500', "Etablissement d'hébergement pour personnes âgées dépendantes"],
  ['620', "Pharmacie d'Officine"],
  ['354', 'Service de Soins Infirmiers A Domicile (S.S.I.A.D)'],
  ['611', 'Laboratoire de Biologie Médicale'],
];

function communes() {
  const { data } = loadPlaces();
  const list = data.communes.filter(
    (c) =>
      c.type === 'commune-actuelle' &&
      c.departement.length === 2 && // metropolitan: FINESS numbers start with the département
      (c.codesPostaux?.length ?? 0) > 0 &&
      !['75056', '69123', '13055'].includes(c.code), // their postcodes lead to arrondissements
  );
  const weights = [];
  let total = 0;
  for (const commune of list) {
    total += Math.max(commune.population ?? 0, 50);
    weights.push(total);
  }
  return { list, weights, total };
}

const ascii = (text) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();

/**
 * Writes `establishments` structureet lines then as many geolocalisation lines; `mappedShare` of them in
 * categories the mapping lists. Returns the number of lines written.
 */
export function writeFinessFile(path, { establishments, mappedShare = 1, seed = 7 }) {
  const rand = random(seed);
  const { list, weights, total } = communes();
  const fd = openSync(path, 'w');
  let buffer = '';
  let lines = 0;
  const flush = (force) => {
    if (force || buffer.length > 1 << 20) {
      writeSync(fd, Buffer.from(buffer, 'latin1'));
      buffer = '';
    }
  };
  const emit = (line) => {
    buffer += `${line}\n`;
    lines += 1;
    flush(false);
  };
  emit('finess;etalab;111;2026-05-12');
  const ids = [];
  for (let i = 0; i < establishments; i += 1) {
    const commune = list[pickWeighted(weights, total, rand())];
    let category;
    if (rand() < mappedShare) {
      let r = rand();
      category = MAPPED.find(([, , share]) => (r -= share) < 0) ?? MAPPED[0];
    } else category = UNMAPPED[Math.floor(rand() * UNMAPPED.length)];
    const id = `${commune.departement}${String(9000000 + i).padStart(7, '0')}`.slice(0, 9);
    ids.push(id);
    const dep = commune.departement;
    const code = commune.code.slice(dep.length === 2 ? 2 : 3).padStart(3, '0');
    const name = `ETABLISSEMENT GENERE ${i}`;
    const phone = `0199${String(i % 1000000).padStart(6, '0')}`;
    emit(
      [
        'structureet',
        id,
        id,
        name.slice(0, 38),
        `${name} DE ${ascii(commune.nom)}`,
        '',
        '',
        String(1 + (i % 120)),
        'R',
        'DES ESSAIS',
        '',
        '',
        code,
        dep,
        '',
        `${commune.codesPostaux[0]} ${ascii(commune.nom)}`,
        phone,
        '',
        category[0],
        category[1],
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        '2001-01-01',
        '2001-01-01',
        `20${String(10 + (i % 16)).padStart(2, '0')}-0${1 + (i % 9)}-15`,
        '',
      ].join(';'),
    );
  }
  for (const id of ids) {
    const x = (100000 + rand() * 1100000).toFixed(1);
    const y = (6050000 + rand() * 1050000).toFixed(1);
    emit(`geolocalisation;${id};${x};${y};1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93;2026-01-05`);
  }
  flush(true);
  closeSync(fd);
  return lines;
}
