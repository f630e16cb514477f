/** `aiguillage flow --mermaid`: the conversation flow as a Mermaid state diagram. */
import { parseArgs } from 'node:util';
import { readFlowDefinition } from '../content/load-dialogue.js';
import { toMermaid } from '../dialogue/mermaid.js';

export function flowCommand(args: string[]): number {
  const { values } = parseArgs({ args, options: { mermaid: { type: 'boolean' } } });
  if (!values.mermaid) {
    process.stderr.write('Usage: aiguillage flow --mermaid\n');
    return 2;
  }
  process.stdout.write(toMermaid(readFlowDefinition()));
  return 0;
}
