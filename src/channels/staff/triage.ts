/**
 * The staff view of one situation: `orient()`'s answer with everything a receptionist needs to explain it —
 * the rule and its sources, cost, appointment, what to bring, the contact, the record's age — and the slip
 * for the person. Pure: the knowledge, the practical table and today's date are given.
 *
 * Example: `triage({ situation: { rights: 'none', need: 'general-care', place: '71100 Chalon' }, lang: 'ar' }, deps)`
 * → the PASS first, with rule `national/R1-care-none`, source "seeds/001_… L.416", cost "Gratuit.", and a slip
 * in French and Arabic.
 */
import { toE164 } from '../../directory/phone.js';
import type { Nearness } from '../../directory/nearness.js';
import { orient, type Knowledge, type OrientResult, type Recommendation } from '../../orientation/orient.js';
import { practicalFor, type PracticalTable } from '../../orientation/practical.js';
import type { Rule } from '../../orientation/rule-table.js';
import { LANGUAGES, type Language, type PlaceQuery, type ServiceType } from '../../orientation/situation.js';
import { parsePlaceText } from '../../places/parse-place-text.js';
import { recommendationCard } from '../web/messages-json.js';
import { buildSlip, type Slip } from './slip.js';

export interface TriageDeps {
  knowledge: Knowledge;
  practical: PracticalTable;
  /** YYYY-MM-DD, from the edge. */
  today: string;
}

export interface StaffRecommendation {
  type: ServiceType;
  typeLabel: string;
  name: string;
  what: string;
  text: string;
  rule: string;
  ruleDescription?: string;
  sources: string[];
  cost: string;
  appointment: string;
  bring: string[];
  practicalSources: string[];
  contact: {
    phone?: string;
    phoneE164?: string;
    address?: string;
    hours?: string;
    email?: string;
    website?: string;
  };
  nearness: Nearness | null;
  record: { id: string; source: string; reference?: string; dateMaj: string } | null;
  notes?: string[];
  toVerify?: true;
  inferred?: true;
}

export interface TriageView {
  emergency: boolean;
  place: OrientResult['place'];
  missing: OrientResult['missing'];
  recommendations: StaffRecommendation[];
  /** Types recommended with no local service near the person (what the coordinator counts as gaps). */
  gaps: ServiceType[];
  slip: Slip;
  error?: OrientResult['error'];
}

/** Types that are national by nature: having no local record of them is not a gap. */
const NATIONAL_TYPES: ReadonlySet<ServiceType> = new Set([
  'samu-15',
  'police-17',
  'ligne-3114',
  'ligne-ecoute',
]);

export function isGap(recommendation: Pick<Recommendation, 'type' | 'service' | 'nearness'>): boolean {
  if (NATIONAL_TYPES.has(recommendation.type)) return false;
  return !recommendation.service || recommendation.nearness === 'national';
}

export function asLanguage(value: unknown): Language {
  return (LANGUAGES as readonly unknown[]).includes(value) ? (value as Language) : 'fr';
}

/** Staff type a place as free text ("71100", "Saint-Denis (93)"): read it as the bot reads it. */
export function placeQueryOf(place: unknown): unknown {
  if (typeof place !== 'string') return place;
  const parsed = parsePlaceText(place);
  const query: PlaceQuery = {};
  if (parsed.postcode) query.postcode = parsed.postcode;
  if (parsed.insee) query.insee = parsed.insee;
  if (parsed.departement) query.departement = parsed.departement;
  if (parsed.name) query.commune = parsed.name;
  return query.postcode || query.insee || query.commune ? query : undefined;
}

/** The situation as the page sends it: empty fields dropped, the place read as the bot reads it. */
export function situationOf(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === '' || value === undefined) continue;
    if (key === 'place') {
      const place = placeQueryOf(value);
      if (place !== undefined) out.place = place;
    } else out[key] = value;
  }
  return out;
}

function ruleOf(knowledge: Knowledge, id: string): Rule | undefined {
  const [table, ruleId] = id.split('/');
  const { redFlags, national, territories } = knowledge.rules;
  const found = [redFlags, national, ...territories].find((t) => t.table === table);
  return found?.rules.find((r) => r.id === ruleId);
}

/** One recommendation as staff read it: why, where, what it costs, what to bring, how fresh. */
export function staffRecommendation(r: Recommendation, deps: TriageDeps): StaffRecommendation {
  const t = deps.knowledge.translator('fr');
  const card = recommendationCard(r, t, deps.today);
  const service = r.service;
  const practical = practicalFor(r.type, service, deps.practical, t);
  const description = ruleOf(deps.knowledge, r.rule)?.description;
  const phoneE164 = service?.telephone ? toE164(service.telephone) : null;
  const reference = service ? (service.lien_source ?? service.aiguillage_reference ?? undefined) : undefined;
  return {
    type: r.type,
    typeLabel: t(`type.${r.type}.name`),
    name: card.name,
    what: card.what,
    text: r.text,
    rule: r.rule,
    ...(description ? { ruleDescription: description } : {}),
    sources: r.sources,
    cost: practical.cost,
    appointment: practical.appointment,
    bring: practical.bring,
    practicalSources: practical.sources,
    contact: {
      ...(card.phone ? { phone: card.phone } : {}),
      ...(phoneE164 ? { phoneE164 } : {}),
      ...(card.address ? { address: card.address } : {}),
      ...(card.hours ? { hours: card.hours } : {}),
      ...(service?.courriel ? { email: service.courriel } : {}),
      ...(service?.lien_source && /^https?:\/\//.test(service.lien_source)
        ? { website: service.lien_source }
        : {}),
    },
    nearness: r.nearness,
    record: service
      ? {
          id: service.id,
          source: service.source,
          ...(reference ? { reference } : {}),
          dateMaj: service.date_maj,
        }
      : null,
    ...(card.notes ? { notes: card.notes } : {}),
    ...(r.toVerify ? { toVerify: true as const } : {}),
    ...(r.inferred ? { inferred: true as const } : {}),
  };
}

export interface TriageRequest {
  situation: unknown;
  lang?: unknown;
}

/** The orientation as `orient()` gives it, in French and (for the slip) in the person's language. */
export function orientBoth(request: TriageRequest, deps: TriageDeps) {
  const lang = asLanguage(request.lang);
  const situation = situationOf(request.situation);
  const french = orient(situation, deps.knowledge, { lang: 'fr', today: deps.today });
  const theirs = lang === 'fr' ? french : orient(situation, deps.knowledge, { lang, today: deps.today });
  return { lang, situation, french, theirs };
}

export function triage(request: TriageRequest, deps: TriageDeps): TriageView {
  const { lang, french, theirs } = orientBoth(request, deps);
  const gaps = [...new Set(french.recommendations.filter(isGap).map((r) => r.type))];
  return {
    emergency: french.emergency,
    place: french.place,
    missing: french.missing,
    recommendations: french.recommendations.map((r) => staffRecommendation(r, deps)),
    gaps,
    slip: buildSlip(
      { fr: french.recommendations, ...(lang === 'fr' ? {} : { [lang]: theirs.recommendations }) },
      lang,
      deps,
    ),
    ...(french.error ? { error: french.error } : {}),
  };
}
