// A staff-login flood and the people who only want the widget: a real server process with a real account
// (scrypt at its production cost, N=2^17), 30 wrong logins sent at once (each from its own address, through
// TRUST_PROXY, so that the per-address lock does not stop them), and meanwhile GET /widget.js every 20 ms.
// Reported: the latency of those file requests (p50, p99, max) during the flood, and how the 30 logins
// ended (401 wrong, 429 locked). Goal (issue 15): p99 under 100 ms.
// Run after `npm run build`: node bench/login-flood.js [--record]
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { serve } from './serve.js';

const { hashPassword } = await import('../dist/channels/staff/password-hash.js');

const PORT = 3921;
const base = `http://127.0.0.1:${PORT}`;
const LOGINS = 30;
const hash = await hashPassword('un mot de passe du banc de mesure');
const server = await serve(PORT, { STAFF_ACCOUNTS: `bench:staff:${hash}`, WARM_UP: '0', TRUST_PROXY: '1' });

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

async function login(i) {
  const page = await fetch(`${base}/staff/login`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const response = await fetch(`${base}/staff/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie,
      'x-forwarded-for': `198.51.100.${i + 1}`,
    },
    body: new URLSearchParams({ name: `intrus${i}`, password: 'pas le bon', csrf }).toString(),
    redirect: 'manual',
  });
  await response.text();
  return response.status;
}

try {
  await fetch(`${base}/widget.js`).then((r) => r.text()); // warm
  const latencies = [];
  let flooding = true;
  const sampler = (async () => {
    while (flooding) {
      const t0 = performance.now();
      await fetch(`${base}/widget.js`).then((r) => r.arrayBuffer());
      latencies.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const t0 = performance.now();
  const statuses = await Promise.all(Array.from({ length: LOGINS }, (_, i) => login(i)));
  const floodMs = performance.now() - t0;
  flooding = false;
  await sampler;
  latencies.sort((a, b) => a - b);
  const result = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    logins: LOGINS,
    floodMs: Math.round(floodMs),
    statuses: Object.fromEntries(
      [...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length]),
    ),
    widgetJs: {
      requests: latencies.length,
      p50Ms: Math.round(quantile(latencies, 0.5)),
      p99Ms: Math.round(quantile(latencies, 0.99)),
      maxMs: Math.round(latencies.at(-1) ?? 0),
    },
  };
  console.log(JSON.stringify(result, null, 2));
  if (process.argv.includes('--record'))
    writeFileSync(
      new URL('./results/login-flood.json', import.meta.url),
      `${JSON.stringify(result, null, 2)}\n`,
    );
} finally {
  server.kill();
}
