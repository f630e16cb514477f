/**
 * The server as the tests start it: a free port on loopback, a fresh DATA_DIR, no model warm-up, the
 * environment a test adds, and no log lines unless the test asks for them. A bad variable fails loudly.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig, type ServerConfig } from '../../src/server/config.js';
import { startServer, type RunningServer, type StartOptions } from '../../src/server/start-server.js';

export function testConfig(
  name: string,
  env: Record<string, string> = {},
): { config: ServerConfig; dataDir: string } {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), `aiguillage-${name}-`));
  const { config, errors } = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    WARM_UP: '0',
    ...env,
    DATA_DIR: dataDir,
  });
  if (errors.length > 0) throw new Error(`test configuration: ${errors.join('; ')}`);
  return { config, dataDir };
}

export interface TestServer {
  running: RunningServer;
  /** http://127.0.0.1:<port> */
  base: string;
  dataDir: string;
}

export async function startTestServer(
  name: string,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestServer> {
  const { config, dataDir } = testConfig(name, env);
  const running = await startServer(config, { log: () => undefined, ...options });
  return { running, base: `http://127.0.0.1:${running.port}`, dataDir };
}
