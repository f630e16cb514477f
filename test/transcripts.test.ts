/**
 * Conversations as data (test/transcripts/*.yaml): who says what, and what the bot must ask, say or
 * recommend. Each file is one conversation through the real engine, content and understanding.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { warmUpRecognizers } from '../src/dialogue/understand/index.js';
import { loadKnowledge } from '../src/content/load-content.js';
import { loadDialogue } from '../src/content/load-dialogue.js';
import { parseYaml } from '../src/content/read-yaml.js';
import { step, type DialogueDeps, type StoredConversation } from '../src/dialogue/engine.js';
import type { ChannelKind } from '../src/dialogue/messages.js';
import type { Language } from '../src/orientation/situation.js';

interface Expectations {
  /** The question asked at the end of the turn ("none" = no question). */
  asks?: string;
  /** Substrings the turn's text must contain (case-insensitive). */
  contains?: string[];
  /** Substrings it must not contain. */
  excludes?: string[];
  /** Substrings that must all appear, in this order ("3919" before "36 46"). */
  order?: string[];
  /** An emergency message was (or was not) sent. */
  emergency?: boolean;
  recommends?: { first?: string; includes?: string[]; excludes?: string[]; service?: string };
  /** The turn sent nothing at all (opted out). */
  silent?: boolean;
  ended?: boolean;
  lang?: Language;
  /** Fields the conversation knows after the turn. */
  knows?: Record<string, unknown>;
  place?: string | null;
}

interface Turn {
  start?: boolean;
  user?: string;
  timeout?: boolean;
  bot?: Expectations;
}

interface Transcript {
  name: string;
  channel?: ChannelKind;
  lang?: Language;
  turns: Turn[];
}

const dir = new URL('./transcripts/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

let deps: DialogueDeps;
beforeAll(async () => {
  const { knowledge } = await loadKnowledge();
  deps = await loadDialogue(knowledge, { today: '2026-11-22' });
  // The number models load here, once, not inside whichever conversation first needs them.
  warmUpRecognizers(['fr', 'en']);
}, 120_000);

function check(turn: Turn, index: number, result: ReturnType<typeof step>): void {
  const expected = turn.bot;
  if (!expected) return;
  const where = `turn ${index + 1} (${turn.user ?? (turn.start ? 'start' : 'timeout')})`;
  const text = result.outbound
    .map((m) => m.text)
    .join('\n')
    .toLowerCase();
  const questions = result.outbound.filter((m) => m.kind === 'question');
  if (expected.asks !== undefined) {
    expect(questions.at(-1)?.question ?? 'none', `${where}: asks\n${text}`).toBe(expected.asks);
  }
  for (const part of expected.contains ?? [])
    expect(text, `${where}: contains`).toContain(part.toLowerCase());
  for (const part of expected.excludes ?? [])
    expect(text, `${where}: excludes`).not.toContain(part.toLowerCase());
  if (expected.order) {
    const at = expected.order.map((part) => text.indexOf(part.toLowerCase()));
    expect(
      at.every((i, k) => i >= 0 && (k === 0 || i > (at[k - 1] ?? -1))),
      `${where}: order ${expected.order.join(' < ')}\n${text}`,
    ).toBe(true);
  }
  if (expected.emergency !== undefined) {
    expect(
      result.outbound.some((m) => m.kind === 'emergency'),
      `${where}: emergency\n${text}`,
    ).toBe(expected.emergency);
  }
  if (expected.recommends) {
    const recommendation = result.outbound.find((m) => m.recommendations);
    expect(recommendation, `${where}: a recommendation\n${text}`).toBeDefined();
    const types = recommendation?.recommendations?.map((r) => r.type) ?? [];
    if (expected.recommends.first)
      expect(types[0], `${where}: first of ${types.join(', ')}`).toBe(expected.recommends.first);
    for (const type of expected.recommends.includes ?? [])
      expect(types, `${where}: includes`).toContain(type);
    for (const type of expected.recommends.excludes ?? [])
      expect(types, `${where}: excludes`).not.toContain(type);
    if (expected.recommends.service) {
      expect(recommendation?.recommendations?.map((r) => r.service?.id)).toContain(
        expected.recommends.service,
      );
    }
  }
  if (expected.silent !== undefined)
    expect(result.outbound.length === 0, `${where}: silent`).toBe(expected.silent);
  if (expected.ended !== undefined) expect(result.ended, `${where}: ended`).toBe(expected.ended);
  if (expected.lang) expect(result.stored.context.lang, `${where}: lang`).toBe(expected.lang);
  if (expected.knows)
    expect(result.stored.context.situation, `${where}: knows`).toMatchObject(expected.knows);
  if (expected.place !== undefined)
    expect(result.stored.context.place, `${where}: place`).toBe(expected.place);
}

describe('transcripts', () => {
  it('has at least 60 conversations', () => {
    const count = files.reduce(
      (n, f) => n + (parseYaml(readFileSync(new URL(f, dir), 'utf8')) as Transcript[]).length,
      0,
    );
    expect(count).toBeGreaterThanOrEqual(60);
  });

  for (const file of files) {
    const transcripts = parseYaml(readFileSync(new URL(file, dir), 'utf8')) as Transcript[];
    describe(file, () => {
      it.each(transcripts.map((t) => [t.name, t] as const))('%s', (_name, transcript) => {
        const channel = transcript.channel ?? 'web';
        let stored: StoredConversation | null = null;
        transcript.turns.forEach((turn, index) => {
          const lang = transcript.lang && stored === null ? { lang: transcript.lang } : {};
          const inbound = turn.start
            ? { type: 'start' as const, channel, ...lang }
            : turn.timeout
              ? { type: 'timeout' as const, channel }
              : { type: 'text' as const, channel, text: turn.user ?? '', ...lang };
          const result = step(stored, inbound, deps);
          check(turn, index, result);
          expect(JSON.stringify(result.stored).length, 'stored conversation under 2 KB').toBeLessThan(2048);
          stored = result.stored;
        });
      });
    });
  }
});
