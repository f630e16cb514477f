/**
 * The raw records of `@etalab/decoupage-administratif` 6.0.0 that the place index reads, typed with only the
 * fields it uses. `loadPlaceData()` reads them from disk; tests may build a small `PlaceData` by hand.
 *
 * Example commune record (`data/communes.json`):
 * ```json
 * { "code": "71076", "nom": "Chalon-sur-Saône", "type": "commune-actuelle", "departement": "71",
 *   "region": "27", "codesPostaux": ["71100"], "population": 50000 }
 * ```
 */

export const COMMUNE_TYPES = [
  'commune-actuelle',
  'commune-deleguee',
  'commune-associee',
  'arrondissement-municipal',
] as const;
export type CommuneType = (typeof COMMUNE_TYPES)[number];

export interface RawCommune {
  /** INSEE code ("71076", "2A004", "75113"). A commune déléguée may share its code with its chef-lieu. */
  code: string;
  nom: string;
  type: CommuneType;
  departement: string;
  region: string;
  /** Present on communes actuelles and municipal arrondissements only. */
  codesPostaux?: string[];
  population?: number;
  /** For a commune déléguée or associée: the INSEE code of the commune actuelle it now belongs to. */
  chefLieu?: string;
  /** For a municipal arrondissement: the INSEE code of its commune (Paris 75056, Lyon 69123, Marseille 13055). */
  commune?: string;
  /** Former INSEE codes of a commune actuelle (merged communes, renumbered départements). */
  anciensCodes?: string[];
}

export interface RawDepartement {
  code: string;
  nom: string;
  region: string;
}

export interface RawEpciMember {
  code: string;
}

export interface RawEpci {
  /** SIREN of the EPCI, e.g. "247100589" (CA Le Grand Chalon). */
  code: string;
  nom: string;
  membres: RawEpciMember[];
}

export interface PlaceData {
  communes: readonly RawCommune[];
  departements: readonly RawDepartement[];
  epci: readonly RawEpci[];
}
