/**
 * Where imported directories live: `<DATA_DIR>/directory/<source>.json`, written by `aiguillage import finess`
 * and read by the server at start. The only I/O of imported directories.
 *
 * Example:
 * ```ts
 * writeImported('./data', directory); // ./data/directory/finess.json, atomically; { changed: false } if identical
 * readImported('./data');             // every imported directory, with the problems of unreadable ones
 * ```
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem } from '../content/problem.js';
import { DEFAULT_VERIFY_AFTER_MONTHS } from './freshness.js';
import { decodeImported, toServiceRecords, type ImportedDirectory } from './imported-directory.js';
import type { ServiceRecord } from './service-record.js';

export const IMPORTED_SUBDIR = 'directory';

export function importedPath(dataDir: string, source: string): string {
  return join(dataDir, IMPORTED_SUBDIR, `${source}.json`);
}

/** One row per line: the file stays readable with `grep` and `less`, and diffs line by line. */
export function serializeImported(directory: ImportedDirectory): string {
  const { rows, ...head } = directory;
  const header = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${header},\n  "rows": [\n${rows.map((row) => `    ${JSON.stringify(row)}`).join(',\n')}\n  ]\n}\n`;
}

/** Writes through a temporary file, so a server starting meanwhile reads the old file or the new, never half. */
export function writeImported(
  dataDir: string,
  directory: ImportedDirectory,
): { path: string; changed: boolean } {
  const path = importedPath(dataDir, directory.source);
  const text = serializeImported(directory);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return { path, changed: false };
  mkdirSync(join(dataDir, IMPORTED_SUBDIR), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
  return { path, changed: true };
}

export function readImportedFile(path: string): { directory: ImportedDirectory | null; problems: string[] } {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { directory: null, problems: [`cannot be read: ${(error as Error).message}`] };
  }
  return decodeImported(content);
}

/** Every `<DATA_DIR>/directory/*.json`; none when the folder does not exist (nothing imported yet). */
export function readImported(dataDir: string): { directories: ImportedDirectory[]; problems: Problem[] } {
  const folder = join(dataDir, IMPORTED_SUBDIR);
  let files: string[];
  try {
    files = readdirSync(folder)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return { directories: [], problems: [] };
  }
  const directories: ImportedDirectory[] = [];
  const problems: Problem[] = [];
  for (const name of files) {
    const file = join(folder, name);
    const { directory, problems: found } = readImportedFile(file);
    for (const message of found)
      problems.push({ file, message: `${message} (run aiguillage import again)`, severity: 'error' });
    if (directory) directories.push(directory);
  }
  return { directories, problems };
}

/**
 * `DIRECTORY_MAX_AGE_MONTHS`: records whose facts are older are flagged `toVerify` for staff. Throws with a
 * clear message on a bad value, as the server's other settings do.
 */
export function verifyAfterMonthsFrom(env: NodeJS.ProcessEnv): number {
  const raw = env.DIRECTORY_MAX_AGE_MONTHS;
  if (raw === undefined || raw === '') return DEFAULT_VERIFY_AFTER_MONTHS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1200)
    throw new Error(
      `DIRECTORY_MAX_AGE_MONTHS=${JSON.stringify(raw)} must be a whole number of months between 1 and 1200`,
    );
  return value;
}

export interface ImportedSummary {
  source: string;
  extractedOn: string;
  records: number;
}

/** The records of every imported directory in DATA_DIR, ready for `createDirectory`, with a summary. */
export function loadImportedRecords(dataDir: string): {
  records: ServiceRecord[];
  summary: ImportedSummary[];
  problems: Problem[];
} {
  const { directories, problems } = readImported(dataDir);
  return {
    records: directories.flatMap(toServiceRecords),
    summary: directories.map((d) => ({
      source: d.source,
      extractedOn: d.extractedOn,
      records: d.rows.length,
    })),
    problems,
  };
}
