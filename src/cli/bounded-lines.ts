/**
 * The lines of a stream, without ever holding more than `max` characters of one: an over-long line is
 * skipped as it is read (only its length is kept), so a 600 MB line neither exhausts memory nor loses the
 * lines before and after it. `readline` would buffer the whole line first.
 */
import { StringDecoder } from 'node:string_decoder';

export type BoundedLine = { text: string } | { tooLong: number };

export async function* boundedLines(
  input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  max: number,
): AsyncGenerator<BoundedLine> {
  const decoder = new StringDecoder('utf8');
  let current = '';
  let skipped = -1; // characters of an over-long line seen so far; -1 while the line is within bounds
  const end = (): BoundedLine => {
    const line: BoundedLine = skipped >= 0 ? { tooLong: skipped } : { text: current.replace(/\r$/, '') };
    current = '';
    skipped = -1;
    return line;
  };
  const take = function* (chunk: string): Generator<BoundedLine> {
    let from = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', from);
      const piece = chunk.slice(from, newline < 0 ? chunk.length : newline);
      if (skipped >= 0) skipped += piece.length;
      else if (current.length + piece.length > max) {
        skipped = current.length + piece.length;
        current = '';
      } else current += piece;
      if (newline < 0) return;
      yield end();
      from = newline + 1;
    }
  };
  for await (const chunk of input) yield* take(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  yield* take(decoder.end());
  if (current !== '' || skipped >= 0) yield end();
}
