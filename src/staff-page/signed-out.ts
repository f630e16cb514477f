/**
 * When the session is gone (expired, logged out elsewhere): a banner saying so, with a link to sign in
 * again, shown once. Any page and any API answer (a 401) may raise it. Before the texts have arrived there
 * is nothing to say it with: the login page says it instead (`?reason=expired`, from locales/).
 */
import { byId, h } from './dom.js';
import { tx } from './texts.js';

const LOGIN = '/staff/login';

export function signedOut(): void {
  const said = tx('results.signedOut');
  if (!said) return void window.location.assign(LOGIN + '?reason=expired');
  const banner = byId('banner');
  if (!banner.hidden) return;
  banner.textContent = '';
  banner.append(said, ' ');
  const a = h('a', '', tx('results.signIn'), banner);
  a.href = LOGIN;
  banner.hidden = false;
}
