/**
 * Turns a flow definition into an XState machine: expands `question:` states into their standard answer
 * handling, and binds the named guards and actions of flow-logic.ts. Pure: the rules and places it needs
 * come in as `deps`.
 */
import { assign, setup, type AnyStateMachine } from 'xstate';
import type { Language } from '../orientation/situation.js';
import { initialContext, type DialogueContext, type DialogueEvent } from './context.js';
import type { FlowDefinition } from './flow-definition.js';
import * as logic from './flow-logic.js';
import { nextQuestion, type QuestionDeps } from './next-question.js';

export interface CompiledFlow {
  definition: FlowDefinition;
  machine: AnyStateMachine;
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A `question:` state gets: ask on entry, ANSWER/DONT_KNOW → route, NOT_UNDERSTOOD → ask again, then a person. */
function expandQuestion(key: string, node: Node): Node {
  const question = node.question as string;
  const ownEntry = Array.isArray(node.entry) ? node.entry : node.entry ? [node.entry] : [];
  const ownOn = isNode(node.on) ? node.on : {};
  const rest = Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'question'));
  return {
    ...rest,
    meta: { ...(isNode(node.meta) ? node.meta : {}), question },
    entry: [{ type: 'ask', params: { question } }, ...ownEntry],
    on: {
      ANSWER: { target: 'route', actions: ['fill'] },
      DONT_KNOW: { target: 'route', actions: [{ type: 'dontKnow', params: { question } }] },
      NOT_UNDERSTOOD: [
        { guard: 'thirdMiss', target: 'askHandoff', actions: ['clearMisses'] },
        { target: key, reenter: true, actions: ['miss'] },
      ],
      HELP: {
        actions: [
          { type: 'say', params: { key: 'help' } },
          { type: 'ask', params: { question } },
        ],
      },
      LANGUAGE: { actions: ['setLanguage', { type: 'ask', params: { question } }] },
      // START while nothing is stopped: say where we are rather than stay silent.
      START: { actions: [{ type: 'ask', params: { question } }] },
      ...ownOn,
    },
  };
}

export function expandMachine(definition: FlowDefinition): Node {
  const machine = definition.machine;
  const states = isNode(machine.states) ? machine.states : {};
  const expanded: Node = {};
  for (const [key, node] of Object.entries(states)) {
    expanded[key] = isNode(node) && typeof node.question === 'string' ? expandQuestion(key, node) : node;
  }
  return { ...machine, id: definition.id, states: expanded };
}

export function compileFlow(definition: FlowDefinition, deps: QuestionDeps): CompiledFlow {
  // `route` tests `nextIs` for each field in turn on the same context: compute the next question once.
  const next = new WeakMap<DialogueContext, string | null>();
  const nextOf = (context: DialogueContext): string | null => {
    let field = next.get(context);
    if (field === undefined) {
      field = nextQuestion(context, deps);
      next.set(context, field);
    }
    return field;
  };
  const flowSetup = setup({
    types: {
      context: {} as DialogueContext,
      events: {} as DialogueEvent,
      input: {} as { lang: Language | null },
    },
    guards: {
      hasLanguage: ({ context }) => context.lang !== null,
      isEmergency: ({ context }) => context.situation.emergency === true,
      needUnknown: ({ context }) => context.situation.need === undefined,
      hasPlaceChoices: ({ context }) => context.placeChoices.length > 0,
      nextIs: ({ context }, params: { field: string }) => nextOf(context) === params.field,
      chose: ({ event }, params: { id: string }) => event.type === 'CHOOSE' && event.id === params.id,
      saidYes: ({ event }) => event.type === 'ANSWER' && event.yesNo === true,
      answerHasNeed: ({ event }) => event.type === 'ANSWER' && event.slots.need !== undefined,
      thirdMiss: ({ context }) => context.misses >= 2,
    },
    actions: {
      say: assign(({ context }, params: { key: string }) => logic.say(context, params.key)),
      ask: assign(({ context }, params: { question: string }) => logic.ask(context, params.question)),
      fill: assign(({ context, event }) => logic.fill(context, event)),
      dontKnow: assign(({ context }, params: { question: string }) =>
        logic.dontKnow(context, params.question),
      ),
      miss: assign(({ context }) => ({ misses: context.misses + 1 })),
      clearMisses: assign(() => ({ misses: 0 })),
      chooseLanguage: assign(({ event }) => logic.chooseLanguage(event)),
      setLanguage: assign(({ context, event }) => logic.setLanguage(context, event)),
      setEmergency: assign(({ context }) => ({ situation: { ...context.situation, emergency: true } })),
      noteDanger: assign(({ context, event }) => logic.noteDanger(context, event)),
      choosePlace: assign(({ context, event }) => logic.choosePlace(context, event)),
      recommend: assign(({ context }) => ({ outbox: [...context.outbox, { recommend: true as const }] })),
      handoff: assign(({ context }) => ({ outbox: [...context.outbox, { handoff: true as const }] })),
      anotherNeed: assign(({ context }) => logic.anotherNeed(context)),
      recordFeedback: assign(({ event }) => ({
        feedback: event.type === 'ANSWER' ? (event.yesNo ?? null) : null,
      })),
      reset: assign(({ context }) => ({ ...initialContext(context.lang), outbox: context.outbox })),
      undo: assign(({ context }) => logic.undo(context)),
    },
  });
  const config = {
    ...expandMachine(definition),
    context: ({ input }: { input: { lang: Language | null } }) => initialContext(input.lang),
  };
  const machine = flowSetup.createMachine(config as unknown as Parameters<typeof flowSetup.createMachine>[0]);
  return { definition, machine };
}
