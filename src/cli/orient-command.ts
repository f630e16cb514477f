/** `aiguillage orient`: one situation as an argument, or a batch on stdin (one JSON per line). */
import { parseArgs } from 'node:util';
import { orient, type OrientResult } from '../orientation/orient.js';
import { LANGUAGES, type Language } from '../orientation/situation.js';
import { boundedLines } from './bounded-lines.js';
import { contentPaths, loadOrReport } from './content-options.js';

/** A line longer than this is not a situation: refuse it before parsing. */
const MAX_LINE = 20_000;

function parseLanguage(value: string | undefined): Language | null {
  if (value === undefined) return 'fr';
  return (LANGUAGES as readonly string[]).includes(value) ? (value as Language) : null;
}

/** A line that is not a situation, answered like any invalid situation. */
function invalidLine(message: string): OrientResult {
  return {
    emergency: false,
    place: null,
    recommendations: [],
    missing: [],
    error: { code: 'invalid-situation', message },
  };
}

const tooLong = (length: number): OrientResult =>
  invalidLine(`line is ${length} characters long; a situation is a short JSON object`);

export function orientLine(line: string, run: (situation: unknown) => OrientResult): OrientResult {
  if (line.length > MAX_LINE) return tooLong(line.length);
  let situation: unknown;
  try {
    situation = JSON.parse(line);
  } catch (error) {
    return invalidLine(`not valid JSON: ${(error as Error).message}`);
  }
  return run(situation);
}

export async function orientCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { lang: { type: 'string' }, content: { type: 'string' }, locales: { type: 'string' } },
  });
  const lang = parseLanguage(values.lang);
  if (!lang) {
    process.stderr.write(`--lang must be one of ${LANGUAGES.join(', ')}\n`);
    return 2;
  }
  const loaded = await loadOrReport(contentPaths(values.content, values.locales));
  if (!loaded) return 2;
  const today = new Date().toISOString().slice(0, 10);
  const run = (situation: unknown) => orient(situation, loaded.knowledge, { lang, today });

  if (positionals.length > 0) {
    const result = orientLine(positionals.join(' '), run);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.error ? 1 : 0;
  }

  let failed = false;
  let buffer = '';
  for await (const line of boundedLines(process.stdin, MAX_LINE)) {
    if ('text' in line && line.text.trim() === '') continue;
    const result = 'text' in line ? orientLine(line.text, run) : tooLong(line.tooLong);
    if (result.error) failed = true;
    buffer += `${JSON.stringify(result)}\n`;
    // Write in chunks: one write per line costs more than orienting it.
    if (buffer.length > 64_000) {
      process.stdout.write(buffer);
      buffer = '';
    }
  }
  process.stdout.write(buffer);
  return failed ? 1 : 0;
}
