/**
 * `aiguillage chat [--lang fr] [--channel web|sms]`: talk to the bot in the terminal. With `--channel sms`,
 * each reply is shown exactly as the SMS would carry it, with its encoding and segment count.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { renderSms } from '../channels/sms/render-sms.js';
import { measure } from '../channels/sms/segments.js';
import { loadDialogue } from '../content/load-dialogue.js';
import { step, type StoredConversation } from '../dialogue/engine.js';
import type { ChannelKind, Outbound } from '../dialogue/messages.js';
import { LANGUAGES, type Language } from '../orientation/situation.js';
import { contentPaths, loadOrReport } from './content-options.js';

function showWeb(messages: Outbound[]): string {
  return messages
    .map((m) => {
      const choices = m.choices?.map((c, i) => `   ${i + 1}. ${c.label}`).join('\n');
      const mark = m.kind === 'emergency' ? '⚠ ' : '';
      return `${mark}${m.text}${choices ? `\n${choices}` : ''}`;
    })
    .join('\n\n');
}

function showSms(
  messages: Outbound[],
  lang: Language,
  translator: (lang: string) => (key: string, vars?: Record<string, string | number>) => string,
): string {
  return renderSms(messages, translator(lang))
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
  const channel: ChannelKind = values.channel === 'sms' ? 'sms' : 'web';
  const loaded = await loadOrReport(contentPaths(values.content, undefined));
  if (!loaded) return 2;
  const deps = await loadDialogue(loaded.knowledge, { today: new Date().toISOString().slice(0, 10) });
  const show = (messages: Outbound[], l: Language) =>
    channel === 'sms' ? showSms(messages, l, loaded.knowledge.translator) : showWeb(messages);

  let stored: StoredConversation | null = null;
  // By SMS the conversation starts with the person's message; on the web, with the bot's welcome.
  if (channel === 'web') {
    const first = step(stored, { type: 'start', channel, ...(lang ? { lang } : {}) }, deps);
    stored = first.stored;
    process.stdout.write(`${show(first.outbound, first.stored.context.lang ?? 'fr')}\n`);
  }
  const input = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
  input.prompt();
  for await (const line of input) {
    const turn = step(
      stored,
      { type: 'text', channel, text: line, ...(lang && !stored ? { lang } : {}) },
      deps,
    );
    stored = turn.stored;
    process.stdout.write(`${show(turn.outbound, turn.stored.context.lang ?? 'fr')}\n`);
    if (turn.ended && turn.stored.state !== 'optedOut') break;
    input.prompt();
  }
  input.close();
  return 0;
}
