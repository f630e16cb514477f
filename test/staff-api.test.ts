/**
 * The staff mode over HTTP against real started servers (SQLite files in temporary DATA_DIRs): signing in
 * and out, what happens without a cookie, with a wrong password, without the CSRF token, from another site,
 * under brute force; then the triage, the slip, the SMS, the hand-off fiche and the anonymous counts. Nothing
 * about the person may be left in DATA_DIR or in the logs.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/channels/staff/password-hash.js';
import { createOutboxSender, type SmsSender } from '../src/channels/sms/sms-sender.js';
import { testConfig } from './support/test-server.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';

const PASSWORD = 'correct horse battery staple';
const outbox = createOutboxSender();
let failing = false;
const sender: SmsSender = {
  send: (to, bodies) => (failing ? Promise.reject(new Error('provider down')) : outbox.send(to, bodies)),
};
const logs: string[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'aiguillage-staff-'));
const lockDir = mkdtempSync(join(tmpdir(), 'aiguillage-staff-lock-'));
let server: RunningServer;
let lockServer: RunningServer;

async function accounts(): Promise<string> {
  // A low scrypt cost keeps the tests fast; the hash carries its own cost.
  const hash = await hashPassword(PASSWORD, { logN: 10 });
  return `accueil:staff:${hash},coord:coordinator:${hash}`;
}

const config = (dir: string, staffAccounts: string) =>
  testConfig('staff', { DATA_DIR: dir, STAFF_ACCOUNTS: staffAccounts }).config;

beforeAll(async () => {
  const list = await accounts();
  server = await startServer(config(dataDir, list), { log: (l) => logs.push(l), smsSender: sender });
  lockServer = await startServer(config(lockDir, list), { log: (l) => logs.push(l) });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await lockServer?.close();
});

beforeEach(() => {
  outbox.clear();
  failing = false;
});

const base = (s: RunningServer) => `http://127.0.0.1:${s.port}`;

function cookiesOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, ...value] = (pair ?? '').split('=');
    if (name) out[name.trim()] = value.join('=');
  }
  return out;
}

async function loginForm(
  s = server,
): Promise<{ csrf: string; cookie: string; html: string; response: Response }> {
  const response = await fetch(`${base(s)}/staff/login`);
  const html = await response.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { csrf, cookie: `aig_login_csrf=${cookiesOf(response).aig_login_csrf ?? ''}`, html, response };
}

async function login(name: string, password: string, s = server, withCsrf = true) {
  const form = await loginForm(s);
  const response = await fetch(`${base(s)}/staff/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(withCsrf ? { cookie: form.cookie } : {}),
    },
    body: new URLSearchParams({ name, password, csrf: withCsrf ? form.csrf : '' }).toString(),
  });
  return { response, html: await response.text(), cookies: cookiesOf(response) };
}

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(name = 'accueil'): Promise<Session> {
  const { response, cookies } = await login(name, PASSWORD);
  expect(response.status).toBe(303);
  const cookie = `aig_staff=${cookies.aig_staff ?? ''}`;
  const session = (await (
    await fetch(`${base(server)}/staff/api/session`, { headers: { cookie } })
  ).json()) as {
    csrf: string;
  };
  return { cookie, csrf: session.csrf };
}

async function api(
  session: Session | null,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${base(server)}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    redirect: 'manual',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const type = response.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await response.json() : await response.text();
  return { status: response.status, response, json: payload as Record<string, unknown> & Reply };
}

interface Reply {
  error?: { code: string };
  recommendations?: {
    type: string;
    rule: string;
    sources: string[];
    cost: string;
    appointment: string;
    bring: string[];
    record: { dateMaj: string } | null;
  }[];
  slip?: { languages: string[]; columns: { lang: string; dir: string; items: { name: string }[] }[] };
  place?: { status: string };
  emergency?: boolean;
  text?: string;
  rows?: { type: string; need: string; count: number }[];
}

const CARE_NO_RIGHTS = { rights: 'none', need: 'general-care', canWait: false, place: 'Chalon-sur-Saône' };

describe('staff sign-in', () => {
  it('redirects pages and refuses the API without a session cookie', async () => {
    const page = await fetch(`${base(server)}/staff`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/staff/login');
    for (const path of ['/staff/counts', '/staff/staff.js', '/staff/staff.css']) {
      expect((await fetch(`${base(server)}${path}`, { redirect: 'manual' })).status).toBe(303);
    }
    expect((await api(null, '/staff/api/session')).json.error?.code).toBe('not-signed-in');
    expect((await api(null, '/staff/api/session')).status).toBe(401);
    expect((await api(null, '/staff/api/triage', { situation: {} })).status).toBe(401);
    expect((await api(null, '/staff/api/counts.csv')).status).toBe(401);
  });

  it('serves a login form with a CSRF token and strict headers', async () => {
    const { csrf, html, response } = await loginForm();
    expect(csrf.length).toBeGreaterThan(20);
    expect(html).toContain('Identifiant');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const setCookie = response.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/aig_login_csrf=.*HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/); // 127.0.0.1 is plain http
  });

  it('signs in with the right password: an HttpOnly, SameSite=Strict session cookie on /staff', async () => {
    const { response } = await login('accueil', PASSWORD);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/staff');
    const line = response.headers.getSetCookie().find((c) => c.startsWith('aig_staff=')) ?? '';
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Strict/);
    expect(line).toMatch(/Path=\/staff/);
  });

  it('sets Secure cookies when reached under a public name', async () => {
    // fetch() may not set Host: a plain request does, as a reverse proxy would.
    const setCookie = await new Promise<string[]>((resolve, reject) => {
      get(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/staff/login',
          headers: { host: 'aiguillage.example.org' },
        },
        (response) => {
          response.resume();
          resolve(response.headers['set-cookie'] ?? []);
        },
      ).on('error', reject);
    });
    expect(setCookie.join('\n')).toMatch(/; Secure/);
  });

  it.each([
    ['a wrong password', 'accueil', 'not the password'],
    ['an unknown name', 'nobody', PASSWORD],
  ])(
    'answers %s with one clear message that does not tell which was wrong',
    async (_case, name, password) => {
      const { response, html, cookies } = await login(name, password);
      expect(response.status).toBe(401);
      expect(html).toContain('Identifiant ou mot de passe incorrect.');
      expect(cookies.aig_staff).toBeUndefined();
    },
  );

  it('refuses a login form posted without its CSRF token', async () => {
    const { response, html } = await login('accueil', PASSWORD, server, false);
    expect(response.status).toBe(403);
    expect(html).toContain('Le formulaire a expiré');
  });

  it('refuses a forged or ended session', async () => {
    const forged = { cookie: 'aig_staff=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', csrf: 'x' };
    expect((await api(forged, '/staff/api/session')).status).toBe(401);
    const page = await fetch(`${base(server)}/staff`, {
      redirect: 'manual',
      headers: { cookie: forged.cookie },
    });
    expect(page.headers.get('location')).toBe('/staff/login?reason=expired');
  });

  it('locks a name and an address after 5 wrong passwords, even for the right one', async () => {
    for (let i = 0; i < 4; i += 1)
      expect((await login('accueil', `wrong ${i}`, lockServer)).response.status).toBe(401);
    const fifth = await login('accueil', 'wrong 5', lockServer);
    expect(fifth.response.status).toBe(429);
    expect(fifth.html).toMatch(/Trop d&#39;essais. Réessayez dans 15 min/);
    const right = await login('accueil', PASSWORD, lockServer);
    expect(right.response.status).toBe(429);
    expect(right.cookies.aig_staff).toBeUndefined();
    // The address is locked too: spraying other names from it does not help.
    expect((await login('coord', PASSWORD, lockServer)).response.status).toBe(429);
  });

  it('logs out: the old cookie no longer works', async () => {
    const session = await signIn();
    expect((await api(session, '/staff/api/session')).status).toBe(200);
    const out = await fetch(`${base(server)}/staff/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: session.csrf }).toString(),
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/staff/login?reason=out');
    expect((await api(session, '/staff/api/session')).status).toBe(401);
  });

  it('refuses logout without the CSRF token (a cross-site form cannot sign staff out)', async () => {
    const session = await signIn();
    const out = await fetch(`${base(server)}/staff/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(out.status).toBe(403);
    expect((await api(session, '/staff/api/session')).status).toBe(200);
  });
});

describe('staff page scripts', () => {
  it('serves the built modules behind the session, and 404 for a name that is not one', async () => {
    const session = await signIn();
    const script = await api(session, '/staff/staff.js');
    expect(script.status).toBe(200);
    expect(script.response.headers.get('content-type')).toMatch(/javascript/);
    const missing = await api(session, '/staff/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.response.headers.get('content-type')).toMatch(/json/);
    expect((await api(session, '/staff/..%2fstart-server.js')).status).toBe(404);
  });
});

describe('staff API: CSRF', () => {
  it('refuses a POST without the token, with a wrong token, or from another site', async () => {
    const session = await signIn();
    const body = { situation: CARE_NO_RIGHTS };
    const missing = await api({ cookie: session.cookie, csrf: '' }, '/staff/api/triage', body);
    expect(missing.status).toBe(403);
    expect(missing.json.error?.code).toBe('csrf');
    expect((await api({ ...session, csrf: 'wrong' }, '/staff/api/triage', body)).status).toBe(403);
    const crossSite = await api(session, '/staff/api/triage', body, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await api(session, '/staff/api/triage', body)).status).toBe(200);
    // Behind a TLS proxy the page's origin is https while the server sees http: same host, accepted.
    const proxied = await api(session, '/staff/api/triage', body, {
      origin: `https://127.0.0.1:${server.port}`,
    });
    expect(proxied.status).toBe(200);
  });
});

describe('staff API: triage', () => {
  let session: Session;
  beforeAll(async () => {
    session = await signIn();
  });

  it('gives the PASS with its rule, source, cost, appointment and what to bring', async () => {
    const { status, json } = await api(session, '/staff/api/triage', {
      situation: CARE_NO_RIGHTS,
      lang: 'fr',
    });
    expect(status).toBe(200);
    expect(json.place?.status).toBe('found');
    const pass = json.recommendations?.find((r) => r.type === 'pass');
    expect(pass).toBeDefined();
    expect(pass?.rule).toMatch(/\//);
    expect(pass?.sources.join(' ')).toMatch(/seeds\/|https:\/\//);
    expect(pass?.cost.length).toBeGreaterThan(3);
    expect(pass?.appointment.length).toBeGreaterThan(3);
    expect(Array.isArray(pass?.bring)).toBe(true);
    expect(pass?.record?.dateMaj).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(json.slip?.languages).toEqual(['fr']);
  });

  it('puts the emergency first for suicidal thoughts', async () => {
    const { json } = await api(session, '/staff/api/triage', {
      situation: { need: 'mental-health', emergency: true, place: '71100 Chalon-sur-Saône' },
    });
    expect(json.emergency).toBe(true);
    expect(json.recommendations?.[0]?.type).toBe('samu-15');
  });

  it('makes the slip in French and in Arabic, right to left', async () => {
    const { json } = await api(session, '/staff/api/triage', { situation: CARE_NO_RIGHTS, lang: 'ar' });
    expect(json.slip?.languages).toEqual(['fr', 'ar']);
    const [fr, ar] = json.slip?.columns ?? [];
    expect(fr?.dir).toBe('ltr');
    expect(ar?.dir).toBe('rtl');
    expect(ar?.items.length).toBe(fr?.items.length);
    expect(JSON.stringify(ar)).toMatch(/[\u0600-\u06FF]/);
  });

  it.each([
    ['an empty situation', {}],
    ['a place nobody knows', { need: 'dental', place: 'Zzyzx' }],
    ['wrong values', { need: 'flying', age: 'old', rights: 42 }],
    ['a very long place', { need: 'dental', place: 'x'.repeat(5000) }],
  ])('answers %s without failing', async (_case, situation) => {
    const { status, json } = await api(session, '/staff/api/triage', { situation });
    expect(status).toBe(200);
    expect(Array.isArray(json.recommendations)).toBe(true);
  });

  it('answers broken JSON with a clear 400', async () => {
    const response = await fetch(`${base(server)}/staff/api/triage`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
      body: '{"situation": ',
    });
    expect(response.status).toBe(400);
  });
});

const typed = new Set<string>();
describe('staff API: SMS, hand-off, counts', () => {
  let session: Session;
  beforeAll(async () => {
    session = await signIn();
  });

  it('sends the answer by SMS in the person language to a number used once', async () => {
    typed.add('612345678');
    const { status, json } = await api(session, '/staff/api/sms', {
      phone: '06 12 34 56 78',
      situation: CARE_NO_RIGHTS,
      lang: 'ar',
    });
    expect(status).toBe(202);
    expect(json).toMatchObject({ sent: true });
    const sent = outbox.entries();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]?.to).toBe('+33612345678');
    expect(sent.map((e) => e.body).join('\n')).toMatch(/[\u0600-\u06FF]/);
  });

  it.each([
    ['an invalid number', { phone: '12', situation: CARE_NO_RIGHTS }, 400, 'invalid-phone'],
    ['nothing to send', { phone: '0612345679', situation: {} }, 409, 'no-answer'],
  ])('refuses %s', async (_case, body, status, code) => {
    typed.add('612345679');
    const reply = await api(session, '/staff/api/sms', body);
    expect(reply.status).toBe(status);
    expect(reply.json.error?.code).toBe(code);
  });

  it('says so when the provider fails', async () => {
    failing = true;
    typed.add('612345670');
    const reply = await api(session, '/staff/api/sms', { phone: '0612345670', situation: CARE_NO_RIGHTS });
    expect(reply.status).toBe(502);
  });

  it('makes the hand-off fiche only with the person consent', async () => {
    const body = { situation: CARE_NO_RIGHTS, serviceIndex: 0, contact: 'phone', lang: 'ar' };
    const refused = await api(session, '/staff/api/handoff', body);
    expect(refused.status).toBe(400);
    expect(refused.json.error?.code).toBe('consent-required');
    const { status, json } = await api(session, '/staff/api/handoff', { ...body, consent: true });
    expect(status).toBe(200);
    expect(json.text).toMatch(/FICHE D'ORIENTATION/);
    expect(json.text).toMatch(/Consentement/);
    expect(json.text).toMatch(/arabe/);
    expect(json.text).toMatch(/Orientée par : accueil/);
  });

  it('counts a triage once, anonymously, for coordinators only', async () => {
    const triageId = randomUUID();
    for (let i = 0; i < 3; i += 1)
      expect((await api(session, '/staff/api/done', { triageId, situation: CARE_NO_RIGHTS })).status).toBe(
        204,
      );
    expect((await api(session, '/staff/api/counts')).status).toBe(403);
    const coordinator = await signIn('coord');
    const { json } = await api(coordinator, '/staff/api/counts');
    const total = json.rows?.find((r) => r.type === '*' && r.need === 'general-care');
    expect(total?.count).toBe(1);
    expect(json.rows?.some((r) => r.type === 'pass')).toBe(true);
    const csv = await api(coordinator, '/staff/api/counts.csv');
    expect(csv.response.headers.get('content-type')).toMatch(/text\/csv/);
    expect(String(csv.json)).toMatch(/^month,need,rights,departement,type,gap,count\r\n/);
  });

  it('leaves no phone number, password or free text in DATA_DIR or the logs', async () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(dataDir);
    const haystack = [...files.map((f) => readFileSync(f).toString('latin1')), logs.join('\n')].join('\n');
    for (const digits of typed) expect(haystack).not.toContain(digits);
    expect(haystack).not.toContain(PASSWORD);
    expect(haystack).not.toContain('Chalon-sur-Sa');
  });
});
