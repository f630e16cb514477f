/**
 * The fields that would change the answer (the server's `missing`): marked "required", listed in "to ask",
 * and the optional ones moved first in their box, but never while the focus is in that box (they move when
 * it leaves), so nothing jumps under the receptionist's keyboard.
 */
import type { TriageAnswer } from './api-types.js';
import { tx } from './texts.js';

export function missingFields(
  form: HTMLElement,
  more: HTMLElement,
  toAsk: HTMLElement,
): (answer: TriageAnswer | null) => void {
  let pendingOrder: string[] | null = null;

  function reorder(): void {
    if (!pendingOrder || more.contains(document.activeElement)) return;
    const missing = pendingOrder;
    pendingOrder = null;
    const children = Array.prototype.slice.call(more.children) as HTMLElement[];
    const rank = (e: HTMLElement) => {
      const i = missing.indexOf(e.getAttribute('data-field') || '');
      return i < 0 ? missing.length + Number(e.getAttribute('data-order') || 0) : i;
    };
    const sorted = children.slice().sort((a, b) => rank(a) - rank(b));
    if (sorted.every((e, i) => e === children[i])) return;
    sorted.forEach((e) => more.appendChild(e));
  }
  more.addEventListener('focusout', (e) => {
    if (!more.contains(e.relatedTarget as Node | null)) window.setTimeout(reorder, 0);
  });

  return function highlightMissing(answer: TriageAnswer | null): void {
    const missing = (answer && answer.missing) || [];
    // The server's labels, or the fields' own legends ("place" is the place field's label).
    const labels =
      answer && answer.missingLabels && answer.missingLabels.length === missing.length
        ? answer.missingLabels
        : missing.map((f) => tx('field.' + f) || f);
    const fields = form.querySelectorAll<HTMLElement>('[data-field]');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (!f) continue;
      const on = missing.indexOf(f.getAttribute('data-field') || '') >= 0;
      f.classList.toggle('is-missing', on);
      const badge = f.querySelector<HTMLElement>('.badge-missing');
      if (badge) badge.hidden = !on;
    }
    if (answer && !answer.error) {
      toAsk.textContent = labels.length ? tx('toAsk', { fields: labels.join(', ') }) : tx('complete');
    }
    pendingOrder = missing;
    reorder();
  };
}
