/**
 * The HTTP side: the conversation API, the widget's texts and script, the demo page, health. Bad requests
 * get a clear JSON error; a conversation is never changed by a request that failed validation.
 */
import type { AddressLimits, LimitedAction } from './address-limits.js';
import type { StoreHealth } from './store-probe.js';
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import { join } from 'node:path';
import type { ConversationService, Turn } from '../channels/conversation-service.js';
import type { AnswerSender } from '../channels/sms/send-answer.js';
import { toMessageJson } from '../channels/web/messages-json.js';
import type { Resources } from '../i18n/translator.js';
import { LANGUAGES, type Language } from '../orientation/situation.js';
import type { Translator } from '../orientation/translate.js';
import { StoreUnavailableError } from '../sessions/session-store.js';
import { errorFields, type Logger } from './logger.js';
import { bearerMatches, observeConversations, type Metrics } from './metrics.js';

export const MAX_TEXT_LENGTH = 2000;

/** What the HTTP API and the WebSocket answer while the shared store (Redis) is down. */
export const UNAVAILABLE = {
  code: 'unavailable',
  message:
    'the service is temporarily unavailable; try again in a few minutes. In an emergency, call 15 (or 112).',
} as const;

export interface AppOptions {
  conversations: ConversationService;
  translator: Translator;
  resources: Resources;
  publicDir: string;
  widgetFile: string;
  isReady: () => boolean;
  /** Sites allowed to embed the widget and call the API from the browser (CORS), besides this server. */
  allowedOrigins: readonly string[];
  /** Sends a conversation's answer by SMS ("send to my phone"); null when no SMS provider is configured. */
  answerSender?: AnswerSender | null;
  /** Other channels' routes (the SMS webhooks), mounted before the static files and the error handler. */
  routers?: readonly Router[];
  /** Express's "trust proxy", so the client's address is right behind a reverse proxy. */
  trustProxy?: boolean | number | string;
  /** Where requests and errors are logged (route patterns and statuses, never a path with an id). */
  logger?: Logger;
  /** Counts turns and requests, and serves them at /metrics when `metricsToken` is set. */
  metrics?: Metrics;
  /** The bearer token of `GET /metrics`; null or absent: /metrics answers 404. */
  metricsToken?: string | null;
  /** The server is stopping: /healthz answers 503 and responses close their connection. */
  isDraining?: () => boolean;
  /** Whether the shared store (Redis) answers. */
  isStoreUp?: () => boolean;
  /** Whether the local store (SQLite) can write and read now (a cached probe): 503 when it cannot. */
  checkStore?: () => Promise<StoreHealth>;
  /** Per-address limits on new conversations and messages; none when absent (tests of other things). */
  addressLimits?: AddressLimits;
}

function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

function unknownConversation(res: Response): void {
  fail(res, 404, 'unknown-conversation', 'this conversation does not exist or has expired: start a new one');
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The answer to a client past its limit: when to try again, and the emergency number meanwhile. */
export const TOO_MANY = {
  code: 'too-many-requests',
  message: (seconds: number) =>
    `too many requests from this address; try again in ${seconds} seconds. In an emergency, call 15 (or 112).`,
} as const;

/** The route pattern that answered (`/api/conversations/:id`), never the path as requested. */
function routeOf(req: Request, status: number): string {
  const route: unknown = (req as { route?: { path?: unknown } }).route?.path;
  if (typeof route === 'string') return `${req.baseUrl}${route}`;
  if (status === 404) return 'not-found';
  return req.method === 'GET' || req.method === 'HEAD' ? 'static' : 'other';
}

/** Routes whose every request would drown the log: at debug level. */
const QUIET_ROUTES = new Set(['static', '/healthz', '/metrics']);

export function createApp(options: AppOptions): express.Express {
  const app = express();
  const { logger, metrics } = options;
  const draining = options.isDraining ?? (() => false);
  // Turns over HTTP are counted as the `web` channel (the WebSocket counts its own as `ws`).
  const conversations = metrics
    ? observeConversations(options.conversations, 'web', metrics)
    : options.conversations;
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  app.use((req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
    if (draining()) res.set('Connection', 'close');
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeOf(req, res.statusCode);
      metrics?.httpRequest(req.method, route, res.statusCode, seconds);
      const fields = {
        method: req.method,
        route,
        status: res.statusCode,
        ms: Math.round(seconds * 1e4) / 10,
      };
      // Successful turns are counted by /metrics; a line each would cost more than the turn (LOG_LEVEL=debug
      // shows them). Refusals stay visible at info.
      if (QUIET_ROUTES.has(route) || res.statusCode < 400) logger?.debug(fields, 'request');
      else logger?.info(fields, 'request');
    });
    next();
  });
  // CORS: the widget runs on city and association sites. Texts are public; conversations only from the
  // allowed origins. Preflight requests get their answer here.
  app.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin && req.path.startsWith('/api/')) {
      const open = req.path.startsWith('/api/texts/') || req.path === '/api/features';
      if (open || options.allowedOrigins.includes(origin)) {
        res.set('Access-Control-Allow-Origin', open ? '*' : origin);
        res.set('Vary', 'Origin');
        res.set('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
        res.set('Access-Control-Allow-Headers', 'Content-Type');
        res.set('Access-Control-Max-Age', '600');
      }
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
    }
    next();
  });
  const parseJson = express.json({ limit: '16kb', strict: true });
  // Only JSON: a browser must then ask first (CORS preflight), so no other site's page can make its
  // visitors post here (a text/plain or form POST needs no preflight).
  const json: express.RequestHandler = (req, res, next) => {
    if (!req.is('application/json'))
      return fail(res, 415, 'json-required', 'send the body as JSON, with Content-Type: application/json');
    parseJson(req, res, next);
  };
  const limited =
    (action: LimitedAction): express.RequestHandler =>
    (req, res, next) => {
      const limits = options.addressLimits;
      if (!limits) return next();
      limits.take(action, req.ip ?? '').then((wait) => {
        if (wait === null) return next();
        res.set('Retry-After', String(wait));
        fail(res, 429, TOO_MANY.code, TOO_MANY.message(wait));
      }, next);
    };
  // The edge knows the date: old records are flagged against today.
  const today = () => new Date().toISOString().slice(0, 10);
  const render = (turn: Turn) => ({
    messages: turn.messages.map((m) => toMessageJson(m, options.translator, today())),
    ended: turn.ended,
  });

  app.get('/healthz', async (_req, res) => {
    if (draining()) return fail(res, 503, 'stopping', 'the service is stopping');
    if (!options.isReady()) return fail(res, 503, 'starting', 'the service is starting');
    // A local store that cannot write (disk full, I/O error) fails here only: another instance may work.
    const local = options.checkStore ? await options.checkStore() : { ok: true as const };
    if (!local.ok) return fail(res, 503, 'store-failing', `${local.part}: ${local.reason}`);
    // Still 200 while Redis is down: the instance itself is fine, it tells people to call 15 and
    // reconnects by itself; restarting it would not help (every instance shares it). `store` says which.
    res.json({ status: 'ok', store: options.isStoreUp?.() === false ? 'down' : 'up' });
  });

  // Prometheus metrics, for the operator's scraper only: off (404) unless METRICS_TOKEN is set.
  app.get('/metrics', async (req: Request, res: Response) => {
    const token = options.metricsToken;
    if (!metrics || !token) return fail(res, 404, 'not-found', 'metrics are off (METRICS_TOKEN is not set)');
    res.set('Cache-Control', 'no-store');
    if (!bearerMatches(req.get('authorization'), token)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"');
      return fail(res, 401, 'unauthorized', 'send Authorization: Bearer <METRICS_TOKEN>');
    }
    const { contentType, body } = await metrics.scrape();
    res.type(contentType).send(body);
  });

  app.post('/api/conversations', json, limited('conversations'), async (req: Request, res: Response) => {
    const body: unknown = req.body ?? {};
    const locale =
      typeof body === 'object' && body !== null ? (body as { locale?: unknown }).locale : undefined;
    if (locale !== undefined && !(LANGUAGES as readonly unknown[]).includes(locale)) {
      return fail(res, 400, 'invalid-locale', `locale must be one of ${LANGUAGES.join(', ')}`);
    }
    const started = await conversations.start('web', locale as Language | undefined);
    res.status(201).json({ id: started.id, ...render(started) });
  });

  // Resume after a reload: the current question again (the widget's HTTP fallback; the WebSocket has `resume`).
  app.get('/api/conversations/:id', limited('messages'), async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const turn = UUID.test(id) ? await conversations.resume(id, 'web') : null;
    if (!turn) return unknownConversation(res);
    res.json({ id, ...render(turn) });
  });

  app.post(
    '/api/conversations/:id/messages',
    json,
    limited('messages'),
    async (req: Request, res: Response) => {
      const id = String(req.params.id);
      const text: unknown = (req.body as { text?: unknown } | undefined)?.text;
      if (typeof text !== 'string')
        return fail(res, 400, 'missing-text', 'send { "text": "…" } with the message as a string');
      if (text.length > MAX_TEXT_LENGTH) {
        return fail(
          res,
          400,
          'text-too-long',
          `the message is ${text.length} characters long; the limit is ${MAX_TEXT_LENGTH}`,
        );
      }
      const turn = UUID.test(id) ? await conversations.message(id, 'web', text) : null;
      if (!turn) return unknownConversation(res);
      res.json(render(turn));
    },
  );

  // The person's right to erasure: the conversation is forgotten now (idempotent: gone already is fine).
  app.delete('/api/conversations/:id', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    if (!UUID.test(id)) return fail(res, 400, 'invalid-id', 'the id must be a conversation id (a UUID)');
    await conversations.forget(id);
    res.status(204).end();
  });

  // What this installation offers, so the widget shows only buttons that work.
  app.get('/api/features', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json({ sendSms: Boolean(options.answerSender) });
  });

  app.post('/api/conversations/:id/sms', json, async (req: Request, res: Response) => {
    const sender = options.answerSender;
    if (!sender) return fail(res, 503, 'sms-unavailable', 'this installation cannot send SMS');
    const id = String(req.params.id);
    const phone: unknown = (req.body as { phone?: unknown } | undefined)?.phone;
    if (typeof phone !== 'string' || phone.length > 40)
      return fail(res, 400, 'invalid-phone', 'send { "phone": "06 12 34 56 78" }');
    if (!UUID.test(id)) return unknownConversation(res);
    const result = await sender.send(id, phone);
    switch (result.status) {
      case 'sent':
        return void res.status(202).json({ sent: true, sms: result.sms });
      case 'invalid-phone':
        return fail(
          res,
          400,
          'invalid-phone',
          'the number must be a mobile number in France (06, 07 or overseas)',
        );
      case 'unknown-conversation':
        return unknownConversation(res);
      case 'no-answer-yet':
        return fail(res, 409, 'no-answer-yet', 'this conversation has not reached an answer yet');
      case 'too-many':
        return fail(res, 429, 'too-many', 'this answer was already sent several times; try again tomorrow');
      case 'opted-out':
        return fail(
          res,
          409,
          'opted-out',
          'this number sent STOP: no SMS is sent to it until it sends START',
        );
      case 'failed':
        return fail(res, 502, 'sms-failed', 'the SMS could not be sent; please try again later');
    }
  });

  app.get('/api/texts/:lang', (req, res) => {
    const lang = String(req.params.lang);
    const texts = options.resources[lang]?.widget;
    if (!(LANGUAGES as readonly string[]).includes(lang) || !texts)
      return fail(res, 404, 'unknown-language', `no texts for ${lang}`);
    res.set('Cache-Control', 'public, max-age=300').json(texts);
  });

  for (const router of options.routers ?? []) app.use(router);

  app.get('/widget.js', (_req, res) => {
    res
      .type('application/javascript')
      .set('Cache-Control', 'public, max-age=300')
      .sendFile(options.widgetFile, (error) => {
        if (error && !res.headersSent)
          fail(res, 503, 'widget-not-built', 'run `npm run build` to build the widget');
      });
  });
  app.use(express.static(options.publicDir, { index: 'index.html', maxAge: '5m' }));

  app.use('/api', (_req, res) => fail(res, 404, 'not-found', 'no such API route'));

  const onError: ErrorRequestHandler = (error: { type?: string; status?: number }, req, res, next) => {
    if (res.headersSent) {
      logger?.error(
        { ...errorFields(error), method: req.method, route: routeOf(req, 500) },
        'response failed',
      );
      return next(error);
    }
    if (error.type === 'entity.parse.failed')
      return fail(res, 400, 'invalid-json', 'the body is not valid JSON');
    if (error.type === 'entity.too.large')
      return fail(
        res,
        400,
        'text-too-long',
        'the request is too large; a message is at most 2,000 characters',
      );
    if (error.status && error.status < 500)
      return fail(res, error.status, 'bad-request', 'the request could not be read');
    // Redis down: say so plainly, with the emergency number; the store reconnects by itself.
    if (error instanceof StoreUnavailableError) {
      metrics?.error('store');
      res.set('Retry-After', '10');
      return fail(res, 503, UNAVAILABLE.code, UNAVAILABLE.message);
    }
    metrics?.error('http');
    logger?.error({ ...errorFields(error), method: req.method, route: routeOf(req, 500) }, 'request failed');
    fail(
      res,
      500,
      'internal',
      'something went wrong on our side; your conversation is kept, please try again',
    );
  };
  app.use(onError);
  return app;
}

export function publicPaths(root: string): { publicDir: string; widgetFile: string } {
  return { publicDir: join(root, 'public'), widgetFile: join(root, 'dist', 'public', 'widget.js') };
}
