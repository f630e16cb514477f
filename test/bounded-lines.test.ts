/** The CLI's line reader never holds more than its bound of one line (issue 15, point 10). */
import { describe, expect, it } from 'vitest';
import { boundedLines, type BoundedLine } from '../src/cli/bounded-lines.js';

async function read(chunks: (string | Buffer)[], max: number): Promise<BoundedLine[]> {
  const out: BoundedLine[] = [];
  for await (const line of boundedLines(chunks, max)) out.push(line);
  return out;
}

describe('boundedLines', () => {
  it.each<[string, (string | Buffer)[], BoundedLine[]]>([
    ['lines in one chunk', ['ab\ncd\n'], [{ text: 'ab' }, { text: 'cd' }]],
    ['a last line without newline', ['ab\ncd'], [{ text: 'ab' }, { text: 'cd' }]],
    ['a line split across chunks', ['a', 'b\nc', 'd'], [{ text: 'ab' }, { text: 'cd' }]],
    ['Windows line ends', ['ab\r\ncd\r\n'], [{ text: 'ab' }, { text: 'cd' }]],
    ['an empty line', ['a\n\nb'], [{ text: 'a' }, { text: '' }, { text: 'b' }]],
    [
      'a line longer than the bound, in pieces',
      ['ok\n12', '345', '678\nok'],
      [{ text: 'ok' }, { tooLong: 8 }, { text: 'ok' }],
    ],
    ['a line exactly at the bound', ['12345\n'], [{ text: '12345' }]],
    ['an over-long last line', ['ok\n1234567'], [{ text: 'ok' }, { tooLong: 7 }]],
    ['UTF-8 split inside a character', [Buffer.from([0xc3]), Buffer.from([0xa9, 0x0a])], [{ text: 'é' }]],
  ])('%s', async (_what, chunks, expected) => {
    expect(await read(chunks, 5)).toEqual(expected);
  });
});
