/**
 * The printable slip for the person: one column in French and, when different, one in the person's
 * language (right to left for Arabic), with each service's contact, cost, appointment and what to bring.
 * Hidden on screen when there is nothing to print.
 */
import type { TriageAnswer } from './api-types.js';
import { h } from './dom.js';

const dirOf = (lang: string) => (lang === 'ar' ? 'rtl' : 'ltr');

export function renderSlip(slip: HTMLElement, answer: TriageAnswer | null): void {
  slip.textContent = '';
  const columns = (answer && answer.slip && answer.slip.columns) || [];
  slip.classList.toggle('two', columns.length > 1);
  slip.hidden = !columns.length || !(answer && answer.recommendations && answer.recommendations.length);
  columns.forEach((col) => {
    const div = h('div', 'slip-col', '', slip);
    div.lang = col.lang;
    div.dir = col.dir || dirOf(col.lang);
    const labels = col.labels || {};
    if (col.title) h('h2', '', col.title, div);
    if (col.intro) h('p', 'slip-intro', col.intro, div);
    if (col.emergency) h('p', 'slip-emergency', col.emergency, div);
    const ol = h('ol', 'slip-items', '', div);
    (col.items || []).forEach((item) => {
      const li = h('li', '', '', ol);
      if (item.name) h('h3', '', item.name, li);
      if (item.what) h('p', '', item.what, li);
      slipLine(li, labels.phone, item.phone, true);
      slipLine(li, labels.address, item.address);
      slipLine(li, labels.hours, item.hours);
      slipLine(li, labels.cost, item.cost);
      slipLine(li, labels.appointment, item.appointment);
      if (item.bring && item.bring.length) slipLine(li, labels.bring, item.bring.join(' ; '));
      (item.notes || []).forEach((n) => h('p', 'note', n, li));
    });
    if (col.none) h('p', '', col.none, div);
    if (col.footer) h('p', 'slip-footer', col.footer, div);
  });
}

/** A labelled line; phone numbers stay left to right inside an Arabic column. */
function slipLine(parent: Element, label: string | undefined, text: string | undefined, ltr?: boolean) {
  if (!text) return;
  const p = h('p', '', '', parent);
  if (label) {
    h('span', 'label', label, p);
    p.append(' ');
  }
  const value = h('bdi', '', text, p);
  if (ltr) value.dir = 'ltr';
}
