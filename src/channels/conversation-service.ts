/**
 * One conversation turn for any channel: load the stored conversation, apply the message in order with
 * the others of that conversation, store the result. The step itself is the pure dialogue engine; this
 * edge owns the clock (expiry, idle time, today's date) and the store.
 */
import { randomUUID } from 'node:crypto';
import { answerOf, step, storedHasTag, type DialogueDeps } from '../dialogue/engine.js';
import type { ChannelKind, Inbound, Outbound } from '../dialogue/messages.js';
import type { Language } from '../orientation/situation.js';
import { createSerializer } from '../sessions/serialize.js';
import { updateRecord, type Change, type SessionStore } from '../sessions/session-store.js';

export interface ConversationServiceOptions {
  store: SessionStore;
  deps: DialogueDeps;
  /** Idle time after which a conversation is forgotten (ms), per channel, with a default. */
  ttlMs: number;
  channelTtlMs?: Partial<Record<ChannelKind, number>>;
  /** Idle time after which the next message first offers "resume or start again" (ms), per channel. */
  idleMs?: Partial<Record<ChannelKind, number>>;
  now?: () => number;
  newId?: () => string;
}

export interface Turn {
  messages: Outbound[];
  ended: boolean;
  /** The person asked for no more messages (STOP): a channel must stay silent until START. */
  optedOut: boolean;
}

export interface MessageOptions {
  /** The message carried only pictures or sound (MMS): say that only text is read. */
  mediaOnly?: boolean;
}

export interface ConversationService {
  start(channel: ChannelKind, lang?: Language): Promise<{ id: string } & Turn>;
  /** null when the conversation is unknown or expired. */
  message(id: string, channel: ChannelKind, text: string, options?: MessageOptions): Promise<Turn | null>;
  /** A message that opens the conversation when there is none (SMS: the first message starts it). */
  receive(id: string, channel: ChannelKind, text: string, options?: MessageOptions): Promise<Turn>;
  /** Says the current question again (a reloaded page, a reconnected socket); null when unknown. */
  resume(id: string, channel: ChannelKind): Promise<Turn | null>;
  /** The answer the conversation reached, rendered for `channel`: [] before there is one, null when unknown. */
  answer(id: string, channel: ChannelKind): Promise<Outbound[] | null>;
  /** Forgets a conversation now. */
  forget(id: string): Promise<void>;
  purgeExpired(): Promise<number>;
}

const textInbound = (channel: ChannelKind, text: string, options: MessageOptions): Inbound => ({
  type: 'text',
  channel,
  text,
  ...(options.mediaOnly ? { mediaOnly: true } : {}),
});

export function createConversationService(options: ConversationServiceOptions): ConversationService {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const inOrder = createSerializer();
  // Old records say so: the day is the clock's, given to the pure engine.
  const depsOn = (at: number): DialogueDeps => ({
    ...options.deps,
    today: new Date(at).toISOString().slice(0, 10),
  });
  const ttlOf = (channel: ChannelKind) => options.channelTtlMs?.[channel] ?? options.ttlMs;

  function apply(id: string, inbound: Inbound, mustExist: false): Promise<Turn>;
  function apply(id: string, inbound: Inbound, mustExist: true): Promise<Turn | null>;
  async function apply(id: string, inbound: Inbound, mustExist: boolean): Promise<Turn | null> {
    return inOrder(id, () =>
      updateRecord(options.store, id, now(), (record): Change<Turn | null> => {
        const at = now();
        if (mustExist && !record) return { result: null };
        const idle = options.idleMs?.[inbound.channel];
        const asleep =
          record !== null &&
          idle !== undefined &&
          inbound.type === 'text' &&
          record.updatedAt < at - idle &&
          // A resting state (stopped, or already asking "resume?"): silence changes nothing.
          !storedHasTag(record.conversation, 'resting', options.deps);
        // After days of silence the message may answer a question the person no longer remembers:
        // ask whether to resume or start again instead of reading it as an answer.
        const effective: Inbound = asleep ? { type: 'timeout', channel: inbound.channel } : inbound;
        const result = step(record?.conversation ?? null, effective, depsOn(at));
        return {
          result: { messages: result.outbound, ended: result.ended, optedOut: result.optedOut },
          put: { conversation: result.stored, ttlMs: ttlOf(inbound.channel) },
        };
      }),
    );
  }

  return {
    async start(channel, lang) {
      const id = newId();
      const turn = await apply(id, { type: 'start', channel, ...(lang ? { lang } : {}) }, false);
      return { id, ...turn };
    },
    message: (id, channel, text, opts = {}) => apply(id, textInbound(channel, text, opts), true),
    receive: (id, channel, text, opts = {}) => apply(id, textInbound(channel, text, opts), false),
    resume: (id, channel) => apply(id, { type: 'start', channel }, true),
    async answer(id, channel) {
      const at = now();
      const record = await options.store.get(id, at);
      if (!record) return null;
      return answerOf(record.conversation, depsOn(at), channel) ?? [];
    },
    forget: (id) => inOrder(id, () => options.store.delete(id)),
    purgeExpired: () => options.store.purge(now()),
  };
}
