// A reproducible mix of situations for the benchmarks: every need and rights value, the places of the
// seed documents as the dialogue passes them (postcodes, INSEE codes, exact names), with ambiguous and
// unknown ones. Free text with typos is measured apart (PLACE_TEXTS): the dialogue resolves a typed place
// once and keeps its INSEE code.
// The taxonomy's values, from the built core (run `npm run build` first).
import { NEEDS, RIGHTS, SUBSTANCES } from '../dist/orientation/situation.js';
import { random } from './random.js';

const PLACES = [
  { postcode: '71100' },
  { postcode: '93200' },
  { commune: 'Montreuil', departement: '93' },
  { postcode: '59000' },
  { commune: 'Villeurbanne' },
  { postcode: '11100' },
  { postcode: '78700' },
  { commune: 'Grande-Synthe' },
  { postcode: '33000' },
  { postcode: '34000' },
  { postcode: '35000' },
  { commune: 'chalon sur saone' },
  { insee: '71076' },
  { postcode: '75013' },
  { insee: '2A004' },
  { postcode: '97400' },
  { postcode: '01400' },
  { commune: 'Saint-Denis' },
  { postcode: '21000' },
  { postcode: '00000' },
  undefined,
];

/** Free text as people type it: exact, accents missing, "st", typos, garbage. */
export const PLACE_TEXTS = [
  '71100',
  'chalon sur saone',
  'Chalon-sur-Saône 71100',
  'st denis 93',
  'marseile',
  'monpellier',
  'saint etiene',
  'grande synthe',
  'Conflans Ste Honorine',
  'lile',
  'paris 13',
  'bordeau',
  'villeurbane',
  'xyzzy',
  '😀',
];

export function situations(count, seed = 42) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  return Array.from({ length: count }, () => {
    const situation = { rights: pick(RIGHTS), need: pick(NEEDS) };
    if (next() < 0.05) situation.emergency = true;
    if (next() < 0.5) situation.canWait = next() < 0.5;
    if (next() < 0.6) situation.age = Math.floor(next() * 90);
    if (next() < 0.2) situation.precarious = true;
    if (next() < 0.2) situation.knownToCmp = next() < 0.5;
    if (situation.need === 'addiction') situation.substance = pick(SUBSTANCES);
    const place = pick(PLACES);
    if (place) situation.place = place;
    return situation;
  });
}
