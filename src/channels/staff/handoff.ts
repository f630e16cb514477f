/**
 * The "fiche d'orientation": what the receiving service needs to welcome the person — the situation in a
 * few words, the chosen service, how the person wants to be contacted, and their consent, dated. Written in
 * French for the receiving service, with the person's language so an interpreter can be planned. It is
 * made for copying or printing, and never stored: no name, no number.
 */
import type { OrientResult } from '../../orientation/orient.js';
import type { Language, Situation } from '../../orientation/situation.js';
import type { Translate } from '../../orientation/translate.js';
import { formatDate } from './slip.js';
import type { StaffRecommendation } from './triage.js';

export const CONTACT_PREFERENCES = ['phone', 'sms', 'email', 'in-person', 'through-staff'] as const;
export type ContactPreference = (typeof CONTACT_PREFERENCES)[number];

export interface HandoffInput {
  situation: Situation;
  place: OrientResult['place'];
  recommendation: StaffRecommendation;
  contact: ContactPreference;
  lang: Language;
  today: string;
  /** The signed-in staff account, so the receiving service knows whom to call back. */
  account: string;
}

export interface Handoff {
  lines: string[];
  text: string;
}

function yesNo(t: Translate, value: boolean | undefined): string | null {
  return value === undefined ? null : t(value ? 'slip:handoff.yes' : 'slip:handoff.no');
}

function situationLines(t: Translate, input: HandoffInput): string[] {
  const s = input.situation;
  const place =
    input.place?.status === 'found' ? `${input.place.commune} (${input.place.departement.code})` : null;
  const rows: [string, string | null][] = [
    ['need', s.need ? t(`slip:handoff.need.${s.need}`) : null],
    ['substance', s.substance ? t(`slip:handoff.substance.${s.substance}`) : null],
    ['rights', s.rights ? t(`slip:handoff.rights.${s.rights}`) : null],
    ['emergency', yesNo(t, s.emergency)],
    ['canWait', yesNo(t, s.canWait)],
    ['age', s.age !== undefined ? String(s.age) : null],
    ['knownToCmp', yesNo(t, s.knownToCmp)],
    ['precarious', yesNo(t, s.precarious)],
    ['forRelative', yesNo(t, s.forRelative)],
    ['place', place],
    ['language', t(`slip:handoff.language.${input.lang}`)],
  ];
  return rows.flatMap(([field, value]) =>
    value === null ? [] : [`- ${t(`slip:handoff.field.${field}`)} : ${value}`],
  );
}

/** The fiche, in French. Only called once the person's consent was given. */
export function buildHandoff(t: Translate, input: HandoffInput): Handoff {
  const r = input.recommendation;
  const date = formatDate(input.today);
  const contactLines = [
    r.contact.address ? `${t('slip:label.address')} : ${r.contact.address}` : null,
    r.contact.phone ? `${t('slip:label.phone')} : ${r.contact.phone}` : null,
  ].filter((line): line is string => line !== null);
  const lines = [
    t('slip:handoff.title', { date }),
    '',
    t('slip:handoff.to', { name: r.name, type: r.typeLabel }),
    ...contactLines,
    '',
    t('slip:handoff.situation'),
    ...situationLines(t, input),
    '',
    t('slip:handoff.why', { reason: r.what }),
    t('slip:handoff.rule', { rule: r.rule, sources: r.sources.join(' ; ') }),
    '',
    t('slip:handoff.contactPreference', { contact: t(`slip:handoff.contact.${input.contact}`) }),
    t('slip:handoff.consent', { date }),
    t('slip:handoff.by', { account: input.account }),
    t('slip:handoff.privacy'),
  ];
  return { lines, text: lines.join('\n') };
}
