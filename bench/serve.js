// A real server process for the load benchmarks: `aiguillage serve` on a port, SQLite in a fresh temporary
// DATA_DIR (or whatever `env` says), resolved once /healthz answers.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../bin/aiguillage.js', import.meta.url));

/** BENCH_SERVER_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (written when it stops). */
const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);

export async function serve(port, env = {}) {
  const server = spawn(process.execPath, [...flags, cli, 'serve'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'aiguillage-load-')),
      LOG_LEVEL: 'warn',
      // Every simulated client of a load run comes from 127.0.0.1: the per-address limits would stop them.
      LIMIT_CONVERSATIONS: '100000000/1m',
      LIMIT_MESSAGES: '100000000/1m',
      LIMIT_WEBSOCKETS: '100000000/1m',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 600; i += 1) {
    if (server.exitCode !== null) throw new Error(`the server on ${port} exited with ${server.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return server;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  server.kill();
  throw new Error(`the server on ${port} did not start`);
}
