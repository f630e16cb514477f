/** `aiguillage serve` (what `npm start` runs): the server, configured from the environment. */
import { readConfig } from '../server/config.js';
import { startServer } from '../server/start-server.js';

export async function serveCommand(): Promise<number> {
  const { config, errors } = readConfig(process.env);
  if (errors.length > 0) {
    for (const error of errors) process.stderr.write(`configuration: ${error}\n`);
    return 2;
  }
  // Logs go to stdout; a closed pipe (the parent went away) must not crash the server.
  process.stdout.on('error', () => undefined);
  const running = await startServer(config);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`${signal}: finishing the turns in progress, then stopping\n`);
      running.close().then(resolve, resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
