/**
 * The lines of a Latin-1 file, read in chunks: a national extraction is tens of megabytes and is never held
 * whole in memory. The only file reading of the FINESS import.
 *
 * Example:
 * ```ts
 * for await (const lines of readLatin1Lines('etalab-cs1100507-stock.csv')) for (const line of lines) …
 * ```
 */
import { createReadStream } from 'node:fs';

/**
 * Files said to be Latin-1 are usually Windows-1252: ’ œ € … in 0x80–0x9F, where ISO-8859-1 has control
 * codes. Node ≥ 22 decodes them (Node 20 read them as ISO-8859-1 and needed a table of its own).
 */
const WINDOWS_1252 = new TextDecoder('windows-1252');

/** Latin-1 (Windows-1252) bytes as text. One byte is one character. */
export function decodeLatin1(bytes: Buffer): string {
  return WINDOWS_1252.decode(bytes);
}

/**
 * Batches of lines (one batch per chunk read), without their line ends. Each line is decoded on its own
 * rather than cut from a decoded chunk: a field kept from a line (a name) would otherwise keep the whole
 * chunk's text alive, and memory would grow with the file instead of with the records kept.
 */
export async function* readLatin1Lines(path: string): AsyncGenerator<string[]> {
  let rest: Buffer | null = null;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const bytes: Buffer = rest ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    const lines: string[] = [];
    let start = 0;
    for (let end = bytes.indexOf(10, start); end !== -1; end = bytes.indexOf(10, start)) {
      lines.push(decodeLatin1(bytes.subarray(start, end > start && bytes[end - 1] === 13 ? end - 1 : end)));
      start = end + 1;
    }
    rest = start < bytes.length ? Buffer.from(bytes.subarray(start)) : null;
    if (lines.length > 0) yield lines;
  }
  if (rest) yield [decodeLatin1(rest[rest.length - 1] === 13 ? rest.subarray(0, -1) : rest)];
}
