/**
 * Opening the page: GET /staff/api/session gives the account, its role, the CSRF token, the taxonomy's
 * codes and the interface texts. They are put in place (texts, "signed in as", the logout form's token,
 * the counts link for coordinators); null when there is no session.
 */
import { api, setCsrf } from './api.js';
import type { Session } from './api-types.js';
import { fillTexts, setTexts, tx } from './texts.js';

export function loadSession(): Promise<Session | null> {
  return api<Session>('GET', 'session').then(
    (answer) => {
      if (answer.status !== 200 || !answer.json) return null;
      setTexts(answer.json.texts || {});
      setCsrf(answer.json.csrf);
      fillTexts();
      const who = document.getElementById('who');
      if (who) who.textContent = tx('signedInAs', { account: answer.json.account });
      const logoutCsrf = document.getElementById('logout-csrf') as HTMLInputElement | null;
      if (logoutCsrf) logoutCsrf.value = answer.json.csrf;
      const countsLink = document.getElementById('counts-link');
      if (countsLink) countsLink.hidden = answer.json.role !== 'coordinator';
      return answer.json;
    },
    () => null,
  );
}
