/**
 * Reads `content/practical.yaml` (what a service costs, whether it needs an appointment, what to bring, per
 * service type) and checks it against the French texts in `locales/fr/practical.json`: every key an entry
 * uses must have a text. Problems name the file, the service type and the field.
 *
 * Example:
 * ```ts
 * const { table, problems } = loadPractical();
 * // problems: [{ file: 'content/practical.yaml', record: 'pass', field: 'bring/1',
 * //              message: 'bring.adress-proof has no text in locales/fr/practical.json', severity: 'error' }]
 * ```
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  checkPractical,
  practicalKeys,
  PRACTICAL_NAMESPACE,
  RECORD_KEYS,
  type PracticalTable,
} from '../orientation/practical.js';
import { SERVICE_TYPES } from '../orientation/situation.js';
import { PROJECT_ROOT } from './load-content.js';
import { flattenKeys } from './locale-keys.js';
import type { Problem } from './problem.js';
import { parseYaml } from './read-yaml.js';

export const PRACTICAL_FILE = join(PROJECT_ROOT, 'content', 'practical.yaml');

function display(path: string): string {
  return relative(PROJECT_ROOT, path) || path;
}

function read(path: string, parse: (text: string) => unknown, problems: Problem[]): unknown {
  try {
    return parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push({ file: display(path), message: `cannot be read: ${(error as Error).message}`, severity: 'error' });
    return undefined;
  }
}

/**
 * The practical table and its problems. `localesDir` holds `fr/practical.json`, the source texts the keys
 * must exist in (the other languages are held to French by the locale check of `validate`).
 */
export function loadPractical(
  file: string = PRACTICAL_FILE,
  localesDir: string = join(PROJECT_ROOT, 'locales'),
): { table: PracticalTable | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const where = display(file);
  const raw = read(file, parseYaml, problems);
  if (raw === undefined) return { table: null, problems };
  const { table, issues } = checkPractical(raw);
  for (const issue of issues) problems.push({ file: where, ...issue, severity: 'error' });

  const textsFile = join(localesDir, 'fr', `${PRACTICAL_NAMESPACE}.json`);
  const texts = read(textsFile, (text) => JSON.parse(text) as unknown, problems);
  if (texts === undefined) return { table: null, problems };
  const known = flattenKeys(texts);
  const textsWhere = display(textsFile);
  for (const key of RECORD_KEYS) {
    if (!known.has(key)) {
      problems.push({ file: textsWhere, record: key, message: 'is required (used for service records)', severity: 'error' });
    }
  }
  if (!table) return { table: null, problems };

  const used = new Set<string>(RECORD_KEYS);
  let missing = false;
  for (const type of SERVICE_TYPES) {
    for (const { field, key } of practicalKeys(table[type])) {
      used.add(key);
      if (!known.has(key)) {
        missing = true;
        problems.push({ file: where, record: type, field, message: `${key} has no text in ${textsWhere}`, severity: 'error' });
      }
    }
  }
  for (const key of known.keys()) {
    if (!used.has(key)) {
      problems.push({ file: textsWhere, record: key, message: `is not used by any type of ${where}`, severity: 'warning' });
    }
  }
  return { table: missing ? null : table, problems };
}
