/**
 * The place index: postcode, commune name or INSEE code → commune(s), with département and EPCI. Built once
 * from `PlaceData` (see `loadPlaceData`); every method is pure and synchronous.
 *
 * Example:
 * ```ts
 * const places = createPlaceIndex(loadPlaceData());
 * places.resolve('93100');               // found: Montreuil (93048), EPCI Métropole du Grand Paris
 * places.resolve('75013');               // found: Paris 13e Arrondissement (75113), communeInsee 75056
 * places.resolve('71100');               // ambiguous: Chalon-sur-Saône and the 4 communes sharing its postcode
 * places.resolve({ postcode: '71100', commune: 'Chalon' }); // found: Chalon-sur-Saône (71076)
 * places.resolve('st denis');            // ambiguous: Saint-Denis 974, 93, 11, 30
 * places.resolve('Saint-Denis (93)');    // found: 93066
 * places.resolve({ commune: 'Saint-Denis', departement: '974' }); // found: 97411
 * places.resolve('marseile');            // found: Marseille (typo tolerated)
 * places.resolve('Cherbourg-Octeville'); // found: Cherbourg-en-Cotentin (a commune déléguée's chef-lieu)
 * places.resolve('Evry');                // ambiguous: Évry-Courcouronnes (91) and Évry (89), the exact match
 * ```
 *
 * Rules: a postcode never guesses between the communes that share it; homonyms are ambiguous unless a
 * département (given, or written in the text as a code, a postcode or a name) narrows them to one; a typo is
 * forgiven only when no name matches exactly; a town whose name extends the text ("Chalon") is offered beside
 * a village of that exact name; communes déléguées/associées and former INSEE codes lead to the commune they
 * belong to now. `Place` objects are frozen and shared between calls.
 */
import type { PlaceQuery } from '../orientation/situation.js';
import { allowedDistance, createFuzzyNames, suggestionDistance } from './fuzzy-names.js';
import {
  foldText,
  normalizeDepartementCode,
  normalizeInseeCode,
  normalizeName,
  parseArrondissement,
  parsePostcode,
  stripArticle,
} from './normalize.js';
import { parsePlaceText, type ParsedPlaceText } from './parse-place-text.js';
import type { Departement, Epci, Place, PlaceResolution } from './place.js';
import type { PlaceData, RawCommune } from './place-data.js';
import { CodeTable } from './code-table.js';

export interface PlaceIndex {
  /**
   * The commune or municipal arrondissement with this INSEE code. The code of a commune déléguée/associée
   * or a former code gives the commune it belongs to now (so `place.insee` may differ from `code`).
   */
  byInsee(code: string): Place | undefined;
  /** The communes with this postcode, largest first; for Paris, Lyon and Marseille, the arrondissement(s). */
  byPostcode(postcode: string): Place[];
  /** A département by code ("71", "2A", "974"). */
  departement(code: string): Departement | undefined;
  /** Free text typed by a person, or the place part of a situation. Never throws. */
  resolve(query: PlaceQuery | string): PlaceResolution;
}

/** Among fuzzy matches at the same distance, a name wins outright only with over this times the population. */
const FUZZY_POPULATION_RATIO = 3;
const MAX_SUGGESTIONS = 3;
/**
 * A commune whose name extends the query ("Chalon" → Chalon-sur-Saône, "Évry" → Évry-Courcouronnes) is
 * offered beside the exact match when it has at least this population and over `EXTENSION_RATIO` times the
 * exact match's: people shorten the names of towns, not of villages.
 */
const MIN_EXTENSION_POPULATION = 10_000;
const EXTENSION_RATIO = 5;
/** Words that may link a commune name to a département name: "saint denis de la reunion". */
const LINK_WORDS = new Set(['en', 'de', 'du', 'des', 'dans', 'a', 'au', 'aux']);

interface Criteria {
  insee?: string;
  postcode?: string;
  name?: string;
  departements?: ReadonlySet<string>;
}

export function createPlaceIndex(data: PlaceData): PlaceIndex {
  const departements = new Map<string, Departement>();
  const departementsByName = new Map<string, string>();
  for (const raw of data.departements) {
    departements.set(raw.code, Object.freeze({ code: raw.code, nom: raw.nom }));
    const key = normalizeName(raw.nom);
    departementsByName.set(key, raw.code);
    departementsByName.set(stripArticle(key), raw.code);
  }

  const epciByCommune = new Map<string, Epci>();
  for (const raw of data.epci) {
    const epci = Object.freeze({ code: raw.code, nom: raw.nom });
    for (const member of raw.membres) epciByCommune.set(member.code, epci);
  }

  // Communes actuelles and municipal arrondissements, by INSEE code; `Place` objects are made on first use.
  const records = new Map<string, RawCommune>();
  const towns: { key: string; code: string }[] = [];
  const primaryNames = new CodeTable();
  const arrondissementsOf = new Map<string, RawCommune[]>();
  for (const raw of data.communes) {
    if (raw.type === 'commune-actuelle') {
      records.set(raw.code, raw);
      const key = normalizeName(raw.nom);
      primaryNames.add(key, raw.code);
      if ((raw.population ?? 0) >= MIN_EXTENSION_POPULATION) towns.push({ key, code: raw.code });
    } else if (raw.type === 'arrondissement-municipal' && raw.commune !== undefined) {
      const siblings = arrondissementsOf.get(raw.commune);
      if (siblings === undefined) arrondissementsOf.set(raw.commune, [raw]);
      else siblings.push(raw);
    }
  }
  const arrondissementByNumber = new Map<string, string>();
  for (const [communeCode, arrondissements] of arrondissementsOf) {
    const commune = records.get(communeCode);
    if (commune === undefined) continue;
    for (const raw of arrondissements) {
      records.set(raw.code, raw);
      primaryNames.add(normalizeName(raw.nom), raw.code);
      const number = /\d+/.exec(raw.nom)?.[0];
      if (number !== undefined) {
        arrondissementByNumber.set(`${normalizeName(commune.nom)} ${Number(number)}`, raw.code);
      }
    }
  }

  // Communes déléguées/associées and former codes lead to the current commune.
  const redirects = new Map<string, string>();
  const secondaryNames = new CodeTable();
  for (const raw of data.communes) {
    if (raw.type === 'commune-deleguee' || raw.type === 'commune-associee') {
      if (raw.chefLieu === undefined || !records.has(raw.chefLieu)) continue;
      if (!records.has(raw.code)) redirects.set(raw.code, raw.chefLieu);
      secondaryNames.add(normalizeName(raw.nom), raw.chefLieu);
    }
  }
  const postcodes = new CodeTable();
  for (const raw of data.communes) {
    if (raw.type !== 'commune-actuelle') continue;
    for (const old of raw.anciensCodes ?? []) {
      if (!records.has(old) && !redirects.has(old)) redirects.set(old, raw.code);
    }
    const arrondissements = arrondissementsOf.get(raw.code);
    for (const postcode of raw.codesPostaux ?? []) {
      const inArrondissements = arrondissements?.filter((a) => a.codesPostaux?.includes(postcode)) ?? [];
      if (inArrondissements.length === 0) postcodes.add(postcode, raw.code);
      for (const arrondissement of inArrondissements) postcodes.add(postcode, arrondissement.code);
    }
  }

  // Names with a leading article, also under their bare form ("havre" → Le Havre).
  // Built on the first lookup by name that needs them: most lookups are postcodes or exact names, and
  // start-up time counts (the server and every CLI run build this index).
  let articleTables: { primary: CodeTable; secondary: CodeTable } | undefined;
  const articles = () =>
    (articleTables ??= { primary: byBareName(primaryNames), secondary: byBareName(secondaryNames) });
  let fuzzyNames: ReturnType<typeof createFuzzyNames> | undefined;
  const fuzzy = () => (fuzzyNames ??= createFuzzyNames([...primaryNames.keys(), ...secondaryNames.keys()]));

  const made = new Map<string, Place>();
  function place(code: string): Place | undefined {
    const cached = made.get(code);
    if (cached !== undefined) return cached;
    const raw = records.get(code);
    if (raw === undefined) return undefined;
    const communeInsee = raw.type === 'arrondissement-municipal' ? (raw.commune ?? raw.code) : raw.code;
    const created: Place = Object.freeze({
      insee: raw.code,
      commune: raw.nom,
      communeInsee,
      postcodes: Object.freeze([...(raw.codesPostaux ?? [])]) as string[],
      departement: departements.get(raw.departement) ?? { code: raw.departement, nom: raw.departement },
      region: raw.region,
      epci: epciByCommune.get(communeInsee) ?? null,
      population: raw.population ?? null,
    });
    made.set(code, created);
    return created;
  }
  function placesOf(codes: readonly string[] | undefined): Place[] {
    const list: Place[] = [];
    for (const code of codes ?? []) {
      const found = place(code);
      if (found !== undefined) list.push(found);
    }
    return list;
  }

  // ---- lookups -------------------------------------------------------------------------------------------

  function byInsee(code: string): Place | undefined {
    if (typeof code !== 'string') return undefined;
    const insee = normalizeInseeCode(code);
    if (insee === undefined) return undefined;
    const current = records.has(insee) ? insee : redirects.get(insee);
    return current === undefined ? undefined : place(current);
  }

  /** A département code ("93", "2a", "1"), "20" for both Corsican ones, or a name ("Seine-Saint-Denis"). */
  function departementCodes(text: string): ReadonlySet<string> | undefined {
    const code = normalizeDepartementCode(text.slice(0, 100));
    if (code === '20') return new Set(['2A', '2B']);
    if (code !== undefined) return departements.has(code) ? new Set([code]) : undefined;
    const key = normalizeName(text);
    const named = departementsByName.get(key) ?? departementsByName.get(stripArticle(key));
    return named === undefined ? undefined : new Set([named]);
  }

  /** Places named exactly `key` (then without its article), by tier: communes actuelles, then déléguées. */
  function exactMatch(key: string, within: ReadonlySet<string> | undefined): MatchResult {
    const excluded: Place[] = [];
    const bare = stripArticle(key);
    const tiers: (readonly string[] | undefined)[] = [
      primaryNames.get(key),
      secondaryNames.get(key),
      merge(articles().primary.get(bare), primaryNames.get(bare)),
      merge(articles().secondary.get(bare), secondaryNames.get(bare)),
    ];
    for (const codes of tiers) {
      if (codes === undefined) continue;
      const all = placesOf(codes);
      const kept = inDepartements(all, within);
      if (kept.length > 0) return { places: kept, excluded };
      excluded.push(...all);
    }
    return { places: [], excluded };
  }

  function placesNamed(key: string, within: ReadonlySet<string> | undefined): Place[] {
    const primary = inDepartements(placesOf(primaryNames.get(key)), within);
    return primary.length > 0 ? primary : inDepartements(placesOf(secondaryNames.get(key)), within);
  }

  /**
   * Closest names within the allowed distance. At the smallest distance, one name wins when it is alone or
   * over 3x as populous as the next; otherwise all are choices. Farther names become suggestions.
   */
  function fuzzyMatch(key: string, within: ReadonlySet<string> | undefined): MatchResult {
    const accept = within === undefined ? undefined : (name: string) => placesNamed(name, within).length > 0;
    const hits = fuzzy().search(key, suggestionDistance(key.length), accept);
    const best = hits[0];
    if (best === undefined) return { places: [], excluded: [] };
    if (best.distance > allowedDistance(key.length)) {
      return { places: [], excluded: hits.flatMap((hit) => placesNamed(hit.key, within).sort(byPopulation)) };
    }
    const groups = hits
      .filter((hit) => hit.distance === best.distance)
      .map((hit) => placesNamed(hit.key, within).sort(byPopulation))
      .sort((a, b) => byPopulation(a[0], b[0]));
    const [top = [], second = []] = groups;
    const topPopulation = top[0]?.population ?? 0;
    const secondPopulation = second[0]?.population ?? 0;
    if (second.length === 0 || topPopulation > FUZZY_POPULATION_RATIO * secondPopulation) {
      return { places: top, excluded: [] };
    }
    return { places: groups.flat(), excluded: [] };
  }

  /** Towns whose name is `key` followed by more words, largest first. */
  function extensionsOf(key: string, within: ReadonlySet<string> | undefined): Place[] {
    const prefix = `${key} `;
    const codes = towns.filter((town) => town.key.startsWith(prefix)).map((town) => town.code);
    return inDepartements(placesOf(codes), within).sort(byPopulation);
  }

  /** The matches, plus the towns whose name extends the query and that dwarf every match. */
  function withExtensions(matches: Place[], key: string, within: ReadonlySet<string> | undefined): Place[] {
    const largest = Math.max(...matches.map((p) => p.population ?? 0));
    const towering = extensionsOf(key, within).filter((p) => (p.population ?? 0) > EXTENSION_RATIO * largest);
    return towering.length > 0 ? [...matches, ...towering] : matches;
  }

  /** "saint denis la reunion", "valence drome", "saint denis en seine saint denis": a name, then a département. */
  function splitDepartementName(key: string): { name: string; within: ReadonlySet<string> }[] {
    const splits: { name: string; within: ReadonlySet<string> }[] = [];
    for (const [departementName, code] of departementsByName) {
      if (!key.endsWith(` ${departementName}`)) continue;
      const words = key.slice(0, -departementName.length - 1).split(' ');
      while (words.length > 1 && LINK_WORDS.has(words[words.length - 1] ?? '')) words.pop();
      const name = words.join(' ');
      if (name !== '') splits.push({ name, within: new Set([code]) });
    }
    return splits;
  }

  function resolveName(name: string, within: ReadonlySet<string> | undefined): PlaceResolution {
    const key = normalizeName(name);
    if (key === '') return notFound([]);

    const arrondissement = parseArrondissement(key);
    if (arrondissement !== undefined) {
      const code = arrondissementByNumber.get(`${arrondissement.city} ${arrondissement.number}`);
      const found = code === undefined ? undefined : place(code);
      if (found !== undefined) return { status: 'found', place: found };
    }

    const exact = exactMatch(key, within);
    if (exact.places.length > 0) return fromChoices(withExtensions(exact.places, key, within));
    const splits = within === undefined ? splitDepartementName(key) : [];
    for (const split of splits) {
      const match = exactMatch(split.name, split.within);
      if (match.places.length > 0) return fromChoices(withExtensions(match.places, split.name, split.within));
    }

    const typo = fuzzyMatch(key, within);
    if (typo.places.length > 0) return fromChoices(withExtensions(typo.places, key, within));
    for (const split of splits) {
      const match = fuzzyMatch(split.name, split.within);
      if (match.places.length > 0) return fromChoices(withExtensions(match.places, split.name, split.within));
    }

    // Nothing matches: offer the towns the text starts, the homonyms in other départements, close spellings.
    return notFound([...extensionsOf(key, within), ...exact.excluded.sort(byPopulation), ...typo.excluded]);
  }

  /** A postcode, and perhaps a name that should pick among its communes. */
  function resolvePostcode(
    postcode: string,
    name: string | undefined,
    within: ReadonlySet<string> | undefined,
  ): PlaceResolution {
    const atPostcode = placesOf(postcodes.get(postcode));
    if (name === undefined) {
      const kept = inDepartements(atPostcode, within);
      return fromChoices(kept.length > 0 ? kept : atPostcode);
    }
    const postcodeDepartements =
      atPostcode.length > 0 ? new Set(atPostcode.map((p) => p.departement.code)) : within;
    const named = resolveName(name, postcodeDepartements);
    const namedPlaces = candidatesOf(named);
    const both = atPostcode.filter((p) =>
      namedPlaces.some((n) => n.insee === p.insee || n.insee === p.communeInsee),
    );
    if (both.length > 0) return fromChoices(both);
    // A shortened name among the postcode's communes: "71100 Chalon" → Chalon-sur-Saône.
    if (namedPlaces.length === 0) {
      const prefix = `${normalizeName(name)} `;
      const shortened = atPostcode.filter((p) => normalizeName(p.commune).startsWith(prefix));
      if (prefix.trim() !== '' && shortened.length > 0) return fromChoices(shortened);
    }
    // The name and the postcode disagree: let the person choose rather than guess.
    if (namedPlaces.length > 0 && atPostcode.length > 0) return fromChoices([...namedPlaces, ...atPostcode]);
    if (namedPlaces.length > 0) return named;
    return atPostcode.length > 0 ? fromChoices(atPostcode) : named;
  }

  function resolveCriteria(criteria: Criteria): PlaceResolution {
    const { insee, postcode, name, departements: within } = criteria;
    if (insee !== undefined) {
      const found = byInsee(insee);
      if (found !== undefined) return { status: 'found', place: found };
    }
    if (postcode !== undefined) return resolvePostcode(postcode, name, within);
    if (name !== undefined) return resolveName(name, within);
    return notFound([]);
  }

  function criteriaOf(query: PlaceQuery | string): Criteria {
    if (typeof query === 'string') return fromParsed(parsePlaceText(query), undefined);
    if (typeof query !== 'object' || query === null) return {};
    const text = isText(query.commune) ? parsePlaceText(query.commune) : {};
    const given: Criteria = {};
    if (isText(query.insee)) given.insee = normalizeInseeCode(query.insee) ?? '';
    if (isText(query.postcode)) given.postcode = parsePostcode(query.postcode) ?? '';
    if (isText(query.departement)) given.departements = departementCodes(query.departement);
    return fromParsed(text, given);
  }

  function fromParsed(parsed: ParsedPlaceText, given: Criteria | undefined): Criteria {
    const criteria: Criteria = { ...given };
    criteria.insee ??= parsed.insee;
    criteria.postcode ??= parsed.postcode;
    if (parsed.name !== undefined) criteria.name = parsed.name;
    if (criteria.departements === undefined && parsed.departement !== undefined) {
      criteria.departements = departementCodes(parsed.departement);
    }
    return criteria;
  }

  return {
    byInsee,
    byPostcode(postcode) {
      const code = typeof postcode === 'string' ? parsePostcode(postcode) : undefined;
      return code === undefined ? [] : placesOf(postcodes.get(code)).sort(byPopulation);
    },
    departement(code) {
      if (typeof code !== 'string') return undefined;
      const normalized = normalizeDepartementCode(code);
      return normalized === undefined ? undefined : departements.get(normalized);
    },
    resolve(query) {
      return resolveCriteria(criteriaOf(query));
    },
  };
}

// ---- helpers ---------------------------------------------------------------------------------------------

interface MatchResult {
  /** Places that match; several when the person must choose. */
  places: Place[];
  /** Places that almost matched (another département, or a farther spelling), best first. */
  excluded: Place[];
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && foldText(value) !== '';
}

/** The names of `table` that start with an article, under their bare form. */
function byBareName(table: CodeTable): CodeTable {
  const bare = new CodeTable();
  for (const [key, codes] of table.entries()) {
    if (!key.startsWith('l')) continue;
    const stripped = stripArticle(key);
    if (stripped !== key) for (const code of codes) bare.add(stripped, code);
  }
  return bare;
}

function merge(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): readonly string[] | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : [...a, ...b];
}

/** Largest population first (unknown last), then by INSEE code so the order is stable. */
function byPopulation(a: Place | undefined, b: Place | undefined): number {
  return (b?.population ?? -1) - (a?.population ?? -1) || (a?.insee ?? '').localeCompare(b?.insee ?? '');
}

function inDepartements(list: Place[], within: ReadonlySet<string> | undefined): Place[] {
  return within === undefined ? list : list.filter((p) => within.has(p.departement.code));
}

function unique(list: Place[]): Place[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    if (seen.has(p.insee)) return false;
    seen.add(p.insee);
    return true;
  });
}

function fromChoices(list: Place[]): PlaceResolution {
  const choices = unique(list).sort(byPopulation);
  const [first] = choices;
  if (first === undefined) return notFound([]);
  return choices.length === 1 ? { status: 'found', place: first } : { status: 'ambiguous', choices };
}

function notFound(suggestions: Place[]): PlaceResolution {
  return { status: 'not-found', suggestions: unique(suggestions).slice(0, MAX_SUGGESTIONS) };
}

function candidatesOf(resolution: PlaceResolution): Place[] {
  if (resolution.status === 'found') return [resolution.place];
  return resolution.status === 'ambiguous' ? resolution.choices : [];
}
