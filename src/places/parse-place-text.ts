/**
 * Splits free text typed by a person into the parts of a place query. Pure; knows no data, so a
 * département code found here may not exist (the index ignores unknown ones).
 *
 * Examples:
 * ```ts
 * parsePlaceText('75 013')                    // { postcode: '75013' }
 * parsePlaceText('2a004')                     // { insee: '2A004' }
 * parsePlaceText('Saint-Denis (93)')          // { name: 'saint denis', departement: '93' }
 * parsePlaceText('chalon sur saone 71100')    // { postcode: '71100', name: 'chalon sur saone' }
 * parsePlaceText('12 rue Lamartine, 71100 Chalon') // { postcode: '71100', name: 'chalon' }
 * parsePlaceText('Paris 13')                  // { name: 'paris 13' } (an arrondissement, not the Bouches-du-Rhône)
 * ```
 */
import {
  MAX_INPUT_LENGTH,
  foldText,
  normalizeDepartementCode,
  normalizeInseeCode,
  normalizeName,
  parseArrondissement,
  parsePostcode,
} from './normalize.js';

export interface ParsedPlaceText {
  postcode?: string;
  insee?: string;
  departement?: string;
  /** Folded text (see `foldText`) left once codes are taken out. */
  name?: string;
}

const DEPARTEMENT_WORD = /^(?:\d{2,3}|2a|2b)$/;

export function parsePlaceText(text: string): ParsedPlaceText {
  const cut = text.slice(0, MAX_INPUT_LENGTH);
  const postcode = parsePostcode(cut);
  if (postcode !== undefined) return { postcode };
  if (/^\s*2[ab]\d{3}\s*$/i.test(cut)) {
    const insee = normalizeInseeCode(cut);
    return insee === undefined ? {} : { insee };
  }
  const words = foldText(cut)
    .split(' ')
    .filter((word) => word !== '');
  if (words.length === 0) return {};
  return withPostcode(words) ?? withDepartement(words) ?? { name: words.join(' ') };
}

/** The last postcode in the text ("71100" or "71 100"); the name is what follows it, else what precedes it. */
function withPostcode(words: string[]): ParsedPlaceText | undefined {
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i] ?? '';
    const previous = words[i - 1] ?? '';
    let start: number;
    if (/^\d{5}$/.test(word)) start = i;
    else if (/^\d{3}$/.test(word) && /^\d{2}$/.test(previous)) start = i - 1;
    else continue;
    const postcode = words.slice(start, i + 1).join('');
    const after = words.slice(i + 1);
    const nameWords = after.length > 0 ? after : words.slice(0, start);
    return nameWords.length > 0 ? { postcode, name: nameWords.join(' ') } : { postcode };
  }
  return undefined;
}

/** A département code before or after a name: "saint denis 93", "(974) saint denis", "ajaccio 2a". */
function withDepartement(words: string[]): ParsedPlaceText | undefined {
  if (words.length < 2 || parseArrondissement(normalizeName(words.join(' '))) !== undefined) return undefined;
  const last = words[words.length - 1] ?? '';
  const first = words[0] ?? '';
  if (DEPARTEMENT_WORD.test(last)) {
    const departement = normalizeDepartementCode(last);
    if (departement !== undefined) return { name: words.slice(0, -1).join(' '), departement };
  }
  if (DEPARTEMENT_WORD.test(first)) {
    const departement = normalizeDepartementCode(first);
    if (departement !== undefined) return { name: words.slice(1).join(' '), departement };
  }
  return undefined;
}
