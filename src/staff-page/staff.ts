/**
 * The entry of the reception staff's pages (docs/staff.md), loaded as a module by triage.html and
 * counts.html: it opens the session (texts, CSRF token) and starts the page that `data-page` names, or
 * says the session is gone. Text goes into the page with textContent only; nothing about the person is
 * kept in the browser beyond the page's life.
 */
import { countsPage } from './counts.js';
import { loadSession } from './session.js';
import { signedOut } from './signed-out.js';
import { triagePage } from './triage-page.js';

function start(): void {
  const page = document.body.getAttribute('data-page');
  loadSession().then((session) => {
    if (!session) {
      signedOut();
      return;
    }
    if (page === 'counts') countsPage();
    else triagePage(session);
  });
}
// A module runs after the document is parsed; the check keeps the entry correct however it is loaded.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
