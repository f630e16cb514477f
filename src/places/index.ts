/**
 * Places: postcode / commune / INSEE code → commune(s), département, EPCI.
 *
 * ```ts
 * import { createPlaceIndex, loadPlaceData } from './places/index.js';
 * const places = createPlaceIndex(loadPlaceData()); // once, at start-up
 * places.resolve({ postcode: '71100' });
 * ```
 */
export type { Departement, Epci, Place, PlaceResolution } from './place.js';
export type {
  CommuneType,
  PlaceData,
  RawCommune,
  RawDepartement,
  RawEpci,
  RawEpciMember,
} from './place-data.js';
export { COMMUNE_TYPES } from './place-data.js';
export { loadPlaceData, loadPlaceDataFromPackage, compactPlaceData, PLACE_CACHE } from './load-place-data.js';
export { createPlaceIndex, type PlaceIndex } from './place-index.js';
export {
  ARRONDISSEMENT_CITIES,
  MAX_INPUT_LENGTH,
  foldText,
  normalizeDepartementCode,
  normalizeInseeCode,
  normalizeName,
  parseArrondissement,
  parsePostcode,
  stripArticle,
  type ArrondissementCity,
} from './normalize.js';
export { parsePlaceText, type ParsedPlaceText } from './parse-place-text.js';
export {
  allowedDistance,
  createFuzzyNames,
  suggestionDistance,
  type FuzzyHit,
  type FuzzyNames,
} from './fuzzy-names.js';
