/**
 * The flow file (`flows/*.yaml`) as data: questions with what they expect, and the XState machine config
 * that uses them. See flows/orientation.yaml for the conventions.
 */
export type Expect = 'choice' | 'boolean' | 'age' | 'place';

export interface QuestionSpec {
  expect: Expect;
  /** Fixed options (ids); their labels are `dialogue.options.<question>.<id>` in locales. */
  options?: string[];
  /** The situation field a choice fills (rights, need, substance). */
  field?: string;
}

export interface FlowDefinition {
  id: string;
  version: number;
  questions: Record<string, QuestionSpec>;
  /** An XState machine config with named guards and actions, plus `question:` on asking states. */
  machine: Record<string, unknown>;
}

export function isFlowDefinition(value: unknown): value is FlowDefinition {
  if (typeof value !== 'object' || value === null) return false;
  const flow = value as Record<string, unknown>;
  return (
    typeof flow.id === 'string' &&
    typeof flow.version === 'number' &&
    typeof flow.questions === 'object' &&
    flow.questions !== null &&
    typeof flow.machine === 'object' &&
    flow.machine !== null
  );
}
