/**
 * `aiguillage import data-inclusion <file.json> --territory <name>`: validated, deduplicated import into the
 * content. `aiguillage import finess <file.csv>`: the national FINESS extraction into DATA_DIR (import-finess.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { loadKnowledge, loadPlaces, loadServiceFiles, PROJECT_ROOT } from '../content/load-content.js';
import { formatProblem, type Problem } from '../content/problem.js';
import { keyOf, mergeImported, servicesInExport, withType } from '../directory/import-data-inclusion.js';
import type { ServiceRecord } from '../directory/service-record.js';
import { compileServiceSchema, validateRecords } from '../directory/validate-records.js';
import { SERVICE_TYPES, type ServiceType } from '../orientation/situation.js';
import { contentPaths } from './content-options.js';
import { FINESS_USAGE, importFinessCommand } from './import-finess.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,60}$/;

export async function importCommand(args: string[]): Promise<number> {
  if (args[0] === 'finess') return importFinessCommand(args.slice(1));
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { territory: { type: 'string' }, type: { type: 'string' }, content: { type: 'string' } },
  });
  const [format, file] = positionals;
  if (format !== 'data-inclusion' || !file) {
    process.stderr.write(
      `Usage: aiguillage import data-inclusion <file.json> --territory <name> [--type <service type>]\n${FINESS_USAGE}`,
    );
    return 2;
  }
  if (!values.territory || !SLUG.test(values.territory)) {
    process.stderr.write('--territory is required: a short name in lower case, e.g. grand-chalon\n');
    return 2;
  }
  const type = values.type as ServiceType | undefined;
  if (type !== undefined && !(SERVICE_TYPES as readonly string[]).includes(type)) {
    process.stderr.write(`--type must be a service type code: ${SERVICE_TYPES.join(', ')}\n`);
    return 2;
  }

  let list: unknown[] | null;
  try {
    list = servicesInExport(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    process.stderr.write(`${file}: cannot be read as JSON: ${(error as Error).message}\n`);
    return 2;
  }
  if (!list) {
    process.stderr.write(`${file}: expected a list of data·inclusion services (or { "items": [...] })\n`);
    return 2;
  }

  const paths = contentPaths(values.content, undefined);
  const servicesDir = join(paths.contentDir, 'services');
  const targetPath = join(servicesDir, 'imported', `${values.territory}.json`);
  const target = relative(PROJECT_ROOT, targetPath);

  // Records of every other directory file, to deduplicate across the whole directory.
  const problems: Problem[] = [];
  const everything = loadServiceFiles(servicesDir, problems);
  const existing = everything
    .filter((entry) => entry.file === target)
    .map((entry) => entry.record as ServiceRecord);
  const otherKeys = new Set(
    everything.filter((entry) => entry.file !== target).map((entry) => keyOf(entry.record as ServiceRecord)),
  );

  const places = loadPlaces();
  const schema = JSON.parse(
    readFileSync(join(paths.contentDir, 'schemas', 'data-inclusion-service.json'), 'utf8'),
  ) as object;
  const epci = new Set(places.data.epci.map((e) => e.code));
  const departements = new Set(places.data.departements.map((d) => d.code));
  const { records, problems: rejected } = validateRecords(
    list.map((record) => ({ file, record: withType(record, type) })),
    compileServiceSchema(schema),
    {
      communeExists: (code) => places.index.byInsee(code) !== undefined,
      epciExists: (code) => epci.has(code),
      departementExists: (code) => departements.has(code),
    },
  );
  for (const problem of rejected) process.stderr.write(`rejected: ${formatProblem(problem)}\n`);

  const report = mergeImported(existing, records, otherKeys);
  for (const id of report.elsewhere)
    process.stderr.write(`skipped: ${id} is already in another directory file\n`);
  mkdirSync(join(servicesDir, 'imported'), { recursive: true });
  writeFileSync(targetPath, `${JSON.stringify(report.records, null, 2)}\n`);

  const rejectedIds = new Set(rejected.map((p) => p.record));
  const shown = target.startsWith('..') ? targetPath : target;
  process.stdout.write(
    `${shown}: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged, ` +
      `${rejectedIds.size} rejected, ${report.elsewhere.length} skipped (${report.records.length} records in the file)\n`,
  );
  // The import is only useful if the whole content still validates (ids, codes, rules).
  const after = (await loadKnowledge(paths)).problems.filter((p) => p.severity === 'error');
  for (const problem of after) process.stderr.write(`${formatProblem(problem)}\n`);
  return rejectedIds.size > 0 || after.length > 0 ? 1 : 0;
}
