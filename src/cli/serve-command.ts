/**
 * `aiguillage serve` (what `npm start` runs): the server, configured from the environment, logging JSON
 * lines on stdout. SIGTERM or SIGINT stops it gracefully: no new connections, /healthz 503, the requests
 * in progress finish (up to SHUTDOWN_GRACE_MS), WebSockets close with 1001 so the widget reconnects to
 * another instance, the stores close, exit 0. A second signal exits at once.
 */
import { readConfig } from '../server/config.js';
import { createLogger, errorFields } from '../server/logger.js';
import { startServer } from '../server/start-server.js';

/** Exit codes after a second signal, as a shell reports a process killed by it. */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export async function serveCommand(): Promise<number> {
  const { config, errors } = readConfig(process.env);
  if (errors.length > 0) {
    for (const error of errors) process.stderr.write(`configuration: ${error}\n`);
    return 2;
  }
  // Logs go to stdout; a closed pipe (the parent went away) must not crash the server.
  process.stdout.on('error', () => undefined);
  const logger = createLogger({ level: config.logLevel });
  const server = await startServer(config, { logger }).catch((error: unknown) => {
    logger.fatal(errorFields(error), 'the server could not start');
    return null;
  });
  if (!server) return 1;
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: keyof typeof SIGNAL_EXIT) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: stopping now');
        process.exit(SIGNAL_EXIT[signal]);
      }
      stopping = true;
      logger.info(
        { signal, graceMs: config.shutdownGraceMs },
        'shutting down: finishing the requests in progress',
      );
      server.close().then(resolve, (error: unknown) => {
        logger.error(errorFields(error), 'shutdown failed');
        resolve();
      });
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
  // Whatever might still hold the event loop (a socket the grace period left half-closed) must not keep
  // an orchestrator waiting: the work is done.
  setTimeout(() => process.exit(0), 1000).unref();
  return 0;
}
