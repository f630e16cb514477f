/**
 * The recommendation cards: for each service, its type, name and reason, how to reach it (phone, address,
 * hours, email, website), cost, appointment and what to bring, the server's notes, and "Pourquoi ?" (the
 * rule, its sources, the directory record, how near it is). During an emergency the emergency services
 * come first, in red.
 */
import type { StaffRecommendation, TriageAnswer } from './api-types.js';
import { h } from './dom.js';
import { tx } from './texts.js';

/** Types that answer an emergency: shown first, in red. */
const EMERGENCY_TYPES = ['samu-15', 'police-17', 'urgences', 'ligne-3114'];

/** Fills `cards` (already emptied) with the answer's recommendations. */
export function renderCards(cards: HTMLElement, answer: TriageAnswer, recs: StaffRecommendation[]): void {
  const urgent = (r: StaffRecommendation) => !!answer.emergency && EMERGENCY_TYPES.indexOf(r.type) >= 0;
  const ordered = recs.filter(urgent).concat(recs.filter((r) => !urgent(r)));
  if (ordered.some(urgent)) h('p', 'emergency-banner', tx('results.emergency'), cards);
  const list = h('ol', 'cards', '', cards);
  ordered.forEach((r) => card(r, urgent(r), h('li', '', '', list)));
}

function line(parent: Element, label: string, text: string | undefined, cls?: string): void {
  if (!text) return;
  const p = h('p', cls || 'line', '', parent);
  h('span', 'label', label, p);
  p.append(' ');
  h('bdi', '', text, p);
}

function card(r: StaffRecommendation, urgent: boolean, item: HTMLElement): void {
  const box = h('article', 'card' + (urgent ? ' card-emergency' : ''), '', item);
  box.setAttribute('data-type', r.type);
  const head = h('p', 'card-type', '', box);
  if (urgent) h('strong', 'badge badge-emergency', tx('results.emergency'), head);
  head.append(r.typeLabel || r.type);
  if (r.toVerify) h('strong', 'badge badge-verify', tx('card.toVerify'), head);
  if (r.inferred) h('strong', 'badge badge-inferred', tx('card.inferred'), head);
  h('h3', '', r.name, box);
  if (r.what) h('p', 'what', r.what, box);
  const c = r.contact || {};
  if (c.phone) {
    const p = h('p', 'line', '', box);
    h('span', 'label', tx('card.phone'), p);
    p.append(' ');
    const a = h('a', 'tel', '', p);
    a.href = 'tel:' + (c.phoneE164 || c.phone.replace(/[^\d+]/g, ''));
    a.setAttribute('aria-label', tx('card.call', { phone: c.phone }));
    h('bdi', '', c.phone, a);
  }
  line(box, tx('card.address'), c.address);
  line(box, tx('card.hours'), c.hours);
  if (c.email) {
    const p = h('p', 'line', '', box);
    h('span', 'label', tx('card.email'), p);
    p.append(' ');
    const a = h('a', '', c.email, p);
    a.href = 'mailto:' + c.email;
  }
  if (c.website && /^https?:\/\//.test(c.website)) {
    const p = h('p', 'line', '', box);
    h('span', 'label', tx('card.website'), p);
    p.append(' ');
    const a = h('a', '', c.website, p);
    a.href = c.website;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
  }

  line(box, tx('card.cost'), r.cost);
  line(box, tx('card.appointment'), r.appointment);
  if (r.bring && r.bring.length) {
    h('p', 'label', tx('card.bring'), box);
    const ul = h('ul', 'bring', '', box);
    r.bring.forEach((b) => h('li', '', b, ul));
  }
  // The server's notes say why a record is to check or has no contact; without them, the page says it.
  const notes = r.notes || [];
  notes.forEach((n) => h('p', 'note', n, box));
  if (!notes.length) {
    if (!c.phone && !c.address && !c.email) h('p', 'note', tx('card.noContact'), box);
    if (r.toVerify) h('p', 'note', tx('card.toVerifyNote'), box);
    if (r.inferred) h('p', 'note', tx('card.inferredNote'), box);
  }
  why(r, box);
}

/** "Pourquoi ?": the rule that gave this service, its sources, the directory record, how near it is. */
function why(r: StaffRecommendation, box: HTMLElement): void {
  const why = h('div', 'why', '', box);
  h('h4', '', tx('card.why'), why);
  if (r.rule) {
    const p = h('p', 'line rule', '', why);
    h('span', 'label', tx('card.rule'), p);
    p.append(' ');
    h('code', '', r.rule, p);
    if (r.ruleDescription) p.append(' — ' + r.ruleDescription);
  }
  if (r.sources && r.sources.length) {
    h('p', 'label', tx('card.sources'), why);
    const ul = h('ul', 'sources', '', why);
    r.sources.forEach((s) => h('li', '', s, ul));
  }
  if (r.record) {
    const parts = [r.record.source, r.record.reference].filter(Boolean).join(' · ');
    const date = r.record.dateMaj ? ' (' + tx('card.recordDate', { date: r.record.dateMaj }) + ')' : '';
    line(why, tx('card.record'), parts + date, 'line record');
  }
  if (r.nearness) line(why, tx('card.nearness'), tx('nearness.' + r.nearness) || r.nearness);
  if (r.practicalSources && r.practicalSources.length) {
    // Long (one per cost, appointment and paper): folded, open on demand.
    const more = h('details', 'practical', '', why);
    h('summary', '', tx('card.practicalSources'), more);
    const ul = h('ul', 'sources practical-sources', '', more);
    r.practicalSources.forEach((s) => h('li', '', s, ul));
  }
}
