/** The `--content` and `--locales` options shared by the commands, and loading with a clear failure. */
import { join, resolve } from 'node:path';
import {
  DEFAULT_PATHS,
  loadKnowledge,
  type ContentPaths,
  type LoadedKnowledge,
} from '../content/load-content.js';
import { formatProblem } from '../content/problem.js';

export function contentPaths(content: string | undefined, locales: string | undefined): ContentPaths {
  return {
    contentDir: content ? resolve(content) : DEFAULT_PATHS.contentDir,
    localesDir: locales
      ? resolve(locales)
      : content
        ? join(resolve(content), '..', 'locales')
        : DEFAULT_PATHS.localesDir,
  };
}

/** Loads the content, or prints its problems and returns null: never orient people on broken content. */
export async function loadOrReport(paths: ContentPaths): Promise<LoadedKnowledge | null> {
  const loaded = await loadKnowledge(paths);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) {
    for (const problem of errors) process.stderr.write(`${formatProblem(problem)}\n`);
    process.stderr.write(`${errors.length} problem(s) in the content: run \`aiguillage validate\`.\n`);
    return null;
  }
  return loaded;
}
