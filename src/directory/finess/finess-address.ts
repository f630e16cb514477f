/**
 * A FINESS establishment's address as a data·inclusion record carries it: street, complement, postcode,
 * commune; and the commune's INSEE code, read from the routing line ("01440 VIRIAT") with the places data,
 * FINESS's own commune code deciding between communes that share a postcode. Pure.
 *
 * Example:
 * ```ts
 * streetOf({ numvoie: '900', compvoie: '', typvoie: 'RTE', voie: 'DE PARIS', … }); // '900 ROUTE DE PARIS'
 * communeOf(structure, places); // Viriat (01451)
 * ```
 */
import { normalizeName } from '../../places/normalize.js';
import type { Place } from '../../places/place.js';
import type { Structure } from './finess-line.js';

/** What the address needs from the places data. */
export interface CommunePlaces {
  byInsee(code: string): Place | undefined;
  byPostcode(postcode: string): Place[];
}

/** Street type abbreviations FINESS uses (the La Poste / DGFiP list), written out as people read them. */
const STREET_TYPES: Readonly<Record<string, string>> = {
  ALL: 'ALLEE',
  AV: 'AVENUE',
  BD: 'BOULEVARD',
  CAR: 'CARREFOUR',
  CHE: 'CHEMIN',
  CHEM: 'CHEMIN',
  CHS: 'CHAUSSEE',
  CITE: 'CITE',
  CRS: 'COURS',
  DOM: 'DOMAINE',
  ESP: 'ESPLANADE',
  FG: 'FAUBOURG',
  HAM: 'HAMEAU',
  IMP: 'IMPASSE',
  LD: 'LIEU-DIT',
  LOT: 'LOTISSEMENT',
  MTE: 'MONTEE',
  PARC: 'PARC',
  PAS: 'PASSAGE',
  PL: 'PLACE',
  PLN: 'PLAINE',
  PRO: 'PROMENADE',
  PROM: 'PROMENADE',
  QU: 'QUAI',
  QUA: 'QUARTIER',
  R: 'RUE',
  RES: 'RESIDENCE',
  RPT: 'ROND-POINT',
  RTE: 'ROUTE',
  SEN: 'SENTIER',
  SQ: 'SQUARE',
  TRA: 'TRAVERSE',
  VC: 'VOIE COMMUNALE',
  VOIE: 'VOIE',
};

/** Repetition indexes after a street number: "12 B" is "12 BIS". Others are kept as written. */
const REPETITIONS: Readonly<Record<string, string>> = { B: 'BIS', T: 'TER', Q: 'QUATER' };

const spaced = (parts: readonly string[]): string =>
  parts.filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();

/** "900 ROUTE DE PARIS": number, repetition, street type written out, street name. */
export function streetOf(structure: Pick<Structure, 'numvoie' | 'compvoie' | 'typvoie' | 'voie'>): string {
  const type = structure.typvoie.toUpperCase();
  const written = STREET_TYPES[type] ?? structure.typvoie;
  // Some names already open with their type ("CHEMIN SAFER MORANGE" with typvoie CHE).
  const name = structure.voie;
  const typeWord = name.toUpperCase().startsWith(`${written} `) ? '' : written;
  const repetition = REPETITIONS[structure.compvoie.toUpperCase()] ?? structure.compvoie;
  return spaced([structure.numvoie, repetition, typeWord, name]);
}

export interface RoutingLine {
  postcode: string;
  town: string;
  /** A CEDEX postcode is a mail sorting code, not the commune's postcode. */
  cedex: boolean;
}

/** "01440 VIRIAT" → { postcode: '01440', town: 'VIRIAT' }; "97306 CAYENNE CEDEX" → cedex. */
export function parseRoutingLine(line: string): RoutingLine | null {
  const match = /^(\d{5})\s+(.+)$/.exec(line.trim());
  if (!match) return null;
  const rest = match[2] ?? '';
  const cedex = /\bCEDEX(\s+\d+)?$/i.test(rest);
  return { postcode: match[1] ?? '', town: rest.replace(/\s*\bCEDEX(\s+\d+)?$/i, '').trim(), cedex };
}

/**
 * FINESS's commune code as an INSEE code: département + 3-digit commune ("01" + "451"). Overseas, FINESS
 * writes the département as 9A (Guadeloupe) … 9F (Mayotte), 9J (Wallis-et-Futuna), and the commune with
 * its département's digit ("101" for Les Abymes, INSEE 97101).
 */
export function finessInseeCode(departement: string, commune: string): string | null {
  if (!/^\d{3}$/.test(commune)) return null;
  if (/^(\d{2}|2A|2B)$/.test(departement)) return `${departement}${commune}`;
  if (/^9[A-F]$/.test(departement)) return `97${commune}`;
  if (departement === '9J') return `98${commune}`;
  return null;
}

const sameName = (place: Place, town: string): boolean =>
  normalizeName(place.commune) === normalizeName(town);

/**
 * The commune of the address: the routing line's postcode, narrowed by the town's name or FINESS's commune
 * code when several communes share it (in Paris, Lyon and Marseille this gives the arrondissement); else
 * FINESS's commune code (a CEDEX line, a postcode that changed); null when neither leads to a commune.
 */
export function communeOf(
  structure: Pick<Structure, 'ligneacheminement' | 'departement' | 'commune'>,
  places: CommunePlaces,
): Place | null {
  const code = finessInseeCode(structure.departement, structure.commune);
  const byCode = code ? places.byInsee(code) : undefined;
  const routing = parseRoutingLine(structure.ligneacheminement);
  if (routing && !routing.cedex) {
    const candidates = places.byPostcode(routing.postcode);
    const named = candidates.filter((place) => sameName(place, routing.town));
    if (named.length === 1 && named[0]) return named[0];
    if (candidates.length === 1 && candidates[0]) return candidates[0];
    const coded =
      byCode && candidates.find((p) => p.insee === byCode.insee || p.communeInsee === byCode.insee);
    if (coded) return coded;
  }
  return byCode ?? null;
}

/** The commune's postcode for the address: the routing line's, unless it is a CEDEX code. */
export function postcodeOf(structure: Pick<Structure, 'ligneacheminement'>, place: Place): string | null {
  const routing = parseRoutingLine(structure.ligneacheminement);
  if (routing && !routing.cedex) return routing.postcode;
  // Behind a CEDEX code, the commune's own postcode when it has only one; otherwise none rather than a guess.
  return place.postcodes.length === 1 ? (place.postcodes[0] ?? null) : null;
}
