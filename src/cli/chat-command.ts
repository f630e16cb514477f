/**
 * `aiguillage chat [--lang fr] [--channel web|sms]`: talk to the bot in the terminal. With `--channel sms`,
 * each message goes through the real SMS channel (keywords, STOP list, rendering) as if texted from one
 * phone, and each reply is shown exactly as the SMS would carry it, with its encoding and segments.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createConversationService } from '../channels/conversation-service.js';
import { measure } from '../channels/sms/segments.js';
import { createSmsService } from '../channels/sms/sms-service.js';
import { loadDialogue } from '../content/load-dialogue.js';
import type { Outbound } from '../dialogue/messages.js';
import { LANGUAGES, type Language } from '../orientation/situation.js';
import { createMemoryStore } from '../sessions/memory-store.js';
import { createMemorySmsState } from '../sessions/sms-state-store.js';
import { contentPaths, loadOrReport } from './content-options.js';

function showWeb(messages: readonly Outbound[]): string {
  return messages
    .map((m) => {
      const choices = m.choices?.map((c, i) => `   ${i + 1}. ${c.label}`).join('\n');
      const mark = m.kind === 'emergency' ? '⚠ ' : '';
      return `${mark}${m.text}${choices ? `\n${choices}` : ''}`;
    })
    .join('\n\n');
}

function showSms(bodies: readonly string[]): string {
  if (bodies.length === 0) return '(no SMS sent)';
  return bodies
    .map((sms, i) => {
      const m = measure(sms);
      return `── SMS ${i + 1} (${m.encoding}, ${m.characters} characters, ${m.segments} segment${m.segments > 1 ? 's' : ''}) ──\n${sms}`;
    })
    .join('\n');
}

export async function chatCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { lang: { type: 'string' }, channel: { type: 'string' }, content: { type: 'string' } },
  });
  const lang = values.lang as Language | undefined;
  if (lang !== undefined && !(LANGUAGES as readonly string[]).includes(lang)) {
    process.stderr.write(`--lang must be one of ${LANGUAGES.join(', ')}\n`);
    return 2;
  }
  if (values.channel !== undefined && values.channel !== 'web' && values.channel !== 'sms') {
    process.stderr.write('--channel must be web or sms\n');
    return 2;
  }
  const loaded = await loadOrReport(contentPaths(values.content, undefined));
  if (!loaded) return 2;
  const deps = await loadDialogue(loaded.knowledge);
  const conversations = createConversationService({
    store: createMemoryStore(),
    deps,
    ttlMs: 24 * 3_600_000,
  });

  // One turn: the reply to show, and whether the conversation is over.
  let turn: (text: string) => Promise<{ shown: string; over: boolean }>;
  if (values.channel === 'sms') {
    // By SMS the conversation starts with the person's message; --lang does not apply (the text tells).
    const sms = createSmsService({
      conversations,
      state: createMemorySmsState(),
      translator: loaded.knowledge.translator,
      keyword: deps.understander.keyword,
      danger: (text) => deps.understander.understand(text, 'fr', { kind: 'free' }).danger.length > 0,
      hashSecret: 'terminal chat: nothing is kept',
    });
    let count = 0;
    turn = async (text) => {
      count += 1;
      const outcome = await sms.receive({
        provider: 'terminal',
        messageId: String(count),
        from: '+33600000000',
        text,
        mediaCount: 0,
      });
      return { shown: showSms(outcome.bodies), over: false };
    };
  } else {
    const started = await conversations.start('web', lang);
    process.stdout.write(`${showWeb(started.messages)}\n`);
    turn = async (text) => {
      const reply = await conversations.message(started.id, 'web', text);
      return { shown: showWeb(reply?.messages ?? []), over: !reply || (reply.ended && !reply.optedOut) };
    };
  }

  const input = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  input.prompt();
  for await (const line of input) {
    const { shown, over } = await turn(line);
    process.stdout.write(`${shown}\n`);
    if (over) break;
    input.prompt();
  }
  input.close();
  return 0;
}
