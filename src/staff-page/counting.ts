/**
 * The anonymous count (need × rights × département × recommended type, for the coordinator): each person's
 * triage is counted once, when something is given to them (printed, sent, handed off) or at "next person",
 * under a random triage id that the server uses to count it once.
 */
import { api } from './api.js';
import type { Shown, Situation } from './api-types.js';

export interface TriageCounter {
  /** Counts this triage once; `s` is the situation to count (by default, the one shown). */
  count(shown: Shown | null, s?: Situation): void;
  /** Next person: a new triage, not counted yet. */
  restart(): void;
}

function newTriageId(): string {
  const c = window.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const b = new Uint8Array(16);
  c.getRandomValues(b);
  b[6] = ((b[6] || 0) & 0x0f) | 0x40;
  b[8] = ((b[8] || 0) & 0x3f) | 0x80;
  const hex = Array.prototype.map.call(b, (x: number) => (x + 0x100).toString(16).slice(1)).join('');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

export function triageCounter(): TriageCounter {
  let triageId = newTriageId();
  let counted = false;
  return {
    count(shown, s) {
      if (counted || !shown || !(shown.answer.recommendations || []).length) return;
      counted = true;
      api('POST', 'done', { triageId, situation: s || shown.situation }).catch(() => undefined);
    },
    restart() {
      triageId = newTriageId();
      counted = false;
    },
  };
}
