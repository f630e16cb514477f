/**
 * The banner shown when the session is gone (expired, logged out elsewhere): it says so, with a link to
 * sign in again. Any page and any API answer (a 401) may raise it; it is shown once.
 */
import { byId, h } from './dom.js';
import { tx } from './texts.js';

export function signedOut(): void {
  const banner = byId('banner');
  if (!banner.hidden) return;
  banner.textContent = '';
  // Fallbacks in French: the texts may never have arrived when the session was already gone.
  banner.append(tx('results.signedOut') || 'Session terminée.', ' ');
  const a = h('a', '', tx('results.signIn') || 'Se reconnecter', banner);
  a.href = '/staff/login';
  banner.hidden = false;
}
