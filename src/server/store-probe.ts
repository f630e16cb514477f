/**
 * Whether the conversation store can write and read right now: a probe record written, read back and
 * erased, at most once every few seconds (load balancers and the Docker healthcheck ask often). A full disk
 * or an I/O error makes /healthz answer 503, so that people are sent to an instance that works.
 */
import type { StoredConversation } from '../dialogue/engine.js';
import type { SessionStore } from '../sessions/session-store.js';

export type StoreHealth = { ok: true } | { ok: false; part: string; reason: string };

const PROBE_ID = 'healthz-probe';
const PROBE: StoredConversation = {
  flow: 'healthz',
  version: 0,
  state: 'probe',
  context: {
    lang: null,
    situation: {},
    place: null,
    placeChoices: [],
    skipped: [],
    history: [],
    misses: 0,
    feedback: null,
    outbox: [],
  },
};

export function createStoreProbe(
  store: SessionStore,
  options: { cacheMs?: number; now?: () => number } = {},
): () => Promise<StoreHealth> {
  const cacheMs = options.cacheMs ?? 5_000;
  const now = options.now ?? Date.now;
  let last: { at: number; health: Promise<StoreHealth> } | null = null;
  const probe = async (): Promise<StoreHealth> => {
    try {
      const at = now();
      await store.put(PROBE_ID, PROBE, at, 60_000);
      const read = await store.get(PROBE_ID, at);
      await store.delete(PROBE_ID);
      return read ? { ok: true } : { ok: false, part: 'conversations', reason: 'written but not read back' };
    } catch (error) {
      return { ok: false, part: 'conversations', reason: (error as Error).message };
    }
  };
  return () => {
    if (!last || now() - last.at >= cacheMs) last = { at: now(), health: probe() };
    return last.health;
  };
}
