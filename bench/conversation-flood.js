// Conversation creation from one address (issue 15, point 9): a real server with its default limits (SQLite),
// and one client creating conversations as fast as it can for 10 s, as an abusive page or script would
// (before the limit: about 6,000 in 10 s). Reported: how many were created, how many refused (429), the
// first refusal, and whether a second address and the widget's script are still served meanwhile.
// Run after `npm run build`: node bench/conversation-flood.js [--record]
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { serve } from './serve.js';

const PORT = 3923;
const base = `http://127.0.0.1:${PORT}`;
const SECONDS = 10;
const CONCURRENCY = 8;
// The server's own defaults (DEFAULT_ADDRESS_LIMITS), not the load benches' open ones.
const server = await serve(PORT, {
  WARM_UP: '0',
  TRUST_PROXY: 'loopback',
  LIMIT_CONVERSATIONS: '',
  LIMIT_MESSAGES: '',
  LIMIT_WEBSOCKETS: '',
});

const create = (from) =>
  fetch(`${base}/api/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: '{}',
  }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });

try {
  const counts = { created: 0, refused: 0, other: 0 };
  let firstRefusal = null;
  const started = performance.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const status = await create('203.0.113.7');
        if (status === 201) counts.created++;
        else if (status === 429) {
          counts.refused++;
          firstRefusal ??= Math.round(performance.now() - started);
        } else counts.other++;
      }
    }),
  );
  const otherAddress = await create('203.0.113.8');
  const widget = await fetch(`${base}/widget.js`).then((r) => r.status);
  const result = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    seconds: SECONDS,
    concurrency: CONCURRENCY,
    ...counts,
    firstRefusalMs: firstRefusal,
    otherAddressStatus: otherAddress,
    widgetStatus: widget,
  };
  console.log(JSON.stringify(result, null, 2));
  if (process.argv.includes('--record'))
    writeFileSync(
      new URL('./results/conversation-flood.json', import.meta.url),
      `${JSON.stringify(result, null, 2)}\n`,
    );
} finally {
  server.kill();
}
