/**
 * Starts aiguillage's server on its embedded defaults: bundled content, SQLite sessions in DATA_DIR, the
 * web API, the WebSocket and the widget. Returns a handle that stops it cleanly (tests, SIGTERM).
 */
import { createStoreProbe } from './store-probe.js';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { createConversationService } from '../channels/conversation-service.js';
import { loadKnowledge, PROJECT_ROOT } from '../content/load-content.js';
import { verifyAfterMonthsFrom } from '../directory/imported-store.js';
import { loadDialogue } from '../content/load-dialogue.js';
import { formatProblem } from '../content/problem.js';
import { warmUpRecognizers } from '../dialogue/understand/index.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { SmsStateStore } from '../sessions/sms-state-store.js';
import type { SmsSender } from '../channels/sms/sms-sender.js';
import { createAnswerSender } from '../channels/sms/send-answer.js';
import { smsSenderFrom } from './sms-provider.js';
import { toSmsText } from '../channels/sms/gsm7.js';
import { createSmsService } from '../channels/sms/sms-service.js';
import { addressOf, createAddressLimits } from './address-limits.js';
import { phoneHashSecret } from './phone-hash-secret.js';
import { createSmsRoutes } from './sms-routes.js';
import { hashPhone } from '../channels/sms/phone-number.js';
import { createApp, publicPaths } from './app.js';
import type { ServerConfig } from './config.js';
import { attachWebSocket } from './websocket.js';
import { createStaffAuth } from '../channels/staff/staff-auth.js';
import { loadPractical } from '../content/load-practical.js';
import type { StaffStateStore } from '../sessions/staff-state-store.js';
import { loadStaffAccounts } from './staff-accounts-file.js';
import { createStaffRoutes } from './staff-routes.js';
import { openStores } from './stores.js';
import { createLogger, errorFields, type Logger } from './logger.js';
import { countingSender, createMetrics, observeConversations } from './metrics.js';

export interface RunningServer {
  server: Server;
  port: number;
  /**
   * Stops cleanly: refuses new connections, answers /healthz 503, lets requests and WebSocket turns in
   * progress finish (up to `graceMs`, default SHUTDOWN_GRACE_MS), closes WebSockets with 1001, then the stores.
   */
  close(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** A store other than the SQLite file (tests). */
  store?: SessionStore;
  smsState?: SmsStateStore;
  /** Where SMS that are not a webhook's direct reply go (default: from the configuration, see sms-provider.ts). */
  smsSender?: SmsSender;
  /** The staff mode's sessions and anonymous counts (default: DATA_DIR/staff.sqlite). */
  staffState?: StaffStateStore;
  /** Counts each round trip to Redis (benchmarks). */
  onStoreRoundTrip?: () => void;
  /** Where the JSON log lines go, one string per line (tests); default: stdout. Ignored when `logger` is given. */
  log?: (line: string) => void;
  logger?: Logger;
}

const PURGE_EVERY_MS = 60 * 60 * 1000;

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger =
    options.logger ??
    createLogger({ level: config.logLevel, ...(options.log ? { destination: options.log } : {}) });
  const log = (line: string) => logger.info(line);
  // One registry per server: several servers in one process (tests) keep their own counts.
  const metrics = createMetrics();
  // The imported national directory (FINESS) lives in DATA_DIR, beside the sessions.
  const loaded = await loadKnowledge(undefined, {
    dataDir: config.dataDir,
    verifyAfterMonths: verifyAfterMonthsFrom(process.env),
  });
  for (const source of loaded.imported)
    log(`directory: ${source.records} ${source.source} records (extracted ${source.extractedOn})`);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`the content has errors:\n${errors.map(formatProblem).join('\n')}`);
  const deps = await loadDialogue(loaded.knowledge);
  if (config.warmUp) {
    const report = warmUpRecognizers(['fr', 'en']);
    log(`understanding models ready in ${Math.round(report.ms)} ms`);
  }
  const stores = openStores({
    dataDir: config.dataDir,
    redisUrl: config.redisUrl,
    given: {
      ...(options.store ? { store: options.store } : {}),
      ...(options.smsState ? { smsState: options.smsState } : {}),
      ...(options.staffState ? { staffState: options.staffState } : {}),
    },
    log,
    ...(options.onStoreRoundTrip ? { onRoundTrip: options.onStoreRoundTrip } : {}),
  });
  const { store, smsState, staffState } = stores;
  const conversations = createConversationService({
    store,
    deps,
    ttlMs: config.sessionTtlMs,
    channelTtlMs: { sms: config.sms.sessionTtlMs },
    idleMs: { sms: config.sms.idleMs },
  });
  const secret = phoneHashSecret(config.sms.phoneHashSecret, config.dataDir);
  if (secret.made) log(`made a new secret for phone number hashes in ${config.dataDir}`);
  const sms = createSmsService({
    conversations: observeConversations(conversations, 'sms', metrics),
    state: smsState,
    translator: loaded.knowledge.translator,
    keyword: deps.understander.keyword,
    danger: (text) => deps.understander.understand(text, 'fr', { kind: 'free' }).danger.length > 0,
    hashSecret: secret.secret,
  });
  if (config.sms.allowUnsigned) {
    for (const [provider, key] of [
      ['Twilio', config.sms.twilioAuthToken],
      ['Android gateway', config.sms.androidGatewaySigningKey],
    ] as const) {
      if (!key)
        logger.warn(
          { provider },
          `sms: ${provider} webhook accepts UNSIGNED requests (SMS_ALLOW_UNSIGNED=1): for local tries only`,
        );
    }
  }
  const smsSender = options.smsSender
    ? countingSender(options.smsSender, 'custom', metrics)
    : smsSenderFrom(config.sms, logger, metrics);
  const answerSender = smsSender
    ? createAnswerSender({
        conversations,
        sender: smsSender,
        translator: loaded.knowledge.translator,
        hashSecret: secret.secret,
        isOptedOut: (hash) => smsState.isOptedOut(hash),
        rates: stores.rates,
      })
    : null;

  const practical = loadPractical();
  if (!practical.table)
    throw new Error(
      `the practical information has errors:\n${practical.problems.map(formatProblem).join('\n')}`,
    );
  const staffAccounts = loadStaffAccounts(config.staff);
  if (staffAccounts.problems.length > 0)
    throw new Error(`the staff accounts have errors:\n${staffAccounts.problems.join('\n')}`);
  log(
    staffAccounts.accounts.length > 0
      ? `staff mode: ${staffAccounts.accounts.length} account(s)`
      : 'staff mode: no account yet (npx aiguillage staff add <name>)',
  );
  const staffRoutes = createStaffRoutes({
    auth: createStaffAuth({
      accounts: staffAccounts.accounts,
      state: staffState,
      limiter: stores.loginLimiter,
      sessionMs: config.staff.sessionMs,
    }),
    state: staffState,
    triageDeps: { knowledge: loaded.knowledge, practical: practical.table },
    resources: loaded.resources,
    assetsDir: join(PROJECT_ROOT, 'assets', 'staff'),
    scriptDir: join(PROJECT_ROOT, 'dist', 'public', 'staff'),
    smsSender,
    smsOptedOut: (phone) => smsState.isOptedOut(hashPhone(secret.secret, phone)),
    rates: stores.rates,
    cookieSecure: config.staff.cookieSecure,
    sessionMs: config.staff.sessionMs,
    logger,
    metrics,
  });
  const smsRoutes = createSmsRoutes({
    sms,
    twilio: { authToken: config.sms.twilioAuthToken, publicUrl: config.sms.publicUrl },
    allowUnsigned: config.sms.allowUnsigned,
    androidGateway: { signingKey: config.sms.androidGatewaySigningKey, sender: smsSender },
    apology: toSmsText(loaded.knowledge.translator('fr')('sms:say.unavailable')),
    logger,
    metrics,
  });

  // The same secret keys the address hashes: instances sharing Redis count the same address together.
  const addressLimits = createAddressLimits(stores.rates, config.addressLimits, secret.secret);
  let ready = false;
  let draining = false;
  const app = createApp({
    conversations,
    translator: loaded.knowledge.translator,
    resources: loaded.resources,
    ...publicPaths(PROJECT_ROOT),
    isReady: () => ready,
    isStoreUp: () => stores.isUp(),
    // Redis is probed by its own client state (isStoreUp); a local store by writing and reading a record.
    ...(config.redisUrl ? {} : { checkStore: createStoreProbe(store) }),
    allowedOrigins: config.allowedOrigins,
    answerSender,
    trustProxy: config.trustProxy,
    routers: [staffRoutes, smsRoutes],
    logger,
    metrics,
    metricsToken: config.metricsToken,
    addressLimits,
    isDraining: () => draining,
  });
  const server = createServer(app);
  // While draining, a keep-alive connection whose last response just went is closed, not kept for later.
  server.on('request', (_req, res: ServerResponse) =>
    res.once('finish', () => draining && setImmediate(() => server.closeIdleConnections())),
  );
  const sockets = attachWebSocket({
    server,
    conversations,
    translator: loaded.knowledge.translator,
    allowedOrigins: config.allowedOrigins,
    logger,
    metrics,
    addressLimits,
    addressOf: (request) =>
      addressOf(request, app.get('trust proxy fn') as (a: string, hop: number) => boolean),
  });
  const purge = setInterval(() => {
    conversations.purgeExpired().then(
      (removed) => removed > 0 && log(`purged ${removed} idle conversation(s)`),
      () => undefined,
    );
    smsState.purge(Date.now()).catch(() => undefined);
    staffState.purge(Date.now()).catch(() => undefined);
  }, PURGE_EVERY_MS);
  purge.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  await conversations.purgeExpired();
  ready = true;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    {
      port,
      sessions: stores.kind,
      services: loaded.knowledge.directory.services.length,
      staffAccounts: staffAccounts.accounts.length,
      metrics: config.metricsToken ? 'on' : 'off',
    },
    `aiguillage listening on http://localhost:${port} (sessions: ${stores.kind})`,
  );

  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    close(graceMs = config.shutdownGraceMs) {
      closing ??= (async () => {
        ready = false;
        draining = true;
        clearInterval(purge);
        // No new connections; idle keep-alive ones go now, busy ones after their response (Connection: close).
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const graceOver = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), graceMs);
        });
        const drained = Promise.all([closed, sockets.close(), smsRoutes.drain()]).then(
          () => 'drained' as const,
        );
        const how = await Promise.race([drained, graceOver]);
        clearTimeout(timer);
        if (how === 'timeout') {
          logger.warn({ graceMs }, 'shutdown: grace period over, closing the connections still open');
          server.closeAllConnections();
          sockets.terminate();
          await closed;
        }
        await stores
          .close()
          .catch((error: unknown) => logger.error(errorFields(error), 'closing the stores failed'));
        logger.info('stopped');
      })();
      return closing;
    },
  };
}
