/**
 * `aiguillage directory stats [--data-dir <dir>] [--max-age-months <n>] [--json]`: what the directory holds
 * (content records and imported ones from DATA_DIR), per service type and per département, and how old each
 * source is, with the records older than the chosen age (the ones staff see flagged `toVerify`).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadKnowledge, loadPlaces, type Places } from '../content/load-content.js';
import { formatProblem } from '../content/problem.js';
import { directoryStats, type DirectoryStats } from '../directory/directory-stats.js';
import { DEFAULT_VERIFY_AFTER_MONTHS } from '../directory/freshness.js';
import { readConfig } from '../server/config.js';
import { contentPaths } from './content-options.js';

const USAGE =
  'Usage: aiguillage directory stats [--data-dir <dir>] [--max-age-months <n>] [--json] [--content <dir>]\n';

/** The département of a zone code: a commune, an EPCI (its first member's) or a département. */
function zoneDepartements(places: Places): (code: string) => string | null {
  const epciDepartement = new Map<string, string>();
  for (const epci of places.data.epci) {
    const first = epci.membres[0];
    const departement = first ? places.index.byInsee(first.code)?.departement.code : undefined;
    if (departement) epciDepartement.set(epci.code, departement);
  }
  return (code) => {
    if (/^\d{9}$/.test(code)) return epciDepartement.get(code) ?? null;
    if (code.length <= 3) return places.index.departement(code)?.code ?? null;
    return places.index.byInsee(code)?.departement.code ?? null;
  };
}

const pad = (text: string | number, width: number): string => String(text).padStart(width);

export function formatStats(stats: DirectoryStats, departementName: (code: string) => string): string {
  const imported = stats.sources.filter((s) => s.imported).reduce((sum, s) => sum + s.records, 0);
  const old = `older than ${stats.maxAgeMonths} months`;
  const lines = [
    `Directory on ${stats.today}: ${stats.total} records (${stats.total - imported} from the content, ${imported} imported)`,
    '',
    `${'source'.padEnd(28)} ${'records'.padStart(8)}  ${'as of'.padEnd(10)} ${'age'.padStart(10)}  ${'oldest'.padEnd(10)}  ${old}`,
  ];
  for (const source of stats.sources) {
    const name = `${source.source}${source.imported ? ' (imported)' : ''}`;
    const age = source.ageDays === null ? '?' : `${source.ageDays} days`;
    lines.push(
      `${name.padEnd(28)} ${pad(source.records, 8)}  ${source.asOf.padEnd(10)} ${pad(age, 10)}  ${source.oldest.padEnd(10)}  ${pad(source.olderThanMax, 6)}`,
    );
  }
  lines.push('', `${'type'.padEnd(28)} ${'records'.padStart(8)}  ${'inferred'.padStart(8)}  ${old}`);
  for (const type of stats.byType) {
    lines.push(
      `${type.type.padEnd(28)} ${pad(type.records, 8)}  ${pad(type.inferred || '', 8)}  ${pad(type.olderThanMax, 6)}`,
    );
  }
  lines.push('', `${'département'.padEnd(28)} ${'records'.padStart(8)}  per type`);
  for (const departement of stats.byDepartement) {
    const types = Object.entries(departement.byType)
      .map(([type, n]) => `${type} ${n}`)
      .join(', ');
    const name = `${departement.departement} ${departementName(departement.departement)}`.trim().slice(0, 28);
    lines.push(`${name.padEnd(28)} ${pad(departement.records, 8)}  ${types}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function directoryCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      'max-age-months': { type: 'string' },
      json: { type: 'boolean' },
      content: { type: 'string' },
      today: { type: 'string' },
    },
  });
  if (positionals[0] !== 'stats' || positionals.length > 1) {
    process.stderr.write(USAGE);
    return 2;
  }
  const maxAgeMonths =
    values['max-age-months'] === undefined ? DEFAULT_VERIFY_AFTER_MONTHS : Number(values['max-age-months']);
  if (!Number.isInteger(maxAgeMonths) || maxAgeMonths < 1) {
    process.stderr.write('--max-age-months must be a whole number of months, e.g. 36\n');
    return 2;
  }
  const today = values.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    process.stderr.write('--today must be a date: YYYY-MM-DD\n');
    return 2;
  }
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : readConfig(process.env).config.dataDir;
  const loaded = await loadKnowledge(contentPaths(values.content, undefined), { dataDir });
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  for (const problem of errors) process.stderr.write(`${formatProblem(problem)}\n`);

  const places = loadPlaces();
  const stats = directoryStats(loaded.knowledge.directory.services, loaded.imported, {
    today,
    maxAgeMonths,
    departementOfZone: zoneDepartements(places),
  });
  if (values.json) process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
  else process.stdout.write(formatStats(stats, (code) => places.index.departement(code)?.nom ?? ''));
  return errors.length > 0 ? 1 : 0;
}
