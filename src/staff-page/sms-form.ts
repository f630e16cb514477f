/**
 * "Send by SMS": the panel asking for the person's phone number, sent with the situation shown to
 * POST /staff/api/sms (the number is used for that send only). The server's refusals are said in words;
 * Escape in the panel closes it.
 */
import { api } from './api.js';
import type { Shown } from './api-types.js';
import { byId, closeOnEscape } from './dom.js';
import { tx } from './texts.js';

export interface SmsFormDeps {
  /** Whether this installation can send SMS (else the button is hidden). */
  sendSms: boolean;
  shown: () => Shown | null;
  count: () => void;
  /** Called when the panel opens (the other panel closes). */
  onOpen: () => void;
}

export interface SmsForm {
  close(): void;
  /** Enabled while there is something to send; closed otherwise. */
  enable(usable: boolean): void;
  /** Next person: closed, with no status left. */
  reset(): void;
}

type SmsAnswer = { sent?: boolean; sms?: number; error?: { code: string } };

/** The text (under `sms.`) that explains the server's refusal. */
function errorKey(code: string): string {
  switch (code) {
    case 'invalid-phone':
      return 'invalid';
    case 'no-answer':
      return 'noAnswer';
    case 'too-many':
      return 'tooMany';
    case 'opted-out':
      return 'optedOut';
    case 'sms-unavailable':
      return 'unavailable';
    default:
      return 'failed';
  }
}

export function smsForm(deps: SmsFormDeps): SmsForm {
  const button = byId<HTMLButtonElement>('sms-open');
  const form = byId<HTMLFormElement>('sms');
  const phoneInput = byId<HTMLInputElement>('phone');
  const status = byId('sms-status');
  if (!deps.sendSms) button.hidden = true;

  function close(): void {
    form.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    phoneInput.value = '';
    phoneInput.removeAttribute('aria-invalid');
  }

  button.addEventListener('click', () => {
    if (!form.hidden) return close();
    deps.onOpen();
    form.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    status.textContent = '';
    phoneInput.focus();
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const phone = phoneInput.value.trim();
    const sent = deps.shown();
    if (!sent) return;
    if (!/\d{6,}/.test(phone.replace(/[\s.\-()]/g, ''))) {
      phoneInput.setAttribute('aria-invalid', 'true');
      status.textContent = tx('sms.invalid');
      return;
    }
    status.textContent = tx('sms.sending');
    api<SmsAnswer>('POST', 'sms', { phone, situation: sent.situation, lang: sent.lang }).then(
      (answer) => {
        const code = answer.json && answer.json.error ? answer.json.error.code : '';
        if (answer.status === 202 || (answer.status === 200 && answer.json && answer.json.sent)) {
          phoneInput.value = '';
          phoneInput.removeAttribute('aria-invalid');
          status.textContent = tx('sms.sent', { count: (answer.json && answer.json.sms) || 1 });
          deps.count();
          return;
        }
        const key = errorKey(code);
        if (key === 'invalid') phoneInput.setAttribute('aria-invalid', 'true');
        status.textContent = tx('sms.' + key);
        phoneInput.focus();
      },
      () => (status.textContent = tx('sms.failed')),
    );
  });

  closeOnEscape(form, close, button);

  return {
    close,
    enable(usable) {
      button.disabled = !usable;
      if (!usable) close();
    },
    reset() {
      close();
      status.textContent = '';
    },
  };
}
