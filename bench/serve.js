// A real server process for the load benchmarks: `aiguillage serve` on a port, SQLite in a fresh temporary
// DATA_DIR, resolved once it listens.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../bin/aiguillage.js', import.meta.url));

export async function serve(port, env = {}) {
  const server = spawn(process.execPath, [cli, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'aiguillage-load-')),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) =>
    server.stdout.on('data', (chunk) => String(chunk).includes('listening') && resolve()),
  );
  return server;
}
