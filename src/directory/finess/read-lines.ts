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
 * Windows-1252 in 0x80–0x9F (’ œ € … where ISO-8859-1 has control codes): files said to be Latin-1 are
 * usually written that way. Node 20's TextDecoder('windows-1252') decodes these bytes as ISO-8859-1, hence
 * this table.
 */
const CP1252: Readonly<Record<string, string>> = {
  '\x80': '€',
  '\x82': '‚',
  '\x83': 'ƒ',
  '\x84': '„',
  '\x85': '…',
  '\x86': '†',
  '\x87': '‡',
  '\x88': 'ˆ',
  '\x89': '‰',
  '\x8a': 'Š',
  '\x8b': '‹',
  '\x8c': 'Œ',
  '\x8e': 'Ž',
  '\x91': '‘',
  '\x92': '’',
  '\x93': '“',
  '\x94': '”',
  '\x95': '•',
  '\x96': '–',
  '\x97': '—',
  '\x98': '˜',
  '\x99': '™',
  '\x9a': 'š',
  '\x9b': '›',
  '\x9c': 'œ',
  '\x9e': 'ž',
  '\x9f': 'Ÿ',
};

/** Latin-1 bytes as text, with the Windows-1252 characters of 0x80–0x9F. One byte is one character. */
export function decodeLatin1(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  return /[\x80-\x9f]/.test(text) ? text.replace(/[\x80-\x9f]/g, (c) => CP1252[c] ?? c) : text;
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
