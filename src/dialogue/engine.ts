/**
 * `step(stored, inbound)`: one turn of the conversation, as a pure function. It restores the stored
 * conversation (or starts one), turns the message into machine events (keywords, danger, understanding,
 * place lookup), runs the machine, and renders what to say. The caller stores `stored` and sends `outbound`.
 *
 * Example:
 * ```ts
 * let stored = null;
 * ({ stored, outbound } = step(stored, { type: 'text', channel: 'sms', text: "j'ai pas de sécu et mal aux dents" }, deps));
 * ```
 */
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { Knowledge } from '../orientation/orient.js';
import type { Language } from '../orientation/situation.js';
import type { CompiledFlow } from './compile-flow.js';
import type { DialogueContext, DialogueEvent, OutboxItem } from './context.js';
import { interpret, type Understander } from './interpret.js';
import type { ChannelKind, Inbound, Outbound } from './messages.js';
import { renderOutbox } from './render-outbox.js';

export interface DialogueDeps {
  flow: CompiledFlow;
  knowledge: Knowledge;
  understander: Understander;
  /** Today's date (YYYY-MM-DD), from the caller: old records say so. */
  today?: string;
}

/** What is stored between messages: small JSON, with the flow version. */
export interface StoredConversation {
  flow: string;
  version: number;
  state: string;
  context: DialogueContext;
}

export interface StepResult {
  stored: StoredConversation;
  outbound: Outbound[];
  /** The conversation reached its end (or the person opted out). */
  ended: boolean;
  /** The person asked for no more messages (the state tagged `optedOut`): stay silent until START. */
  optedOut: boolean;
  /** Whether this turn needed the recognizers-text models (for the benchmark). */
  usedRecognizers: boolean;
}

/** The longest text understood; the rest of a 10 kB message is ignored, never stored. */
export const MAX_TEXT = 2000;

function stateOf(snapshot: AnyMachineSnapshot): string {
  return typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
}

function contextOf(snapshot: AnyMachineSnapshot): DialogueContext {
  return snapshot.context as DialogueContext;
}

/** The question the current state asked (its `meta.question`), if it asked one. */
export function currentQuestion(snapshot: AnyMachineSnapshot): string | undefined {
  for (const meta of Object.values(snapshot.getMeta())) {
    const question = (meta as { question?: unknown } | undefined)?.question;
    if (typeof question === 'string') return question;
  }
  return undefined;
}

/** A stored conversation comes back from a store: check its shape before trusting it. */
function isUsable(stored: StoredConversation): boolean {
  const c = stored.context as Partial<DialogueContext> | null;
  return (
    typeof stored.state === 'string' &&
    typeof c === 'object' &&
    c !== null &&
    typeof c.situation === 'object' &&
    c.situation !== null &&
    Array.isArray(c.outbox) &&
    Array.isArray(c.history) &&
    Array.isArray(c.skipped) &&
    Array.isArray(c.placeChoices) &&
    typeof c.misses === 'number'
  );
}

function restore(stored: StoredConversation | null, deps: DialogueDeps): AnyMachineSnapshot | null {
  if (!stored || stored.flow !== deps.flow.definition.id || stored.version !== deps.flow.definition.version) {
    return null;
  }
  if (!isUsable(stored)) return null;
  try {
    const snapshot = deps.flow.machine.resolveState({ value: stored.state, context: stored.context });
    return snapshot.status === 'active' ? snapshot : null;
  } catch {
    return null;
  }
}

function start(lang: Language | null, deps: DialogueDeps): AnyMachineSnapshot {
  return initialTransition(deps.flow.machine, { lang })[0];
}

function run(snapshot: AnyMachineSnapshot, events: DialogueEvent[], deps: DialogueDeps): AnyMachineSnapshot {
  let current = snapshot;
  for (const event of events) {
    if (current.status !== 'active') break;
    current = transition(deps.flow.machine, current, event)[0];
  }
  return current;
}

export function step(stored: StoredConversation | null, inbound: Inbound, deps: DialogueDeps): StepResult {
  const restored = restore(stored, deps);
  const extra: OutboxItem[] = [];
  if (stored && !restored && inbound.type !== 'start' && stored.state !== 'ended')
    extra.push({ say: 'restarted' });

  let snapshot: AnyMachineSnapshot;
  let usedRecognizers = false;
  if (!restored) {
    // A damaged store may have lost the context: keep the language only when it is there.
    const previousLang =
      stored && typeof stored.context === 'object' && stored.context !== null ? stored.context.lang : null;
    snapshot = start((inbound.type === 'timeout' ? undefined : inbound.lang) ?? previousLang ?? null, deps);
  } else if (inbound.type === 'start') {
    // Reopened (page reload): say the current question again.
    snapshot = restored;
    const question = currentQuestion(restored);
    if (question) extra.push({ ask: question, misses: contextOf(restored).misses });
  } else {
    snapshot = restored;
  }

  if (inbound.type === 'timeout') {
    snapshot = run(snapshot, [{ type: 'TIMEOUT' }], deps);
  } else if (inbound.type === 'text') {
    const text = inbound.text.slice(0, MAX_TEXT);
    const question = currentQuestion(snapshot);
    if (text.trim() === '') {
      extra.push({ say: inbound.mediaOnly ? 'mediaOnly' : 'empty' });
      if (question) extra.push({ ask: question, misses: contextOf(snapshot).misses });
    } else {
      const interpreted = interpret(text, snapshot, inbound.lang, deps);
      usedRecognizers = interpreted.usedRecognizers;
      extra.push(...interpreted.notices);
      snapshot = run(snapshot, interpreted.events, deps);
    }
  }

  const context = contextOf(snapshot);
  const outbound = renderOutbox(
    [...extraBefore(extra), ...context.outbox, ...extraAfter(extra)],
    context,
    deps,
    inbound.channel,
  );
  // The outbox is rendered: store the context without it (no machine step needed for that).
  const storedContext = { ...contextOf(snapshot), outbox: [] };
  return {
    stored: {
      flow: deps.flow.definition.id,
      version: deps.flow.definition.version,
      state: stateOf(snapshot),
      context: storedContext,
    },
    outbound,
    ended: snapshot.status !== 'active' || snapshot.hasTag('optedOut'),
    optedOut: snapshot.hasTag('optedOut'),
    usedRecognizers,
  };
}

/** Whether the flow tags the stored conversation's state with `tag` (`tags:` in flows/*.yaml). */
export function storedHasTag(stored: StoredConversation, tag: string, deps: DialogueDeps): boolean {
  return deps.flow.machine.states[stored.state]?.tags.includes(tag) ?? false;
}

/**
 * The answer a stored conversation already reached, rendered again for a channel (the widget's "send to
 * my phone" sends it by SMS); null before there is one.
 */
export function answerOf(
  stored: StoredConversation,
  deps: DialogueDeps,
  channel: ChannelKind,
): Outbound[] | null {
  if (!storedHasTag(stored, 'answered', deps) || !stored.context.situation.need) return null;
  return renderOutbox([{ recommend: true }], stored.context, deps, channel);
}

/** Notices about the message itself ("I received nothing", "restarted") come before what the machine says. */
function extraBefore(items: OutboxItem[]): OutboxItem[] {
  return items.filter((item) => !('ask' in item));
}

function extraAfter(items: OutboxItem[]): OutboxItem[] {
  return items.filter((item) => 'ask' in item);
}
