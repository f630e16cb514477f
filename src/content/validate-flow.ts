/**
 * Checks a flow definition against its texts: every question has its wording and option labels in the
 * French dialogue texts (other languages are checked against French by validate-locales), and every
 * state a transition targets exists.
 */
import { expandMachine } from '../dialogue/compile-flow.js';
import type { FlowDefinition } from '../dialogue/flow-definition.js';
import { flattenKeys } from './locale-keys.js';
import type { Problem } from './problem.js';

type Node = Record<string, unknown>;

function targetsOf(transition: unknown): string[] {
  const list = Array.isArray(transition) ? transition : [transition];
  return list.flatMap((entry) => {
    if (typeof entry === 'string') return [entry];
    const target = (entry as Node | null)?.target;
    return typeof target === 'string' ? [target] : [];
  });
}

export function validateFlow(definition: FlowDefinition, frenchDialogue: unknown, file: string): Problem[] {
  const problems: Problem[] = [];
  const texts = flattenKeys(frenchDialogue ?? {});
  const report = (record: string, message: string) => problems.push({ file, record, message, severity: 'error' });
  for (const [question, spec] of Object.entries(definition.questions)) {
    if (!texts.has(`ask.${question}`)) report(`questions.${question}`, `no text "ask.${question}" in locales/fr/dialogue.json`);
    if (question === 'placeChoice') continue;
    for (const option of spec.options ?? []) {
      if (!texts.has(`options.${question}.${option}`)) {
        report(`questions.${question}`, `no label "options.${question}.${option}" in locales/fr/dialogue.json`);
      }
    }
  }
  const machine = expandMachine(definition);
  const states = (machine.states ?? {}) as Record<string, Node>;
  const exists = (target: string) => target.replace(/^\./, '') in states;
  const check = (where: string, on: unknown) => {
    for (const [event, transition] of Object.entries((on ?? {}) as Node)) {
      for (const target of targetsOf(transition)) {
        if (!exists(target)) report(where, `${event} goes to "${target}", which is not a state`);
      }
    }
  };
  check('machine.on', machine.on);
  for (const [name, node] of Object.entries(states)) {
    check(`states.${name}`, node.on);
    for (const target of targetsOf(node.always)) if (!exists(target)) report(`states.${name}`, `always goes to "${target}", which is not a state`);
    const question = (node.meta as Node | undefined)?.question;
    if (typeof question === 'string' && !(question in definition.questions)) report(`states.${name}`, `asks "${question}", which is not in questions`);
  }
  return problems;
}
