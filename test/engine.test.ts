/** The step function's contract: stored conversations, versions, bad input. Conversations are in transcripts. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../src/content/load-content.js';
import { loadDialogue } from '../src/content/load-dialogue.js';
import { step, type DialogueDeps, type StoredConversation } from '../src/dialogue/engine.js';

let deps: DialogueDeps;
beforeAll(async () => {
  const { knowledge } = await loadKnowledge();
  deps = await loadDialogue(knowledge, { today: '2026-11-22' });
}, 60_000);

const text = (value: string) => ({ type: 'text' as const, channel: 'web' as const, text: value });

function converse(lines: string[], stored: StoredConversation | null = null) {
  let current = stored ?? step(null, { type: 'start', channel: 'web', lang: 'fr' }, deps).stored;
  let last = step(current, text(lines[0] ?? ''), deps);
  for (const line of lines.slice(1)) {
    current = last.stored;
    last = step(current, text(line), deps);
  }
  return last;
}

describe('step()', () => {
  it('starts with the welcome and the first question, in the language given', () => {
    const { outbound, stored } = step(null, { type: 'start', channel: 'web', lang: 'en' }, deps);
    expect(outbound.map((m) => m.kind)).toEqual(['info', 'question']);
    expect(outbound[1]?.question).toBe('emergency');
    expect(stored.context.lang).toBe('en');
    expect(outbound[1]?.choices?.map((c) => c.id)).toEqual(['yes', 'no', 'dontKnow']);
  });

  it('asks the language first when nobody knows it yet', () => {
    const { outbound } = step(null, { type: 'start', channel: 'web' }, deps);
    expect(outbound.at(-1)?.question).toBe('language');
  });

  it('keeps the stored conversation small JSON with the flow version, and no free text', () => {
    const { stored } = converse(['non', "j'ai pas de sécu, je tousse, je suis à Dijon"]);
    const json = JSON.stringify(stored);
    expect(json.length).toBeLessThan(2048);
    expect(stored).toMatchObject({ flow: 'orientation', version: deps.flow.definition.version });
    expect(json).not.toContain('tousse');
    expect(json).not.toContain('Dijon');
    expect(stored.context.place).toBe('21231');
  });

  it('restarts politely when the stored conversation is from another flow version', () => {
    const { stored } = step(null, { type: 'start', channel: 'web', lang: 'fr' }, deps);
    const old = { ...stored, version: stored.version - 1 };
    const { outbound, stored: fresh } = step(old, text('non'), deps);
    expect(outbound[0]?.text).toContain('mis à jour');
    expect(fresh.version).toBe(deps.flow.definition.version);
    expect(fresh.context.lang).toBe('fr'); // the language is kept
  });

  it('restarts politely when the stored state no longer exists or the JSON is damaged', () => {
    const { stored } = step(null, { type: 'start', channel: 'web', lang: 'fr' }, deps);
    for (const broken of [
      { ...stored, state: 'askShoeSize' },
      { ...stored, context: null } as unknown as StoredConversation,
    ]) {
      const { outbound } = step(broken, text('bonjour'), deps);
      expect(outbound.length).toBeGreaterThan(0);
      expect(outbound.some((m) => m.kind === 'question')).toBe(true);
    }
  });

  it('answers an empty message clearly and asks the same question again', () => {
    const { stored } = step(null, { type: 'start', channel: 'web', lang: 'fr' }, deps);
    const { outbound, stored: after } = step(stored, text('   '), deps);
    expect(outbound[0]?.text).toContain("Je n'ai rien reçu");
    expect(outbound.at(-1)?.question).toBe('emergency');
    expect(after.state).toBe(stored.state);
  });

  it('reads at most 2,000 characters of a 10 kB message and keeps going', () => {
    const long = `non ${'a'.repeat(10_000)}`;
    const { outbound } = converse([long]);
    expect(outbound.at(-1)?.question).toBe('need');
  });

  it('says again the current question when a reloaded page opens the conversation', () => {
    const { stored } = converse(['non']);
    const { outbound } = step(stored, { type: 'start', channel: 'web' }, deps);
    expect(outbound.at(-1)?.question).toBe('need');
  });

  it('offers to resume or restart after a long silence', () => {
    const { stored } = converse(['non']);
    const paused = step(stored, { type: 'timeout', channel: 'sms' }, deps);
    expect(paused.outbound.at(-1)?.question).toBe('resume');
    const resumed = step(paused.stored, text('1'), deps);
    expect(resumed.outbound.at(-1)?.question).toBe('need');
  });

  it('starts a new conversation after the end', () => {
    const ended = converse(['non', 'vaccin', '1', '30', 'Dijon', '4']);
    expect(ended.ended).toBe(true);
    const again = step(ended.stored, text('bonjour'), deps);
    expect(again.outbound.some((m) => m.kind === 'question')).toBe(true);
  });
});
