/**
 * The SMS channel between the provider adapters and the conversation service: one inbound SMS in, the
 * SMS bodies to send back out. It owns what is specific to SMS:
 *
 * - the conversation of a number is found by the number's keyed hash; the number itself is never stored;
 * - a message id already handled (a retried webhook) gets no second answer and makes no second step;
 * - messages from one number are handled one after the other, in arrival order;
 * - after STOP nothing is sent to that number until START, even after its conversation has expired;
 * - replies are rendered for a basic phone (numbered choices, GSM-7 when possible, at most 3 segments).
 *
 * Nothing here logs a number or a text.
 */
import type { Understander } from '../../dialogue/interpret.js';
import type { Translator } from '../../orientation/translate.js';
import { createSerializer } from '../../sessions/serialize.js';
import type { SmsStateStore } from '../../sessions/sms-state-store.js';
import type { ConversationService, Turn } from '../conversation-service.js';
import type { InboundSms } from './inbound-sms.js';
import { hashPhone } from './phone-number.js';
import { renderSms } from './render-sms.js';

export interface SmsServiceOptions {
  conversations: ConversationService;
  state: SmsStateStore;
  translator: Translator;
  /** The dialogue's keyword detection: START, in any language, lifts an opt-out. */
  keyword: Understander['keyword'];
  /** Whether a message tells a danger (in any language): it is answered even from a number that sent STOP. */
  danger: (text: string) => boolean;
  /** The secret of the number hashes. */
  hashSecret: string;
  /** How long a handled message id is remembered (ms; default 7 days, beyond any provider's retries). */
  dedupeTtlMs?: number;
  now?: () => number;
}

export type SmsOutcome =
  | { status: 'replied'; to: string; bodies: string[] }
  /** Already handled: nothing sent, nothing changed. */
  | { status: 'duplicate'; to: string; bodies: [] }
  /** The number sent STOP: nothing sent until START. */
  | { status: 'opted-out'; to: string; bodies: [] };

export interface SmsService {
  receive(sms: InboundSms): Promise<SmsOutcome>;
}

const WEEK_MS = 7 * 24 * 3_600_000;

/** Conversation ids of the SMS channel: the number's hash, never the number. */
export const smsConversationId = (numberHash: string) => `sms:${numberHash}`;

export function createSmsService(options: SmsServiceOptions): SmsService {
  const now = options.now ?? Date.now;
  const dedupeTtlMs = options.dedupeTtlMs ?? WEEK_MS;
  const perNumber = createSerializer();
  // Every language's keywords include the START words of all languages (lexiconFor): one lookup is enough.
  const isStart = (text: string) => options.keyword(text, 'fr')?.keyword === 'start';

  async function handle(sms: InboundSms, numberHash: string): Promise<SmsOutcome> {
    const messageKey = `${sms.provider}:${sms.messageId}`;
    // Claimed before anything else, atomically: a webhook retried to another instance is answered once.
    const admission = await options.state.admit(messageKey, numberHash, now(), dedupeTtlMs);
    if (!admission.claimed) return { status: 'duplicate', to: sms.from, bodies: [] };
    try {
      // The STOP list outlives conversations: a number that stopped stays silent, whatever it sends, until
      // START, even when its conversation has expired. Nothing of a silenced message is kept.
      // Only a danger breaks that silence (safety first): its crisis lines are sent, and the number stays
      // opted out.
      if (admission.optedOut) {
        if (isStart(sms.text)) await options.state.setOptedOut(numberHash, false, now());
        else if (!options.danger(sms.text)) return { status: 'opted-out', to: sms.from, bodies: [] };
      }
      const turn = await options.conversations.receive(smsConversationId(numberHash), 'sms', sms.text, {
        mediaOnly: sms.text.trim() === '' && sms.mediaCount > 0,
      });
      // The dialogue decides what is a STOP (keyword precedence); it says the one confirmation.
      if (turn.optedOut && !admission.optedOut) await options.state.setOptedOut(numberHash, true, now());
      return replied(sms, turn);
    } catch (error) {
      // Not handled: the provider's retry must be answered, not taken for a duplicate.
      await options.state.release(messageKey).catch(() => undefined);
      throw error;
    }
  }

  function replied(sms: InboundSms, turn: Turn): SmsOutcome {
    const lang = turn.messages.at(-1)?.lang ?? 'fr';
    return { status: 'replied', to: sms.from, bodies: renderSms(turn.messages, options.translator(lang)) };
  }

  return {
    receive(sms) {
      const numberHash = hashPhone(options.hashSecret, sms.from);
      return perNumber(numberHash, () => handle(sms, numberHash));
    },
  };
}
