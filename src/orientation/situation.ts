/**
 * The situation the dialogue collects and the codes a recommendation points to.
 * These names are the public contract of `../shared/taxonomy.md`: never rename or reuse one.
 *
 * Example: `{ "rights": "none", "need": "general-care", "place": { "postcode": "71100" } }`
 */

export const RIGHTS = ['none', 'pending', 'basic', 'full', 'ame', 'unknown'] as const;
export type Rights = (typeof RIGHTS)[number];

export const NEEDS = [
  'general-care',
  'mental-health',
  'sexual-health',
  'sti-testing',
  'pregnancy',
  'addiction',
  'dental',
  'vision',
  'check-up',
  'vaccination',
  'rights-help',
  'complementary-insurance',
] as const;
export type Need = (typeof NEEDS)[number];

export const SUBSTANCES = ['alcohol', 'tobacco', 'cannabis', 'drugs', 'gambling', 'other'] as const;
export type Substance = (typeof SUBSTANCES)[number];

/**
 * Danger the person described (detected in their words, or said at the emergency question): the codes of
 * the crisis orientation. Listed most urgent first: that order is the order the crisis lines are given in.
 * `unsure` is not a danger but a doubt: the person could not say whether it is an emergency.
 */
export const DANGERS = [
  'suicide',
  'overdose',
  'chest-pain',
  'breathing',
  'stroke',
  'unconscious',
  'bleeding',
  'violence',
  'child-danger',
  'unsure',
] as const;
export type Danger = (typeof DANGERS)[number];
/** The dangers a message can describe (all but the doubt). */
export type DangerKind = Exclude<Danger, 'unsure'>;
export const DANGER_KINDS = DANGERS.filter((d): d is DangerKind => d !== 'unsure');

export const SERVICE_TYPES = [
  'samu-15',
  'police-17',
  'urgences',
  'pass',
  'pass-ville',
  'medecin-generaliste',
  'centre-de-sante',
  'maison-medicale-garde',
  'cmp',
  'cmpp',
  'point-ecoute',
  'empp',
  'ligne-3114',
  'cpef',
  'planning-familial',
  'cegidd',
  'pmi',
  'csapa',
  'caarud',
  'cjc',
  'mediation-sante',
  'cpam',
  'ccas',
  'permanence-droits',
  'bilan-sante',
  'vaccination',
  'mutuelle-aide',
  'ligne-ecoute',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Where the person lives or is. One of the three keys is enough; `departement` only narrows homonyms. */
export interface PlaceQuery {
  postcode?: string;
  commune?: string;
  insee?: string;
  departement?: string;
}

export interface Situation {
  rights?: Rights;
  need?: Need;
  emergency?: boolean;
  canWait?: boolean;
  age?: number;
  knownToCmp?: boolean;
  precarious?: boolean;
  substance?: Substance;
  forRelative?: boolean;
  /** Dangers described, most urgent first (see DANGERS). Never asked: detected or said. */
  danger?: Danger[];
  place?: PlaceQuery;
}

/** The situation fields a rule may test, with the values worth trying when a field is unknown. */
export const SITUATION_FIELDS = [
  'rights',
  'need',
  'emergency',
  'canWait',
  'age',
  'knownToCmp',
  'precarious',
  'substance',
  'forRelative',
] as const;
export type SituationField = (typeof SITUATION_FIELDS)[number];

export const LANGUAGES = ['fr', 'en', 'ar', 'fr-x-falc'] as const;
export type Language = (typeof LANGUAGES)[number];
