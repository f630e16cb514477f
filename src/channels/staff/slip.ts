/**
 * The slip staff hand to the person: where to go, phone, address, hours, cost, appointment and what to
 * bring, in French and — side by side — in the person's language (Arabic right to left). Texts come from
 * `locales/<lang>/slip.json`; the page only lays them out.
 */
import type { Recommendation } from '../../orientation/orient.js';
import { practicalFor, type PracticalTable } from '../../orientation/practical.js';
import type { Language } from '../../orientation/situation.js';
import type { Knowledge } from '../../orientation/orient.js';
import { recommendationCard } from '../web/messages-json.js';

export interface SlipItem {
  name: string;
  what: string;
  phone?: string;
  address?: string;
  hours?: string;
  cost: string;
  appointment: string;
  bring: string[];
  notes?: string[];
}

export interface SlipColumn {
  lang: Language;
  dir: 'ltr' | 'rtl';
  title: string;
  intro: string;
  labels: { phone: string; address: string; hours: string; cost: string; appointment: string; bring: string };
  items: SlipItem[];
  /** Said when no service could be given. */
  none?: string;
  emergency: string;
  footer: string;
}

export interface Slip {
  languages: Language[];
  columns: SlipColumn[];
}

export interface SlipDeps {
  knowledge: Knowledge;
  practical: PracticalTable;
  today: string;
}

export const RTL_LANGUAGES: ReadonlySet<Language> = new Set(['ar']);

function column(lang: Language, recommendations: readonly Recommendation[], deps: SlipDeps): SlipColumn {
  const t = deps.knowledge.translator(lang);
  const items = recommendations.map((r): SlipItem => {
    const card = recommendationCard(r, t, deps.today);
    const practical = practicalFor(r.type, r.service, deps.practical, t);
    return {
      name: card.name,
      what: card.what,
      ...(card.phone ? { phone: card.phone } : {}),
      ...(card.address ? { address: card.address } : {}),
      ...(card.hours ? { hours: card.hours } : {}),
      cost: practical.cost,
      appointment: practical.appointment,
      bring: practical.bring,
      ...(card.notes ? { notes: card.notes } : {}),
    };
  });
  return {
    lang,
    dir: RTL_LANGUAGES.has(lang) ? 'rtl' : 'ltr',
    title: t('slip:title'),
    intro: t('slip:intro'),
    labels: {
      phone: t('slip:label.phone'),
      address: t('slip:label.address'),
      hours: t('slip:label.hours'),
      cost: t('slip:label.cost'),
      appointment: t('slip:label.appointment'),
      bring: t('slip:label.bring'),
    },
    items,
    ...(items.length === 0 ? { none: t('slip:none') } : {}),
    emergency: t('slip:emergency'),
    footer: t('slip:footer', { date: formatDate(deps.today) }),
  };
}

/** 2026-11-22 → "22/11/2026" (the format every French reader and the slip's other language share). */
export function formatDate(today: string): string {
  const [y, m, d] = today.split('-');
  return `${d}/${m}/${y}`;
}

/** French first, then the person's language when it is another one. */
export function buildSlip(
  byLanguage: Partial<Record<Language, readonly Recommendation[]>>,
  lang: Language,
  deps: SlipDeps,
): Slip {
  const languages: Language[] = lang === 'fr' ? ['fr'] : ['fr', lang];
  return {
    languages,
    columns: languages.map((l) => column(l, byLanguage[l] ?? [], deps)),
  };
}
