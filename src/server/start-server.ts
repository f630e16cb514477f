/**
 * Starts aiguillage's server on its embedded defaults: bundled content, SQLite sessions in DATA_DIR, the
 * web API, the WebSocket and the widget. Returns a handle that stops it cleanly (tests, SIGTERM).
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createConversationService } from '../channels/conversation-service.js';
import { loadKnowledge, PROJECT_ROOT } from '../content/load-content.js';
import { loadDialogue } from '../content/load-dialogue.js';
import { formatProblem } from '../content/problem.js';
import { warmUpRecognizers } from '../dialogue/understand/index.js';
import { createSqliteStore } from '../sessions/sqlite-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import { createApp, publicPaths } from './app.js';
import type { ServerConfig } from './config.js';
import { attachWebSocket } from './websocket.js';

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export interface StartOptions {
  /** A store other than the SQLite file (tests). */
  store?: SessionStore;
  log?: (line: string) => void;
}

const PURGE_EVERY_MS = 60 * 60 * 1000;

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const loaded = await loadKnowledge();
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(`the content has errors:\n${errors.map(formatProblem).join('\n')}`);
  const deps = await loadDialogue(loaded.knowledge);
  if (config.warmUp) {
    const report = warmUpRecognizers(['fr', 'en']);
    log(`understanding models ready in ${Math.round(report.ms)} ms`);
  }
  const store = options.store ?? createSqliteStore(join(config.dataDir, 'sessions.sqlite'));
  const conversations = createConversationService({
    store,
    deps,
    ttlMs: config.sessionTtlMs,
  });

  let ready = false;
  const app = createApp({
    conversations,
    translator: loaded.knowledge.translator,
    resources: loaded.resources,
    ...publicPaths(PROJECT_ROOT),
    isReady: () => ready,
    allowedOrigins: config.allowedOrigins,
  });
  const server = createServer(app);
  const sockets = attachWebSocket({
    server,
    conversations,
    translator: loaded.knowledge.translator,
    allowedOrigins: config.allowedOrigins,
  });
  const purge = setInterval(() => {
    conversations.purgeExpired().then(
      (removed) => removed > 0 && log(`purged ${removed} idle conversation(s)`),
      () => undefined,
    );
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
  log(
    `aiguillage listening on http://localhost:${port} (sessions: ${options.store ? 'custom store' : join(config.dataDir, 'sessions.sqlite')})`,
  );

  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    close() {
      closing ??= (async () => {
        ready = false;
        clearInterval(purge);
        sockets.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await store.close();
      })();
      return closing;
    },
  };
}
