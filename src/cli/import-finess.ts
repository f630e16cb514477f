/**
 * `aiguillage import finess <file.csv> [--data-dir <dir>] [--mapping <file>]`: the national FINESS extraction
 * into `<DATA_DIR>/directory/finess.json`, where the server loads it at start. Streams the file, prints the
 * counts per category and every rejected line with its reason, and writes only when something changed.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPlaces } from '../content/load-content.js';
import { formatProblem, type Problem } from '../content/problem.js';
import { parseYaml } from '../content/read-yaml.js';
import { parseCategoryMapping } from '../directory/finess/finess-categories.js';
import {
  createFinessImport,
  NotFinessError,
  type FinessImportResult,
  type FinessReport,
} from '../directory/finess/finess-import.js';
import { readLatin1Lines } from '../directory/finess/read-lines.js';
import {
  toServiceRecord,
  type ImportedDirectory,
  type ImportedRow,
} from '../directory/imported-directory.js';
import { importedPath, readImportedFile, writeImported } from '../directory/imported-store.js';
import { compileServiceSchema, validateRecords } from '../directory/validate-records.js';
import { readConfig } from '../server/config.js';
import { contentPaths } from './content-options.js';

export const FINESS_USAGE =
  'Usage: aiguillage import finess <etalab-cs1100507-stock-….csv> [--data-dir <dir>] [--mapping <file>]\n';

interface Changes {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
}

/** What this import changes compared with the directory already in DATA_DIR. */
export function compareRows(before: readonly ImportedRow[], after: readonly ImportedRow[]): Changes {
  const previous = new Map(before.map((row) => [row[0], JSON.stringify(row)]));
  const changes: Changes = { added: 0, updated: 0, removed: 0, unchanged: 0 };
  for (const row of after) {
    const old = previous.get(row[0]);
    if (old === undefined) changes.added += 1;
    else if (old === JSON.stringify(row)) changes.unchanged += 1;
    else changes.updated += 1;
    previous.delete(row[0]);
  }
  changes.removed = previous.size;
  return changes;
}

/** Records validated per batch: the whole country at once would hold every record object at the same time. */
const VALIDATION_BATCH = 5_000;

/** Every record checked against the data·inclusion schema; a record that fails is left out with its reason. */
function validated(
  result: FinessImportResult,
  contentDir: string,
  places: ReturnType<typeof loadPlaces>,
): string[] {
  const schema = JSON.parse(
    readFileSync(join(contentDir, 'schemas', 'data-inclusion-service.json'), 'utf8'),
  ) as object;
  const validate = compileServiceSchema(schema);
  const { directory } = result;
  const epci = new Set(places.data.epci.map((e) => e.code));
  const departements = new Set(places.data.departements.map((d) => d.code));
  const check = {
    communeExists: (code: string) => places.index.byInsee(code) !== undefined,
    epciExists: (code: string) => epci.has(code),
    departementExists: (code: string) => departements.has(code),
  };
  const errors: Problem[] = [];
  for (let start = 0; start < directory.rows.length; start += VALIDATION_BATCH) {
    const batch = directory.rows.slice(start, start + VALIDATION_BATCH);
    const { problems } = validateRecords(
      batch.map((row) => ({ file: 'finess', record: toServiceRecord(row, directory) })),
      validate,
      check,
    );
    errors.push(...problems.filter((p) => p.severity === 'error'));
  }
  const failed = new Set(errors.map((p) => p.record));
  if (failed.size > 0) directory.rows = directory.rows.filter((row) => !failed.has(row[0]));
  return errors.map(formatProblem);
}

function describeTypes(types: FinessReport['categories'][number]['types'], inferred: boolean): string {
  const entries = Object.entries(types);
  if (entries.length === 0) return 'skipped: not in the mapping';
  return entries.map(([type, n]) => `${type}${inferred ? ' (inferred)' : ''} ${n}`).join(', ');
}

export function formatReport(
  report: FinessReport,
  directory: ImportedDirectory,
  inferredCodes: ReadonlySet<string>,
): string {
  const lines = [`FINESS extraction of ${report.extractedOn}: ${report.lines} lines read`, ''];
  lines.push(`${'category'.padEnd(70)} ${'lines'.padStart(7)}  imported as`);
  for (const category of report.categories) {
    const name = `${category.code} ${category.label}`.slice(0, 70).padEnd(70);
    lines.push(
      `${name} ${String(category.lines).padStart(7)}  ${describeTypes(category.types, inferredCodes.has(category.code))}`,
    );
  }
  lines.push(
    '',
    `${directory.rows.length} records, ${report.skipped} establishments skipped (category not in the mapping), ` +
      `${report.rejected.length} lines rejected, ${report.withoutCoordinates} records without coordinates, ` +
      `${report.phonesLeftOut} phone numbers left out (not a 10-digit French number)`,
  );
  return `${lines.join('\n')}\n`;
}

export async function importFinessCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, mapping: { type: 'string' }, content: { type: 'string' } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    process.stderr.write(FINESS_USAGE);
    return 2;
  }
  const paths = contentPaths(values.content, undefined);
  const dataDir = values['data-dir'] ? resolve(values['data-dir']) : readConfig(process.env).config.dataDir;
  const mappingPath = values.mapping
    ? resolve(values.mapping)
    : join(paths.contentDir, 'finess-categories.yaml');

  let mappingText: string;
  try {
    mappingText = readFileSync(mappingPath, 'utf8');
  } catch (error) {
    process.stderr.write(`${mappingPath}: cannot be read: ${(error as Error).message}\n`);
    return 2;
  }
  const { mapping, problems } = parseCategoryMapping(
    parseYaml(mappingText),
    relative(process.cwd(), mappingPath),
  );
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
    return 2;
  }

  const places = loadPlaces();
  const run = createFinessImport({ mapping, places: places.index });
  let result: FinessImportResult;
  try {
    let number = 0;
    for await (const batch of readLatin1Lines(file)) for (const line of batch) run.add(++number, line);
    result = run.finish();
  } catch (error) {
    // Not a FINESS file, or not a readable file: say so; anything else is a bug and is thrown.
    if (!(error instanceof NotFinessError) && (error as NodeJS.ErrnoException).code === undefined)
      throw error;
    process.stderr.write(`${file}: ${(error as Error).message}\n`);
    return 2;
  }

  for (const { line, reason } of result.report.rejected)
    process.stderr.write(`rejected: line ${line}: ${reason}\n`);
  for (const message of validated(result, paths.contentDir, places))
    process.stderr.write(`rejected: ${message}\n`);

  const target = importedPath(dataDir, result.directory.source);
  if (result.directory.rows.length === 0) {
    // An empty result is a wrong file or mapping, not an empty country: keep the directory the server has.
    process.stdout.write(formatReport(result.report, result.directory, new Set()));
    process.stderr.write(`no record to import: ${target} left as it was\n`);
    return 1;
  }
  const before = readImportedFile(target).directory?.rows ?? [];
  const changes = compareRows(before, result.directory.rows);
  const { changed } = writeImported(dataDir, result.directory);
  const inferred = new Set([...mapping.values()].filter((rule) => rule.inferred).map((rule) => rule.code));
  process.stdout.write(formatReport(result.report, result.directory, inferred));
  process.stdout.write(
    `${target}: ${changes.added} added, ${changes.updated} updated, ${changes.removed} removed, ` +
      `${changes.unchanged} unchanged${changed ? '' : ' (file not rewritten)'}\n`,
  );
  return 0;
}
