/**
 * `orient(situation)`: for this situation, in this place, where should the person go, and why?
 * Pure: everything it knows (rules, directory, places, texts) is passed in as `Knowledge`.
 *
 * Example:
 * ```ts
 * orient({ rights: 'none', need: 'general-care', place: { postcode: '71100' } }, knowledge, { lang: 'fr' })
 * // → { emergency: false, place: { status: 'found', commune: 'Chalon-sur-Saône', … },
 * //     recommendations: [ { type: 'pass', service: { nom: 'PASS du Centre hospitalier …' }, … } ] }
 * ```
 */
import type { Directory, Found } from '../directory/directory.js';
import { DEFAULT_VERIFY_AFTER_MONTHS, isOlderThan, type Freshness } from '../directory/freshness.js';
import type { Nearness } from '../directory/nearness.js';
import type { ServiceRecord } from '../directory/service-record.js';
import type { Place, PlaceResolution } from '../places/place.js';
import type { Facts } from './conditions.js';
import { commonArea } from './common-area.js';
import { parseSituation, type FieldError } from './parse-situation.js';
import { relevantUnknowns } from './relevant-unknowns.js';
import { renderText } from './render-text.js';
import type { RuleSet } from './rule-table.js';
import {
  applicableTables,
  placeCodes,
  selectCrisis,
  selectIn,
  type Selection,
  type SelectedItem,
} from './select-rules.js';
import type { Language, PlaceQuery, ServiceType, SituationField } from './situation.js';
import type { Translator } from './translate.js';

export interface PlaceResolver {
  resolve(query: PlaceQuery | string): PlaceResolution;
  byInsee(code: string): Place | undefined;
}

export interface Knowledge {
  rules: RuleSet;
  directory: Directory;
  places: PlaceResolver;
  translator: Translator;
  /** When staff should verify a record before relying on it (default: 36 months after its `date_maj`). */
  freshness?: Freshness;
}

export interface OrientOptions {
  lang?: Language;
  /** Today's date (YYYY-MM-DD), given by the caller so old records can say "call before you go". */
  today?: string;
}

export interface Recommendation {
  type: ServiceType;
  service: ServiceRecord | null;
  /** i18n key of the reason, e.g. "reason.none-pass". */
  reason: string;
  text: string;
  nearness: Nearness | null;
  /** `<table>/<rule id>` that produced it, and that rule's sources. */
  rule: string;
  sources: string[];
  /**
   * For staff: the service is inferred, not confirmed (a public hospital where to ask for the PASS). Present
   * only when true.
   */
  inferred?: true;
  /** For staff: the service's facts are older than the configured age; call before sending someone. */
  toVerify?: true;
}

export type PlaceSummary =
  | {
      status: 'found';
      insee: string;
      commune: string;
      departement: Place['departement'];
      epci: Place['epci'];
    }
  | {
      status: 'ambiguous';
      choices: { insee: string; commune: string; departement: string; postcodes: string[] }[];
    }
  | { status: 'not-found'; suggestions: { insee: string; commune: string; departement: string }[] };

export interface OrientError {
  code: 'invalid-situation' | 'unknown-place';
  message: string;
  fields?: FieldError[];
}

export interface OrientResult {
  emergency: boolean;
  place: PlaceSummary | null;
  recommendations: Recommendation[];
  /** Unknown fields that would change this answer, in the order a mediator would ask them. */
  missing: (SituationField | 'place')[];
  error?: OrientError;
}

function summarise(resolution: PlaceResolution): PlaceSummary {
  switch (resolution.status) {
    case 'found': {
      const { insee, commune, departement, epci } = resolution.place;
      return { status: 'found', insee, commune, departement, epci };
    }
    case 'ambiguous':
      return {
        status: 'ambiguous',
        choices: resolution.choices.map((p) => ({
          insee: p.insee,
          commune: p.commune,
          departement: p.departement.code,
          postcodes: p.postcodes,
        })),
      };
    case 'not-found':
      return {
        status: 'not-found',
        suggestions: resolution.suggestions.map((p) => ({
          insee: p.insee,
          commune: p.commune,
          departement: p.departement.code,
        })),
      };
  }
}

function serviceFor(
  item: SelectedItem,
  directory: Directory,
  facts: Facts,
  place: Place | null,
): Found | null {
  if (item.service) return directory.pinned(item.service, facts, place);
  return directory.best(item.type, facts, place);
}

/** The selected items as recommendations: each with its service, its sentence and where it comes from. */
function recommend(
  selection: Selection,
  facts: Facts,
  place: Place | null,
  knowledge: Knowledge,
  lang: Language,
  options: OrientOptions,
): Recommendation[] {
  const t = knowledge.translator(lang);
  const verifyAfter = knowledge.freshness?.verifyAfterMonths ?? DEFAULT_VERIFY_AFTER_MONTHS;
  const recommendations: Recommendation[] = [];
  for (const item of selection.items) {
    const found = serviceFor(item, knowledge.directory, facts, place);
    // A pinned service is the point of its item (a national line for this age, this substance): without it, skip.
    if (item.service && !found) continue;
    if (item.localOnly && (!found || found.nearness === 'national')) continue;
    const service = found?.record ?? null;
    recommendations.push({
      type: item.type,
      service,
      reason: `reason.${item.reason}`,
      text: renderText(t, item.type, item.reason, service, options.today),
      nearness: found?.nearness ?? null,
      rule: item.rule,
      sources: item.sources,
      ...(service?.aiguillage_inferred ? { inferred: true as const } : {}),
      ...(service && options.today && isOlderThan(service.date_maj, options.today, verifyAfter)
        ? { toVerify: true as const }
        : {}),
    });
  }
  return recommendations;
}

/**
 * Only the crisis lines of a situation (its red flags: 3114, 15, 17, 3919, 119…), to give at once when a
 * danger is said, before any other question. Empty when no red flag holds or the situation is invalid.
 */
export function crisisLines(
  input: unknown,
  knowledge: Knowledge,
  options: OrientOptions = {},
): Recommendation[] {
  const parsed = parseSituation(input);
  if (!parsed.ok) return [];
  const { place: placeQuery, ...rest } = parsed.situation;
  const lang: Language = options.lang ?? 'fr';
  const facts: Facts = { ...rest, lang };
  const resolution = placeQuery ? knowledge.places.resolve(placeQuery) : null;
  const place = resolution?.status === 'found' ? resolution.place : null;
  const tables = applicableTables(knowledge.rules, placeCodes(place));
  return recommend(selectCrisis(tables, facts), facts, place, knowledge, lang, options);
}

export function orient(input: unknown, knowledge: Knowledge, options: OrientOptions = {}): OrientResult {
  const lang: Language = options.lang ?? 'fr';
  const parsed = parseSituation(input);
  if (!parsed.ok) {
    return {
      emergency: false,
      place: null,
      recommendations: [],
      missing: [],
      error: {
        code: 'invalid-situation',
        message: parsed.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; '),
        fields: parsed.errors,
      },
    };
  }
  const { place: placeQuery, ...rest } = parsed.situation;
  const facts: Facts = { ...rest, lang };

  const resolution = placeQuery ? knowledge.places.resolve(placeQuery) : null;
  const place =
    resolution?.status === 'found'
      ? resolution.place
      : resolution?.status === 'ambiguous'
        ? commonArea(resolution.choices)
        : null;
  const codes = placeCodes(place);

  const tables = applicableTables(knowledge.rules, codes);
  const selection = selectIn(tables, facts);
  const recommendations = recommend(selection, facts, place, knowledge, lang, options);

  const missing: OrientResult['missing'] = relevantUnknowns(tables, facts);
  // An emergency answer (15, urgences) does not wait for a place.
  if (resolution?.status !== 'found' && !selection.emergency) missing.push('place');
  const result: OrientResult = {
    emergency: selection.emergency,
    place: resolution ? summarise(resolution) : null,
    recommendations,
    missing,
  };
  if (resolution?.status === 'not-found') {
    result.error = {
      code: 'unknown-place',
      message: `no commune matches ${JSON.stringify(placeQuery)}; the recommendations are national only`,
    };
  }
  return result;
}
