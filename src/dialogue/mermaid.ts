/** The flow as a Mermaid state diagram, for the docs: `aiguillage flow --mermaid`. */
import type { FlowDefinition } from './flow-definition.js';
import { expandMachine } from './compile-flow.js';

type Node = Record<string, unknown>;

function targets(transition: unknown): { target: string; label: string }[] {
  const list = Array.isArray(transition) ? transition : [transition];
  return list.flatMap((entry) => {
    if (typeof entry === 'string') return [{ target: entry, label: '' }];
    if (typeof entry !== 'object' || entry === null) return [];
    const t = entry as Node;
    if (typeof t.target !== 'string') return [];
    const guard = t.guard;
    const label =
      typeof guard === 'string'
        ? guard
        : typeof guard === 'object' && guard !== null
          ? `${String((guard as Node).type)} ${Object.values(((guard as Node).params as Node | undefined) ?? {}).join(' ')}`
          : '';
    return [{ target: t.target.replace(/^\./, ''), label }];
  });
}

export function toMermaid(definition: FlowDefinition): string {
  const machine = expandMachine(definition);
  const states = (machine.states ?? {}) as Record<string, Node>;
  const lines = ['stateDiagram-v2', `  [*] --> ${String(machine.initial)}`];
  const edge = (from: string, event: string, to: { target: string; label: string }) =>
    lines.push(
      `  ${from} --> ${to.target}: ${[event, to.label ? `[${to.label.trim()}]` : ''].filter(Boolean).join(' ')}`,
    );
  for (const [name, node] of Object.entries(states)) {
    for (const to of targets(node.always)) edge(name, 'always', to);
    for (const [event, transition] of Object.entries((node.on ?? {}) as Node)) {
      for (const to of targets(transition))
        if (to.target !== name || event === 'NOT_UNDERSTOOD') edge(name, event, to);
    }
    if (node.type === 'final') lines.push(`  ${name} --> [*]`);
  }
  for (const [event, transition] of Object.entries((machine.on ?? {}) as Node)) {
    for (const to of targets(transition)) lines.push(`  note right of ${to.target}: any state, ${event}`);
  }
  return `${lines.join('\n')}\n`;
}
