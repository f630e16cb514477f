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

/** Batches of lines (one batch per chunk read), without their line ends. */
export async function* readLatin1Lines(path: string): AsyncGenerator<string[]> {
  let rest = '';
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    const lines = (rest + decodeLatin1(chunk as Buffer)).split('\n');
    rest = lines.pop() ?? '';
    if (lines.length > 0) yield lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  }
  if (rest !== '') yield [rest.endsWith('\r') ? rest.slice(0, -1) : rest];
}
