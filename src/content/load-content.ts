/**
 * The edge that reads the content from disk: rules (YAML), directory (YAML or JSON), locales (JSON),
 * the data·inclusion schema and the places data. Everything after this is pure and in memory.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseYaml } from './read-yaml.js';
import { createDirectory } from '../directory/directory.js';
import { loadImportedRecords, type ImportedSummary } from '../directory/imported-store.js';
import type { ServiceRecord } from '../directory/service-record.js';
import {
  compileServiceSchema,
  schemaHash,
  validateRecords,
  type LoadedRecord,
} from '../directory/validate-records.js';
import type { ValidateFunction } from 'ajv';
import { createTranslator, type Resources } from '../i18n/translator.js';
import type { Knowledge } from '../orientation/orient.js';
import type { RuleSet, RuleTable } from '../orientation/rule-table.js';
import { createPlaceIndex, loadPlaceData, type PlaceData, type PlaceIndex } from '../places/index.js';
import { flattenKeys } from './locale-keys.js';
import type { Problem } from './problem.js';
import { checkCoverage, validateRuleTable, type RuleCrossCheck } from './validate-rules.js';
import { validateLocales } from './validate-locales.js';

/** The project root: two levels above this file, whether it runs from src/ or dist/. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ContentPaths {
  contentDir: string;
  localesDir: string;
}

export const DEFAULT_PATHS: ContentPaths = {
  contentDir: join(PROJECT_ROOT, 'content'),
  localesDir: join(PROJECT_ROOT, 'locales'),
};

export interface Places {
  data: PlaceData;
  index: PlaceIndex;
}

export interface LoadedKnowledge {
  knowledge: Knowledge;
  records: ServiceRecord[];
  /** The locales as loaded (texts of every namespace), for the widget's texts and the flow's check. */
  resources: Resources;
  problems: Problem[];
  /** Imported directories loaded from `LoadOptions.dataDir` (none without it). */
  imported: ImportedSummary[];
}

export interface LoadOptions {
  /** The server's DATA_DIR: imported directories (FINESS) are read from `<dataDir>/directory/`. */
  dataDir?: string;
  /** Records whose facts are older than this are flagged `toVerify` for staff (default 36). */
  verifyAfterMonths?: number;
}

let cachedPlaces: Places | undefined;

/** Places data is the same for every content directory: load it once per process. */
export function loadPlaces(): Places {
  if (!cachedPlaces) {
    const data = loadPlaceData();
    cachedPlaces = { data, index: createPlaceIndex(data) };
  }
  return cachedPlaces;
}

function filesUnder(dir: string, extensions: readonly string[]): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return filesUnder(path, extensions);
    return extensions.some((ext) => entry.endsWith(ext)) ? [path] : [];
  });
}

function readStructured(path: string, problems: Problem[], display: string): unknown {
  try {
    const text = readFileSync(path, 'utf8');
    return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    problems.push({ file: display, message: `cannot be read: ${(error as Error).message}`, severity: 'error' });
    return undefined;
  }
}

export function loadLocales(localesDir: string, problems: Problem[]): Resources {
  const resources: Resources = {};
  for (const file of filesUnder(localesDir, ['.json'])) {
    const lang = basename(join(file, '..'));
    const namespace = basename(file, '.json');
    const content = readStructured(file, problems, relative(PROJECT_ROOT, file));
    if (typeof content === 'object' && content !== null) {
      resources[lang] = { ...resources[lang], [namespace]: content as Record<string, unknown> };
    }
  }
  return resources;
}

/** Directory files hold a list of records, or `{ services: [...] }` (data·inclusion exports are lists). */
function recordsOf(content: unknown): unknown[] | null {
  if (Array.isArray(content)) return content;
  if (typeof content === 'object' && content !== null && Array.isArray((content as { services?: unknown }).services)) {
    return (content as { services: unknown[] }).services;
  }
  return null;
}

export function loadServiceFiles(servicesDir: string, problems: Problem[]): LoadedRecord[] {
  const loaded: LoadedRecord[] = [];
  for (const path of filesUnder(servicesDir, ['.yaml', '.yml', '.json'])) {
    const file = relative(PROJECT_ROOT, path);
    const content = readStructured(path, problems, file);
    if (content === undefined) continue;
    const list = recordsOf(content);
    if (!list) {
      problems.push({ file, message: 'must be a list of service records or a map with a `services` list', severity: 'error' });
      continue;
    }
    for (const record of list) loaded.push({ file, record });
  }
  return loaded;
}

function crossChecks(places: Places): Omit<RuleCrossCheck, 'serviceTypes' | 'reasonKeys'> {
  const epci = new Set(places.data.epci.map((e) => e.code));
  const departements = new Set(places.data.departements.map((d) => d.code));
  return {
    communeExists: (code) => places.index.byInsee(code) !== undefined,
    epciExists: (code) => epci.has(code),
    departementExists: (code) => departements.has(code),
  };
}

function loadRules(rulesDir: string, check: RuleCrossCheck, problems: Problem[]): RuleSet | null {
  const read = (path: string): RuleTable | null => {
    const file = relative(PROJECT_ROOT, path);
    const raw = readStructured(path, problems, file);
    return raw === undefined ? null : validateRuleTable(raw, file, check, problems);
  };
  const redFlags = read(join(rulesDir, 'red-flags.yaml'));
  const national = read(join(rulesDir, 'national.yaml'));
  const territories = filesUnder(join(rulesDir, 'territories'), ['.yaml', '.yml'])
    .map(read)
    .filter((table): table is RuleTable => table !== null);
  for (const table of territories) {
    if (!table.territory) problems.push({ file: table.file, field: 'territory', message: 'a table under territories/ needs a territory', severity: 'error' });
  }
  if (!redFlags || !national) return null;
  const rules: RuleSet = { redFlags, national, territories: territories.filter((t) => t.territory) };
  checkCoverage(rules, problems);
  return rules;
}

/**
 * The ajv validator for the service schema. Compiling it costs ~100 ms at every start, so `npm run build`
 * writes it as standalone code (scripts/build-service-validator.js) with the schema's hash; any other schema
 * (edited, or from another content directory) is compiled here.
 */
export const PRECOMPILED_VALIDATOR = join(PROJECT_ROOT, 'dist', 'service-validator.cjs');

function loadServiceValidator(schemaPath: string, problems: Problem[]): ValidateFunction {
  let text = '{}';
  try {
    text = readFileSync(schemaPath, 'utf8');
  } catch (error) {
    problems.push({ file: relative(PROJECT_ROOT, schemaPath), message: `cannot be read: ${(error as Error).message}`, severity: 'error' });
  }
  try {
    const module = createRequire(import.meta.url)(PRECOMPILED_VALIDATOR) as ValidateFunction & { schemaHash: string };
    if (module.schemaHash === schemaHash(text)) return module;
  } catch {
    // Not built (tests from src/ before a build): compile below.
  }
  try {
    return compileServiceSchema(JSON.parse(text) as object);
  } catch (error) {
    problems.push({ file: relative(PROJECT_ROOT, schemaPath), message: `is not a usable JSON Schema: ${(error as Error).message}`, severity: 'error' });
    return compileServiceSchema({});
  }
}

const EMPTY_TABLE = (file: string): RuleTable => ({ table: file, rules: [], file });

export async function loadKnowledge(
  paths: ContentPaths = DEFAULT_PATHS,
  options: LoadOptions = {},
): Promise<LoadedKnowledge> {
  const problems: Problem[] = [];
  const places = loadPlaces();
  const checks = crossChecks(places);

  const resources = loadLocales(paths.localesDir, problems);
  problems.push(...validateLocales(resources, relative(PROJECT_ROOT, paths.localesDir) || paths.localesDir));

  const validate = loadServiceValidator(join(paths.contentDir, 'schemas', 'data-inclusion-service.json'), problems);
  const loaded = loadServiceFiles(join(paths.contentDir, 'services'), problems);
  const { records, problems: recordProblems } = validateRecords(loaded, validate, checks);
  problems.push(...recordProblems);

  const reasons = resources.fr?.orientation?.reason;
  const reasonKeys = new Set(reasons ? [...flattenKeys(reasons).keys()] : []);
  const serviceTypes = new Map<string, string>(records.map((r) => [r.id, r.aiguillage_type]));
  const rules = loadRules(join(paths.contentDir, 'rules'), { ...checks, serviceTypes, reasonKeys }, problems) ?? {
    redFlags: EMPTY_TABLE('red-flags'),
    national: EMPTY_TABLE('national'),
    territories: [],
  };

  const imported = options.dataDir
    ? loadImportedRecords(options.dataDir)
    : { records: [], summary: [], problems: [] };
  problems.push(...imported.problems);

  return {
    knowledge: {
      rules,
      directory: createDirectory(records, places.index, imported.records),
      places: places.index,
      translator: createTranslator(resources),
      ...(options.verifyAfterMonths ? { freshness: { verifyAfterMonths: options.verifyAfterMonths } } : {}),
    },
    records,
    resources,
    problems,
    imported: imported.summary,
  };
}
