/**
 * The hand-off fiche: the panel to choose the service and how it should contact the person, with the
 * person's consent, asking POST /staff/api/handoff for the text, then copying or printing it. A fiche is
 * withdrawn when the situation changes (it would no longer match); Escape in the panel closes it.
 */
import { api } from './api.js';
import type { Shown, StaffRecommendation } from './api-types.js';
import { byId, checkedValue, closeOnEscape, h } from './dom.js';
import { tx } from './texts.js';

export interface HandoffDeps {
  shown: () => Shown | null;
  count: () => void;
  /** Called when the panel opens (the other panel closes). */
  onOpen: () => void;
  /** Prints the fiche alone. */
  print: () => void;
}

export interface HandoffForm {
  close(): void;
  /** Enabled while there are services; closed otherwise. */
  enable(usable: boolean): void;
  /** Whether a fiche is on screen (before the results change). */
  hasFiche(): boolean;
  /** The situation changed under a fiche: it is withdrawn, and the status says why. */
  withdrawFiche(): void;
  /** The services a fiche may go to; kept as they are (and focused) when the list did not change. */
  renderServices(recs: StaffRecommendation[]): void;
  /** Next person: no consent, closed. */
  reset(): void;
}

type HandoffAnswer = { text?: string; error?: { code: string } };

export function handoffForm(deps: HandoffDeps): HandoffForm {
  const button = byId<HTMLButtonElement>('handoff-open');
  const form = byId<HTMLFormElement>('handoff');
  const services = byId('handoff-services');
  const consent = byId<HTMLInputElement>('consent');
  const status = byId('handoff-status');
  const ficheBox = byId('fiche');
  const ficheText = byId('fiche-text');
  const ficheCopy = byId<HTMLButtonElement>('fiche-copy');
  const fichePrint = byId<HTMLButtonElement>('fiche-print');
  const fichePrinted = byId('fiche-printed');

  function close(): void {
    form.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    ficheBox.hidden = true;
    ficheText.textContent = '';
    fichePrinted.textContent = '';
    status.textContent = '';
  }

  function renderServices(recs: StaffRecommendation[]): void {
    const labels = recs.map((r) => (r.typeLabel ? r.typeLabel + ' — ' : '') + r.name);
    const key = JSON.stringify(labels);
    if (services.getAttribute('data-key') === key) return;
    services.setAttribute('data-key', key);
    const hadFocus = services.contains(document.activeElement);
    const previous = checkedValue('service', form);
    services.textContent = '';
    labels.forEach((label, i) => {
      const option = h('label', 'option', '', services);
      const input = h('input', '', '', option);
      input.type = 'radio';
      input.name = 'service';
      input.value = String(i);
      input.id = 'service-' + i;
      input.checked = previous && Number(previous) < labels.length ? previous === String(i) : i === 0;
      h('span', '', label, option);
    });
    const checked = form.querySelector<HTMLInputElement>('input[name="service"]:checked');
    if (hadFocus && checked) checked.focus();
  }

  button.addEventListener('click', () => {
    if (!form.hidden) return close();
    deps.onOpen();
    form.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    const first = form.querySelector<HTMLInputElement>('input[name="service"]:checked');
    if (first) first.focus();
  });

  consent.addEventListener('change', () => {
    if (consent.checked) {
      consent.removeAttribute('aria-invalid');
      if (status.textContent === tx('handoff.consentRequired')) status.textContent = '';
    } else {
      ficheBox.hidden = true;
      ficheText.textContent = '';
    }
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const asked = deps.shown();
    if (!asked) return;
    if (!consent.checked) {
      consent.setAttribute('aria-invalid', 'true');
      status.textContent = tx('handoff.consentRequired');
      ficheBox.hidden = true;
      consent.focus();
      return;
    }
    api<HandoffAnswer>('POST', 'handoff', {
      situation: asked.situation,
      serviceIndex: Number(checkedValue('service', form) || 0),
      contact: checkedValue('contact', form) || 'phone',
      consent: true,
      lang: asked.lang,
    }).then(
      (answer) => {
        if (answer.status !== 200 || !answer.json || !answer.json.text) {
          const code = answer.json && answer.json.error ? answer.json.error.code : '';
          status.textContent =
            code === 'consent-required' ? tx('handoff.consentRequired') : tx('results.error');
          return;
        }
        ficheText.textContent = answer.json.text;
        fichePrinted.textContent = answer.json.text;
        ficheBox.hidden = false;
        status.textContent = tx('handoff.made');
        deps.count();
      },
      () => (status.textContent = tx('results.error')),
    );
  });

  ficheCopy.addEventListener('click', () => {
    const text = ficheText.textContent || '';
    const done = () => (status.textContent = tx('handoff.copied'));
    // Without the Clipboard API (an insecure origin, an older browser): select the text and copy it.
    const fallback = () => {
      const range = document.createRange();
      range.selectNodeContents(ficheText);
      const selection = window.getSelection();
      if (selection) {
        selection.removeAllRanges();
        selection.addRange(range);
      }
      let ok: boolean;
      try {
        ok = document.execCommand('copy');
      } catch {
        ok = false;
      }
      status.textContent = ok ? tx('handoff.copied') : tx('handoff.copyFailed');
    };
    if (navigator.clipboard && navigator.clipboard.writeText)
      navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  });
  fichePrint.addEventListener('click', () => deps.print());

  closeOnEscape(form, close, button);

  return {
    close,
    enable(usable) {
      button.disabled = !usable;
      if (!usable) close();
    },
    hasFiche: () => !ficheBox.hidden,
    withdrawFiche() {
      ficheBox.hidden = true;
      ficheText.textContent = '';
      status.textContent = tx('handoff.stale');
    },
    renderServices,
    reset() {
      consent.checked = false;
      consent.removeAttribute('aria-invalid');
      close();
    },
  };
}
