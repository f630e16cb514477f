/**
 * "Send to my phone": the answer a web conversation reached, by SMS, to a number typed for that send only.
 * The answer is rendered again from the stored conversation (never taken from the client), and the number
 * is neither stored nor logged. Limits keep the form from being used to flood someone's phone: a few sends
 * per conversation, and per number (counted by its keyed hash) per day.
 */
import type { Translator } from '../../orientation/translate.js';
import type { ConversationService } from '../conversation-service.js';
import { hashPhone, isFrenchMobile, normalizePhone } from './phone-number.js';
import { renderSms } from './render-sms.js';
import type { SmsSender } from './sms-sender.js';
import { createMemoryRateStore, type RateStore } from '../../sessions/rate-store.js';

export type SendAnswerResult =
  | { status: 'sent'; sms: number }
  | { status: 'invalid-phone' }
  | { status: 'unknown-conversation' }
  | { status: 'no-answer-yet' }
  | { status: 'too-many' }
  | { status: 'failed' };

export interface SendAnswerOptions {
  conversations: ConversationService;
  sender: SmsSender;
  translator: Translator;
  hashSecret: string;
  perConversation?: number;
  perNumberPerDay?: number;
  /** Where sends are counted (default: in memory; Redis when instances share the limits). */
  rates?: RateStore;
  now?: () => number;
}

const DAY_MS = 24 * 3_600_000;

export function createAnswerSender(options: SendAnswerOptions) {
  const now = options.now ?? Date.now;
  const perConversation = options.perConversation ?? 3;
  const perNumber = options.perNumberPerDay ?? 5;
  // In memory, a restart resets the counts, which only loosens a limit for a day.
  const rates = options.rates ?? createMemoryRateStore();

  return {
    async send(id: string, phone: string): Promise<SendAnswerResult> {
      if (!isFrenchMobile(phone)) return { status: 'invalid-phone' };
      const messages = await options.conversations.answer(id, 'sms');
      if (messages === null) return { status: 'unknown-conversation' };
      if (messages.length === 0) return { status: 'no-answer-yet' };
      const at = now();
      const conversationKey = `send:c:${id}`;
      const numberKey = `send:n:${hashPhone(options.hashSecret, phone)}`;
      if (
        (await rates.count(conversationKey, DAY_MS, at)) >= perConversation ||
        (await rates.count(numberKey, DAY_MS, at)) >= perNumber
      )
        return { status: 'too-many' };
      const bodies = renderSms(messages, options.translator(messages[0]?.lang ?? 'fr'));
      try {
        await options.sender.send(normalizePhone(phone), bodies);
      } catch {
        return { status: 'failed' };
      }
      for (const key of [conversationKey, numberKey]) await rates.add(key, DAY_MS, at);
      return { status: 'sent', sms: bodies.length };
    },
  };
}

export type AnswerSender = ReturnType<typeof createAnswerSender>;
