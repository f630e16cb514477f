/**
 * `/staff`: the reception staff's triage mode behind a login (docs/staff.md). Pages redirect to the login
 * form without a session; the API answers 401. Every POST needs the session's CSRF token and a same-site
 * Origin. Nothing about the person is stored: the phone number typed for an SMS is used for that send only.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { parseCookie, stringifySetCookie } from 'cookie';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countKeys, countsCsv } from '../channels/staff/anonymous-counts.js';
import { buildHandoff, CONTACT_PREFERENCES, type ContactPreference } from '../channels/staff/handoff.js';
import { sameToken, type StaffAuth } from '../channels/staff/staff-auth.js';
import {
  asLanguage,
  orientBoth,
  staffRecommendation,
  triage,
  type TriageDeps,
} from '../channels/staff/triage.js';
import { isFrenchMobile } from '../channels/sms/phone-number.js';
import { createSmsDelivery } from '../channels/sms/sms-delivery.js';
import type { SmsSender } from '../channels/sms/sms-sender.js';
import { promptsFor, recommendationMessage } from '../dialogue/render-outbox.js';
import type { Resources } from '../i18n/translator.js';
import { DANGERS, LANGUAGES, NEEDS, RIGHTS, SUBSTANCES, type Situation } from '../orientation/situation.js';
import type { RateStore } from '../sessions/rate-store.js';
import type { StaffSession, StaffStateStore } from '../sessions/staff-state-store.js';
import type { Logger } from './logger.js';
import type { Metrics, TurnOutcome } from './metrics.js';

export const SESSION_COOKIE = 'aig_staff';
export const LOGIN_CSRF_COOKIE = 'aig_login_csrf';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface StaffRoutesOptions {
  auth: StaffAuth;
  state: StaffStateStore;
  /** Everything `triage()` needs but today's date, which is read per request. */
  triageDeps: Omit<TriageDeps, 'today'>;
  resources: Resources;
  /** Where triage.html, counts.html, staff.css, login.html and login.css are. */
  assetsDir: string;
  /** Where the staff pages' built modules are (staff.js and the modules it imports). */
  scriptDir: string;
  smsSender: SmsSender | null;
  /** Whether a number (normalised) sent STOP to the SMS channel: the slip is not sent to it. */
  smsOptedOut?: (phone: string) => Promise<boolean>;
  /** `auto`: Secure cookies unless the request came to a loopback address. */
  cookieSecure: 'auto' | 'always' | 'never';
  sessionMs: number;
  /** SMS one account may send per hour (default 30). */
  smsPerHour?: number;
  /** Where the SMS sends and counted triages are remembered (shared by instances on Redis). */
  rates: RateStore;
  logger: Logger;
  /** Triage requests count as `staff` turns; an orientation is counted once per person ("next person"). */
  metrics?: Metrics;
  now?: () => number;
}

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return null;
  }
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

interface Locals {
  session: StaffSession;
  token: string;
}

function localsOf(res: Response): Locals {
  return res.locals as Locals;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function createStaffRoutes(options: StaffRoutesOptions): Router {
  const router = express.Router();
  const now = options.now ?? Date.now;
  const today = () => new Date(now()).toISOString().slice(0, 10);
  const deps = (): TriageDeps => ({ ...options.triageDeps, today: today() });
  const texts = (options.resources.fr?.['staff-auth'] ?? {}) as Record<string, unknown>;
  const text = (key: string, vars: Record<string, string | number> = {}): string => {
    const value = key
      .split('.')
      .reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), texts);
    return String(value ?? key).replace(/{{\s*(\w+)\s*}}/g, (whole, name: string) =>
      name in vars ? String(vars[name]) : whole,
    );
  };
  const loginTemplate = readFileSync(join(options.assetsDir, 'login.html'), 'utf8');
  const smsPerHour = options.smsPerHour ?? 30;
  const delivery = options.smsSender
    ? createSmsDelivery({
        sender: options.smsSender,
        rates: options.rates,
        now,
        ...(options.smsOptedOut ? { optedOut: options.smsOptedOut } : {}),
      })
    : null;

  const secure = (req: Request): boolean =>
    options.cookieSecure === 'always' || (options.cookieSecure === 'auto' && !LOOPBACK.test(req.hostname));
  const cookie = (req: Request, name: string, value: string, maxAgeS: number): string =>
    stringifySetCookie({
      name,
      value,
      httpOnly: true,
      sameSite: 'strict',
      path: '/staff',
      secure: secure(req),
      maxAge: maxAgeS,
    });
  const cookiesOf = (req: Request): Record<string, string | undefined> =>
    parseCookie(req.headers.cookie ?? '');

  router.use('/staff', (_req, res, next) => {
    res.set('Content-Security-Policy', CSP);
    res.set('Cache-Control', 'no-store');
    res.set('X-Frame-Options', 'DENY');
    res.set('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  });

  // ── Login ────────────────────────────────────────────────────────────────────────────────────────

  function loginPage(req: Request, res: Response, status: number, message: string | null): void {
    const csrf = randomBytes(24).toString('base64url');
    res.setHeader('Set-Cookie', cookie(req, LOGIN_CSRF_COOKIE, csrf, 3600));
    const values: Record<string, string> = {
      title: text('login.title'),
      heading: text('login.heading'),
      intro: text('login.intro'),
      nameLabel: text('login.name'),
      passwordLabel: text('login.password'),
      submit: text('login.submit'),
      privacy: text('login.privacy'),
      csrf,
      message: message ?? '',
      messageHidden: message ? '' : 'hidden',
      setup: options.auth.hasAccounts ? '' : text('login.noAccounts'),
      setupHidden: options.auth.hasAccounts ? 'hidden' : '',
    };
    const html = loginTemplate.replace(/{{(\w+)}}/g, (whole, name: string) =>
      name in values ? escapeHtml(values[name] ?? '') : whole,
    );
    res.status(status).type('html').send(html);
  }

  router.get('/staff/login', (req, res) => {
    const reason = String(req.query.reason ?? '');
    const message =
      reason === 'expired' ? text('login.expired') : reason === 'out' ? text('login.loggedOut') : null;
    loginPage(req, res, 200, message);
  });

  router.get('/staff/login.css', (_req, res) => {
    res.type('text/css').sendFile(join(options.assetsDir, 'login.css'));
  });

  router.post('/staff/login', express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const body = (isObject(req.body) ? req.body : {}) as Record<string, unknown>;
    const name = typeof body.name === 'string' ? body.name.slice(0, 100) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1024) : '';
    const formCsrf = typeof body.csrf === 'string' ? body.csrf : '';
    const cookieCsrf = cookiesOf(req)[LOGIN_CSRF_COOKIE] ?? '';
    if (!formCsrf || !cookieCsrf || !sameToken(formCsrf, cookieCsrf))
      return loginPage(req, res, 403, text('login.csrf'));
    if (!name || !password) return loginPage(req, res, 400, text('login.missing'));
    const result = await options.auth.login(name, password, req.ip ?? 'unknown');
    if (result.status === 'locked') {
      options.logger.warn('staff login refused: too many failures');
      return loginPage(req, res, 429, text('login.locked', { minutes: Math.ceil(result.waitMs / 60_000) }));
    }
    if (result.status === 'wrong') return loginPage(req, res, 401, text('login.wrong'));
    res.setHeader('Set-Cookie', [
      cookie(req, SESSION_COOKIE, result.token, Math.floor(options.sessionMs / 1000)),
      cookie(req, LOGIN_CSRF_COOKIE, '', 0),
    ]);
    res.redirect(303, '/staff');
  });

  // ── Everything else needs a session ──────────────────────────────────────────────────────────────

  const requireSession = async (req: Request, res: Response, next: NextFunction) => {
    const token = cookiesOf(req)[SESSION_COOKIE];
    const session = await options.auth.session(token);
    if (!session || !token) {
      if (req.originalUrl.startsWith('/staff/api/'))
        return fail(res, 401, 'not-signed-in', 'sign in at /staff/login first');
      return void res.redirect(303, token ? '/staff/login?reason=expired' : '/staff/login');
    }
    Object.assign(res.locals, { session, token } satisfies Locals);
    next();
  };
  router.use('/staff', (req, res, next) => {
    requireSession(req, res, next).catch(next);
  });

  // Cross-site requests never change anything: a same-site Origin (when the browser sends one) and the
  // session's CSRF token in a header a form cannot set.
  const requireCsrf = (req: Request, res: Response, next: NextFunction) => {
    // The host, not the scheme: behind a TLS proxy without TRUST_PROXY the server sees http.
    const origin = req.headers.origin;
    if (origin && hostOf(origin) !== (req.get('host') ?? '').toLowerCase())
      return fail(res, 403, 'csrf', 'cross-site requests are refused');
    const header = req.get('x-csrf-token') ?? '';
    const formToken = isObject(req.body) && typeof req.body.csrf === 'string' ? req.body.csrf : '';
    const given = header || formToken;
    if (!given || !sameToken(given, localsOf(res).session.csrf))
      return fail(res, 403, 'csrf', 'the CSRF token is missing or wrong: reload the page');
    next();
  };

  router.post(
    '/staff/logout',
    express.urlencoded({ extended: false, limit: '4kb' }),
    requireCsrf,
    async (req, res) => {
      await options.auth.logout(localsOf(res).token);
      res.setHeader('Set-Cookie', cookie(req, SESSION_COOKIE, '', 0));
      res.redirect(303, '/staff/login?reason=out');
    },
  );

  const page = (file: string) => (_req: Request, res: Response) => {
    res.type('html').sendFile(join(options.assetsDir, file));
  };
  router.get('/staff', page('triage.html'));
  router.get('/staff/counts', (req, res) => {
    if (localsOf(res).session.role !== 'coordinator')
      return void res.status(403).type('text/plain; charset=utf-8').send(text('counts.forbidden'));
    page('counts.html')(req, res);
  });
  router.get('/staff/staff.css', (_req, res) => {
    res.type('text/css').sendFile(join(options.assetsDir, 'staff.css'));
  });
  // The page's ES modules (staff.js imports the others). Express 5 paths have no inline regex: the name is
  // checked here, which also keeps any path out of sendFile.
  router.get('/staff/:file', (req, res, next) => {
    const file = req.params.file;
    if (!/^[a-z0-9-]+\.js$/.test(file)) return next();
    res.type('application/javascript').sendFile(file, { root: options.scriptDir }, (error) => {
      if (!error || res.headersSent) return;
      res.type('json');
      if (existsSync(join(options.scriptDir, 'staff.js'))) fail(res, 404, 'not-found', 'no such script');
      else fail(res, 503, 'not-built', 'run `npm run build` to build the staff page');
    });
  });

  // ── API ──────────────────────────────────────────────────────────────────────────────────────────

  const json = express.json({ limit: '16kb', strict: true });

  router.get('/staff/api/session', (_req, res) => {
    const { session } = localsOf(res);
    res.json({
      account: session.account,
      role: session.role,
      csrf: session.csrf,
      sendSms: Boolean(options.smsSender),
      languages: LANGUAGES,
      codes: {
        danger: DANGERS,
        need: NEEDS,
        rights: RIGHTS,
        substance: SUBSTANCES,
        contact: CONTACT_PREFERENCES,
      },
      texts: options.resources.fr?.staff ?? {},
    });
  });

  router.post('/staff/api/triage', json, requireCsrf, (req, res) => {
    const body: unknown = req.body;
    const done = options.metrics?.startTurn('staff');
    if (!isObject(body)) {
      done?.('invalid');
      return fail(res, 400, 'invalid-body', 'send { "situation": {…}, "lang": "fr" }');
    }
    const view = triage({ situation: body.situation ?? {}, lang: body.lang }, deps());
    const outcome: TurnOutcome =
      view.error?.code === 'invalid-situation'
        ? 'invalid'
        : view.emergency
          ? 'emergency'
          : view.recommendations.length > 0
            ? 'orientation'
            : 'question';
    done?.(outcome);
    res.json(view);
  });

  router.post('/staff/api/sms', json, requireCsrf, async (req, res) => {
    if (!delivery) return fail(res, 503, 'sms-unavailable', 'this installation cannot send SMS');
    const body: unknown = req.body;
    const phone = isObject(body) ? body.phone : undefined;
    if (!isObject(body) || typeof phone !== 'string' || phone.length > 40 || !isFrenchMobile(phone))
      return fail(
        res,
        400,
        'invalid-phone',
        'the number must be a mobile number in France (06, 07 or overseas)',
      );
    const { lang, theirs } = orientBoth({ situation: body.situation ?? {}, lang: body.lang }, deps());
    if (theirs.error?.code === 'invalid-situation' || theirs.recommendations.length === 0)
      return fail(res, 409, 'no-answer', 'there is no orientation to send yet');
    const t = options.triageDeps.knowledge.translator(lang);
    const account = localsOf(res).session.account;
    const result = await delivery.deliver(
      phone,
      [recommendationMessage(theirs, lang, promptsFor(t, 'sms'))],
      t,
      [{ key: `staff-sms:${account}`, max: smsPerHour, windowMs: HOUR_MS }],
    );
    if (result.status === 'too-many')
      return fail(res, 429, 'too-many', `at most ${smsPerHour} SMS per hour from one account`);
    if (result.status === 'opted-out')
      return fail(res, 409, 'opted-out', 'this number sent STOP: no SMS is sent to it until it sends START');
    if (result.status === 'failed') {
      options.logger.warn('staff SMS: the provider refused or failed');
      return fail(res, 502, 'sms-failed', 'the SMS could not be sent; please try again later');
    }
    res.status(202).json({ sent: true, sms: result.sms });
  });

  router.post('/staff/api/handoff', json, requireCsrf, (req, res) => {
    const body: unknown = req.body;
    if (!isObject(body)) return fail(res, 400, 'invalid-body', 'send { "situation", "serviceIndex", … }');
    if (body.consent !== true)
      return fail(res, 400, 'consent-required', "the person's consent is needed before a fiche is made");
    const contact = body.contact;
    if (!(CONTACT_PREFERENCES as readonly unknown[]).includes(contact))
      return fail(res, 400, 'invalid-contact', `contact must be one of ${CONTACT_PREFERENCES.join(', ')}`);
    // The fiche is French, for the receiving service: one orientation in French, no slip.
    const triageDeps = deps();
    const { situation, french } = orientBoth({ situation: body.situation ?? {} }, triageDeps);
    const index = typeof body.serviceIndex === 'number' ? body.serviceIndex : -1;
    const chosen = french.recommendations[index];
    if (french.error?.code === 'invalid-situation' || !chosen)
      return fail(res, 400, 'invalid-service', 'serviceIndex must point to one of the recommendations');
    const fiche = buildHandoff(options.triageDeps.knowledge.translator('fr'), {
      situation: situation as Situation,
      place: french.place,
      recommendation: staffRecommendation(chosen, triageDeps),
      contact: contact as ContactPreference,
      lang: asLanguage(body.lang),
      today: today(),
      account: localsOf(res).session.account,
    });
    res.json(fiche);
  });

  router.post('/staff/api/done', json, requireCsrf, async (req, res) => {
    const body: unknown = req.body;
    const triageId = isObject(body) ? body.triageId : undefined;
    if (!isObject(body) || typeof triageId !== 'string' || !/^[0-9a-f-]{36}$/.test(triageId))
      return fail(res, 400, 'invalid-body', 'send { "triageId": "<uuid>", "situation": {…} }');
    // Once per triage, however many times it was printed or sent. The ids are forgotten after a while.
    if (!(await options.rates.once(`triage:${triageId}`, DAY_MS, now()))) return void res.status(204).end();
    const { situation, french } = orientBoth({ situation: body.situation ?? {} }, deps());
    if (french.error?.code !== 'invalid-situation' && french.recommendations.length > 0) {
      options.metrics?.orientation(
        'staff',
        french.recommendations.map((r) => r.type),
      );
      await options.state.addCounts(countKeys(situation as Situation, french, today().slice(0, 7)));
    }
    res.status(204).end();
  });

  const coordinatorOnly = (_req: Request, res: Response, next: NextFunction) => {
    if (localsOf(res).session.role !== 'coordinator')
      return fail(res, 403, 'coordinators-only', 'the counts are for coordinator accounts');
    next();
  };
  router.get('/staff/api/counts', coordinatorOnly, async (_req, res) => {
    res.json({ rows: await options.state.counts() });
  });
  router.get('/staff/api/counts.csv', coordinatorOnly, async (_req, res) => {
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="aiguillage-counts-${today()}.csv"`)
      .send(countsCsv(await options.state.counts()));
  });

  router.use('/staff/api', (_req, res) => fail(res, 404, 'not-found', 'no such staff API route'));
  return router;
}
