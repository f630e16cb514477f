/**
 * Model-based coverage of the conversation flow with `xstate/graph`: every resting state is reachable, and
 * every event a state declares is exercised somewhere. The traversal uses a projecting `serializeState`
 * and a `limit`, so it cannot run away.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import type { AnyMachineSnapshot } from 'xstate';
import { loadKnowledge } from '../src/content/load-content.js';
import { readFlowDefinition } from '../src/content/load-dialogue.js';
import { compileFlow, expandMachine, type CompiledFlow } from '../src/dialogue/compile-flow.js';
import type { DialogueContext, DialogueEvent } from '../src/dialogue/context.js';
import { toMermaid } from '../src/dialogue/mermaid.js';

const EVENTS: DialogueEvent[] = [
  { type: 'CHOOSE', id: 'fr' },
  { type: 'CHOOSE', id: 'another' },
  { type: 'CHOOSE', id: 'person' },
  { type: 'CHOOSE', id: 'feedback' },
  { type: 'CHOOSE', id: 'end' },
  { type: 'CHOOSE', id: 'resume' },
  { type: 'CHOOSE', id: 'restart' },
  { type: 'CHOOSE', id: '71076' },
  { type: 'ANSWER', slots: { emergency: false } },
  { type: 'ANSWER', slots: { emergency: true } },
  { type: 'ANSWER', slots: { rights: 'full' } },
  { type: 'ANSWER', slots: { rights: 'none' } },
  { type: 'ANSWER', slots: { need: 'general-care' } },
  { type: 'ANSWER', slots: { need: 'mental-health' } },
  { type: 'ANSWER', slots: { need: 'addiction' } },
  { type: 'ANSWER', slots: { canWait: true } },
  { type: 'ANSWER', slots: { knownToCmp: false } },
  { type: 'ANSWER', slots: { age: 30 } },
  { type: 'ANSWER', slots: { precarious: false } },
  { type: 'ANSWER', slots: { substance: 'alcohol' } },
  { type: 'ANSWER', slots: { forRelative: false } },
  { type: 'ANSWER', slots: {}, place: '71076' },
  { type: 'ANSWER', slots: {}, placeChoices: ['71076', '71475'] },
  { type: 'ANSWER', slots: {}, yesNo: true },
  { type: 'ANSWER', slots: {}, yesNo: false },
  { type: 'DONT_KNOW' },
  { type: 'NOT_UNDERSTOOD' },
  { type: 'LANGUAGE', lang: 'en' },
  { type: 'DANGER', kinds: ['suicide'] },
  { type: 'RESTART' },
  { type: 'BACK' },
  { type: 'HELP' },
  { type: 'HUMAN' },
  { type: 'URGENT' },
  { type: 'STOP' },
  { type: 'START' },
  { type: 'TIMEOUT' },
];

/** States the machine only passes through (eventless `always`), never rests in. */
const TRANSIENT = new Set(['start', 'welcome', 'route', 'recommend', 'handoff']);

function serializeState(snapshot: AnyMachineSnapshot): string {
  const c = snapshot.context as DialogueContext;
  const s = c.situation;
  // A coarse projection: enough to tell the states the guards distinguish, small enough to traverse.
  return JSON.stringify([
    snapshot.value,
    c.misses > 0 ? Math.min(c.misses, 2) : 0,
    s.emergency ?? null,
    s.need === undefined ? null : s.need === 'mental-health' || s.need === 'addiction' ? s.need : 'other',
    c.place !== null || c.placeChoices.length > 0,
  ]);
}

let flow: CompiledFlow;
let states: Record<string, { on?: Record<string, unknown> }>;
beforeAll(async () => {
  const { knowledge } = await loadKnowledge();
  const definition = readFlowDefinition();
  flow = compileFlow(definition, {
    rules: knowledge.rules,
    placeOf: (insee) => knowledge.places.byInsee(insee),
  });
  states = expandMachine(definition).states as typeof states;
});

describe('flow paths', () => {
  it('reaches every resting state by a shortest path', () => {
    const paths = getShortestPaths(flow.machine, {
      events: EVENTS,
      serializeState,
      limit: 50_000,
      input: { lang: null },
    });
    const reached = new Set(paths.map((path) => String(path.state.value)));
    const resting = Object.keys(states).filter((name) => !TRANSIENT.has(name));
    expect(resting.filter((name) => !reached.has(name))).toEqual([]);
    expect(paths.length).toBeGreaterThan(resting.length);
  });

  it('exercises every event each state declares', () => {
    const adjacency = getAdjacencyMap(flow.machine, {
      events: EVENTS,
      serializeState,
      limit: 50_000,
      input: { lang: null },
    });
    const exercised = new Set<string>();
    for (const entry of Object.values(adjacency)) {
      const from = String(entry.state.value);
      for (const transition of Object.values(entry.transitions) as { event: DialogueEvent }[]) {
        exercised.add(`${from} ${transition.event.type}`);
      }
    }
    const declared = Object.entries(states).flatMap(([name, node]) =>
      TRANSIENT.has(name) ? [] : Object.keys(node.on ?? {}).map((event) => `${name} ${event}`),
    );
    expect(declared.filter((pair) => !exercised.has(pair))).toEqual([]);
  });

  it('a person answering nonsense is offered a person after three misses, never looped', () => {
    const paths = getShortestPaths(flow.machine, {
      events: [{ type: 'NOT_UNDERSTOOD' }],
      serializeState,
      limit: 1000,
      input: { lang: 'fr' },
    });
    const handoff = paths.find((path) => path.state.value === 'askHandoff');
    expect(handoff?.steps.map((s) => s.event.type)).toEqual([
      'xstate.init',
      'NOT_UNDERSTOOD',
      'NOT_UNDERSTOOD',
      'NOT_UNDERSTOOD',
    ]);
    // Nonsense to the offer too: the ways to reach a person are given, then the after-menu; no state grows.
    const after = paths.find((path) => path.state.value === 'after');
    expect(after?.steps.map((s) => s.event.type)).toEqual([
      'xstate.init',
      'NOT_UNDERSTOOD',
      'NOT_UNDERSTOOD',
      'NOT_UNDERSTOOD',
      'NOT_UNDERSTOOD',
    ]);
    expect(paths.length).toBeLessThan(12);
  });
});

describe('docs/flow.md', () => {
  it('draws the flow as it is (regenerate with `npx aiguillage flow --mermaid`)', () => {
    const doc = readFileSync(new URL('../docs/flow.md', import.meta.url), 'utf8');
    const drawn = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(drawn?.trim()).toBe(toMermaid(readFlowDefinition()).trim());
  });
});
