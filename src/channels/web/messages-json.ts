/**
 * Outbound messages as the HTTP API and the WebSocket send them (docs/web-protocol.md): the text, the
 * choices, and recommendations reduced to what a card shows (name, what, phone, address, hours).
 */
import type { Outbound } from '../../dialogue/messages.js';
import type { Recommendation } from '../../orientation/orient.js';
import { renderOpeningHours } from '../../orientation/opening-hours.js';
import { displayPhone, isStale } from '../../orientation/render-text.js';
import type { Translate, Translator } from '../../orientation/translate.js';

export interface RecommendationJson {
  type: string;
  name: string;
  what: string;
  phone?: string;
  address?: string;
  hours?: string;
  text: string;
  /** What the card must also say: no contact known, information may be old. */
  notes?: string[];
  serviceId?: string;
  /** Not a confirmed service: a public hospital where to ask for the PASS (staff see it flagged). */
  inferred?: true;
  /** The record is older than the configured age: to verify before relying on it. */
  toVerify?: true;
}

export interface MessageJson {
  kind: Outbound['kind'];
  lang: Outbound['lang'];
  text: string;
  question?: string;
  choices?: { id: string; label: string }[];
  recommendations?: RecommendationJson[];
}

function notesOf(recommendation: Recommendation, t: Translate, today: string | undefined): string[] {
  const service = recommendation.service;
  if (!service) return [t(`type.${recommendation.type}.generic`)];
  const notes: string[] = [];
  if (!service.telephone && !service.adresse && !service.commune) notes.push(t('where.noContact'));
  if (isStale(service, today)) notes.push(t('where.stale', { year: service.date_maj.slice(0, 4) }));
  return notes;
}

/** A recommendation as a card shows it, in the language of `t`. */
export function recommendationCard(
  recommendation: Recommendation,
  t: Translate,
  today: string | undefined,
): RecommendationJson {
  const service = recommendation.service;
  const address = service
    ? [
        [service.adresse, service.complement_adresse].filter(Boolean).join(', '),
        [service.code_postal, service.commune].filter(Boolean).join(' '),
      ]
        .filter(Boolean)
        .join(', ')
    : '';
  const hours =
    service?.aiguillage_horaires_texte ??
    (service?.horaires_accueil ? (renderOpeningHours(t, service.horaires_accueil) ?? undefined) : undefined);
  return {
    type: recommendation.type,
    name: service?.nom ?? t(`type.${recommendation.type}.name`),
    what: t(recommendation.reason),
    ...(service?.telephone ? { phone: displayPhone(service.telephone) } : {}),
    ...(address ? { address } : {}),
    ...(hours ? { hours } : {}),
    text: recommendation.text,
    ...(notesOf(recommendation, t, today).length > 0 ? { notes: notesOf(recommendation, t, today) } : {}),
    ...(service ? { serviceId: service.id } : {}),
    ...(recommendation.inferred ? { inferred: true as const } : {}),
    ...(recommendation.toVerify ? { toVerify: true as const } : {}),
  };
}

export function toMessageJson(message: Outbound, translate: Translator, today?: string): MessageJson {
  const t = translate(message.lang);
  return {
    kind: message.kind,
    lang: message.lang,
    text: message.text,
    ...(message.question ? { question: message.question } : {}),
    ...(message.choices ? { choices: message.choices } : {}),
    ...(message.recommendations
      ? { recommendations: message.recommendations.map((r) => recommendationCard(r, t, today)) }
      : {}),
  };
}
