/** A commune resolved from a postcode, a name or an INSEE code, with what ranks services by nearness. */
export interface Place {
  /** INSEE code of the commune (for Paris, Lyon, Marseille: of the arrondissement when one was given). */
  insee: string;
  /** Official name, e.g. "Chalon-sur-Saône", "Paris 13e Arrondissement". */
  commune: string;
  /** INSEE code of the whole commune: differs from `insee` only for municipal arrondissements. */
  communeInsee: string;
  postcodes: string[];
  departement: { code: string; nom: string };
  region: string;
  /** The EPCI (intercommunality) the commune belongs to, when it belongs to one. */
  epci: { code: string; nom: string } | null;
  population: number | null;
}

export type PlaceResolution =
  | { status: 'found'; place: Place }
  /** Several communes fit (a postcode shared by communes, homonyms): the person must choose. */
  | { status: 'ambiguous'; choices: Place[] }
  /** Nothing fits; `suggestions` are close spellings, when any. */
  | { status: 'not-found'; suggestions: Place[] };

/** A département as a place carries it: `{ code: '71', nom: 'Saône-et-Loire' }`. */
export type Departement = Place['departement'];

/** An EPCI as a place carries it: `{ code: '247100589', nom: 'CA Le Grand Chalon' }` (code = SIREN). */
export type Epci = NonNullable<Place['epci']>;
