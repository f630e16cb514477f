/** `aiguillage validate [dir]`: every problem of rules, directory and texts, with file, record and field. */
import { parseArgs } from 'node:util';
import { join, relative } from 'node:path';
import { loadKnowledge, PROJECT_ROOT } from '../content/load-content.js';
import { FLOW_FILE, loadDangerRules, loadLexicons, readFlowDefinition } from '../content/load-dialogue.js';
import { loadPractical } from '../content/load-practical.js';
import { validateFlow } from '../content/validate-flow.js';
import { formatProblem } from '../content/problem.js';
import { contentPaths } from './content-options.js';

export async function validateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { locales: { type: 'string' } },
  });
  const paths = contentPaths(positionals[0], values.locales);
  const { problems, records, knowledge, resources } = await loadKnowledge(paths);
  // The conversation's content: the flow against its texts, the lexicons and the danger patterns.
  const french = resources.fr?.dialogue;
  try {
    problems.push(...validateFlow(readFlowDefinition(), french, relative(PROJECT_ROOT, FLOW_FILE)));
  } catch (error) {
    problems.push({
      file: relative(PROJECT_ROOT, FLOW_FILE),
      message: (error as Error).message,
      severity: 'error',
    });
  }
  loadLexicons(paths.localesDir, problems);
  loadDangerRules(paths.localesDir, problems);
  // What each service type costs, needs and asks for, and its texts.
  problems.push(...loadPractical(join(paths.contentDir, 'practical.yaml'), paths.localesDir).problems);
  for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const rules =
    knowledge.rules.redFlags.rules.length +
    knowledge.rules.national.rules.length +
    knowledge.rules.territories.reduce((sum, table) => sum + table.rules.length, 0);
  process.stdout.write(
    `${errors === 0 ? 'ok' : 'failed'}: ${rules} rules (${knowledge.rules.territories.length} territories), ` +
      `${records.length} services, ${errors} error(s), ${problems.length - errors} warning(s)\n`,
  );
  return errors === 0 ? 0 : 1;
}
