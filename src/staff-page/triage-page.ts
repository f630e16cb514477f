/**
 * The triage page (`/staff`): wires the fields, the results and the actions. Every change asks
 * POST /staff/api/triage again (radios at once, typing after 150 ms), aborting the older request so an old
 * answer never overwrites a newer one. After each rendering the page dispatches `staff:updated` on document
 * and sets `data-updated` on the results (the tests and the latency benchmark wait for it).
 */
import { api, LatestRequest } from './api.js';
import type { Session, Shown, Situation, TriageAnswer } from './api-types.js';
import { triageCounter } from './counting.js';
import { byId, checkedValue, h } from './dom.js';
import { buildFields, markInvalid, readSituation } from './fields.js';
import { handoffForm } from './handoff.js';
import { missingFields } from './missing.js';
import { placeField } from './place.js';
import { printPage } from './print.js';
import { renderCards } from './results.js';
import { renderSlip } from './slip.js';
import { smsForm } from './sms-form.js';
import { tx } from './texts.js';

const TYPING_DELAY = 150;

export function triagePage(session: Session): void {
  const form = byId<HTMLFormElement>('situation');
  const placeInput = byId<HTMLInputElement>('place');
  const ageInput = byId<HTMLInputElement>('age');
  const langSelect = byId<HTMLSelectElement>('lang');
  const substanceField = byId('field-substance');
  const results = byId('results');
  const announce = byId('announce');
  const toAsk = byId('to-ask');
  const cards = byId('cards');
  const printButton = byId<HTMLButtonElement>('print');
  const nextButton = byId<HTMLButtonElement>('next');
  const slip = byId('slip');

  buildFields(session, langSelect);

  // -- state --
  let current: Shown | null = null;
  let typingTimer = 0;
  const requests = new LatestRequest();
  const counter = triageCounter();
  const count = () => counter.count(current);
  const place = placeField(placeInput, byId('place-status'), byId('place-choices'));
  const highlightMissing = missingFields(form, byId('more'), toAsk);
  const sms = smsForm({
    sendSms: session.sendSms !== false,
    shown: () => current,
    count,
    onOpen: () => handoff.close(),
  });
  const handoff = handoffForm({
    shown: () => current,
    count,
    onOpen: () => sms.close(),
    print: () => printPage(true, count),
  });

  const situation = (): Situation => readSituation(form, ageInput, place.query());

  // -- asking the server --
  function update(): void {
    window.clearTimeout(typingTimer);
    substanceField.hidden = checkedValue('need', form) !== 'addiction';
    const s = situation();
    const lang = langSelect.value || 'fr';
    const mine = requests.next();
    if (Object.keys(s).length === 0) {
      render(null, s, lang, mine);
      return;
    }
    const signal = requests.signal();
    results.setAttribute('aria-busy', 'true');
    api<TriageAnswer>('POST', 'triage', { situation: s, lang }, signal).then(
      (answer) => {
        if (!requests.isLatest(mine)) return; // a newer change is on its way
        if (answer.status === 401) return;
        if (!answer.json || (answer.status >= 500 && !answer.json.error)) return failed(mine);
        render(answer.json, s, lang, mine);
      },
      (error: Error) => {
        if (!requests.isLatest(mine) || (error && error.name === 'AbortError')) return;
        failed(mine);
      },
    );
  }

  function updateSoon(): void {
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(update, TYPING_DELAY);
  }

  function failed(mine: number): void {
    results.removeAttribute('aria-busy');
    announce.textContent = tx('results.error');
    finished(mine);
  }

  function finished(mine: number): void {
    results.setAttribute('data-updated', String(mine));
    document.dispatchEvent(new CustomEvent('staff:updated', { detail: { seq: mine } }));
  }

  // -- rendering --
  function render(answer: TriageAnswer | null, s: Situation, lang: string, mine: number): void {
    results.removeAttribute('aria-busy');
    const hadFiche = handoff.hasFiche();
    current = answer ? { situation: s, lang, answer } : null;
    cards.textContent = '';
    toAsk.textContent = '';
    place.render(answer ? answer.place : null);
    markInvalid(answer, ageInput, placeInput);
    const recs = (answer && answer.recommendations) || [];
    if (!answer) {
      announce.textContent = '';
      h('p', 'empty', tx('results.empty'), cards);
    } else if (answer.error && !recs.length) {
      const message = tx('results.invalid', { message: answer.error.message || answer.error.code });
      h('p', 'problem', message, cards);
      announce.textContent = message;
    } else {
      renderCards(cards, answer, recs);
      announce.textContent = recs.length
        ? tx(answer.emergency ? 'results.emergencyCount' : 'results.count', {
            count: recs.length,
            first: recs[0] ? recs[0].name : '',
          })
        : tx('results.none');
    }
    highlightMissing(answer);
    renderSlip(slip, answer);
    const usable = recs.length > 0;
    printButton.disabled = !usable;
    sms.enable(usable);
    handoff.enable(usable);
    handoff.renderServices(recs);
    if (hadFiche) handoff.withdrawFiche();
    finished(mine);
  }

  // -- actions --
  printButton.addEventListener('click', () => printPage(false, count));

  nextButton.addEventListener('click', () => {
    // The fields as they are, even when the last typing is not yet answered.
    counter.count(current, situation());
    requests.cancel();
    window.clearTimeout(typingTimer);
    form.reset();
    place.reset();
    langSelect.value = 'fr';
    handoff.reset();
    sms.reset();
    counter.restart();
    update();
    announce.textContent = tx('actions.nextDone');
    const first = form.querySelector<HTMLInputElement>('input[name="emergency"]:checked');
    if (first) first.focus();
  });

  // -- listening to the fields --
  form.addEventListener('submit', (e) => e.preventDefault());
  form.addEventListener('change', (e) => {
    const target = e.target as HTMLInputElement | HTMLSelectElement;
    if (target === placeInput || target === ageInput) return; // typed: handled on input
    if (target.name === 'place-choice') place.choose(target.value, target.getAttribute('data-commune'));
    update();
  });
  placeInput.addEventListener('input', () => {
    place.typed();
    updateSoon();
  });
  ageInput.addEventListener('input', updateSoon);
  // Enter in a text field asks at once (no waiting for the typing delay, no form submission).
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.target === placeInput || e.target === ageInput)) {
      e.preventDefault();
      update();
    }
  });

  update();
}
