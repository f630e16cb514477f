/**
 * The crisis answer on every channel: by SMS each text keeps its budget and every crisis number is said
 * whole; the web gets cards; the staff triage puts the danger's line first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderSms } from '../src/channels/sms/render-sms.js';
import { MAX_SEGMENTS, countSegments } from '../src/channels/sms/segments.js';
import { triage } from '../src/channels/staff/triage.js';
import { toMessageJson } from '../src/channels/web/messages-json.js';
import { loadKnowledge } from '../src/content/load-content.js';
import { loadDialogue } from '../src/content/load-dialogue.js';
import { loadPractical } from '../src/content/load-practical.js';
import { step, type DialogueDeps } from '../src/dialogue/engine.js';
import type { ChannelKind, Outbound } from '../src/dialogue/messages.js';
import type { Language } from '../src/orientation/situation.js';

let deps: DialogueDeps;
beforeAll(async () => {
  const { knowledge } = await loadKnowledge();
  deps = await loadDialogue(knowledge, { today: '2026-12-03' });
}, 60_000);

function firstMessage(text: string, lang: Language, channel: ChannelKind): Outbound[] {
  return step(null, { type: 'text', channel, text, lang }, deps).outbound;
}

/** Each danger in each language, and the numbers its answer must carry. */
const CASES: [Language, string, string[]][] = [
  ['fr', "j'ai envie de mourir", ['3114', '15']],
  ['fr', 'mon mari me frappe', ['17', '3919', '114']],
  ['fr', 'mon voisin frappe son enfant', ['119', '17']],
  ['fr', "j'ai avalé une boîte de médicaments", ['15']],
  ['en', 'my husband beats me', ['17', '3919', '114']],
  ['en', 'I want to kill myself', ['3114', '15']],
  ['ar', 'بغيت نموت', ['3114', '15']],
  ['ar', 'راجلي كيضربني', ['17', '3919', '114']],
  ['fr-x-falc', 'mari tape moi', ['17', '3919', '114']],
  ['fr-x-falc', 'moi mal coeur', ['15']],
];

describe('the crisis answer by SMS', () => {
  it.each(CASES)('%s « %s » → %j, each SMS within budget', (lang, text, numbers) => {
    const messages = firstMessage(text, lang, 'sms');
    const sms = renderSms(messages, deps.knowledge.translator(lang));
    for (const one of sms) expect(countSegments(one), one).toBeLessThanOrEqual(MAX_SEGMENTS);
    const all = sms.join('\n');
    for (const n of numbers) expect(all, `${n} in\n${all}`).toMatch(new RegExp(`(^|[^0-9])${n}([^0-9]|$)`));
  });
});

describe('the crisis answer on the web', () => {
  it.each(CASES)('%s « %s » → cards with %j', (lang, text, numbers) => {
    const messages = firstMessage(text, lang, 'web');
    const emergency = messages.find((m) => m.kind === 'emergency' && m.recommendations);
    expect(emergency, JSON.stringify(messages.map((m) => m.kind))).toBeDefined();
    const json = toMessageJson(emergency as Outbound, deps.knowledge.translator, '2026-12-03');
    const phones = (json.recommendations ?? []).map((card) => (card.phone ?? '').replace(/\s/g, ''));
    for (const n of numbers) expect(phones, `${n} in ${phones.join(', ')}`).toContain(n);
  });
});

describe('the staff triage', () => {
  const practical = () => {
    const table = loadPractical().table;
    if (!table) throw new Error('content/practical.yaml does not load');
    return table;
  };
  it.each([
    ['violence', 'police-17', ['ligne-ecoute']],
    ['child-danger', 'ligne-ecoute', ['police-17']],
    ['suicide', 'ligne-3114', ['samu-15']],
    ['stroke', 'samu-15', ['urgences']],
    ['unsure', 'samu-15', ['pass']],
  ])('a danger %s puts %s first', (danger, first, then) => {
    const view = triage(
      { situation: { danger: [danger], rights: 'none', need: 'general-care', place: '59000' } },
      { knowledge: deps.knowledge, practical: practical(), today: '2026-12-03' },
    );
    const types = view.recommendations.map((r) => r.type);
    expect(types[0], types.join(', ')).toBe(first);
    for (const type of then) expect(types).toContain(type);
    expect(view.recommendations[0]?.rule).toMatch(/^red-flags\//);
  });
});
