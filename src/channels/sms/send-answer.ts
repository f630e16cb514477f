/**
 * "Send to my phone": the answer a web conversation reached, by SMS, to a number typed for that send only.
 * The answer is rendered again from the stored conversation (never taken from the client), and the number
 * is neither stored nor logged. Limits keep the form from being used to flood someone's phone: a few sends
 * per conversation, and per number (counted by its keyed hash) per day.
 */
import type { Translator } from '../../orientation/translate.js';
import type { ConversationService } from '../conversation-service.js';
import { hashPhone, isFrenchMobile } from './phone-number.js';
import type { RateStore } from '../../sessions/rate-store.js';
import { createSmsDelivery } from './sms-delivery.js';
import type { SmsSender } from './sms-sender.js';

export type SendAnswerResult =
  | { status: 'sent'; sms: number }
  | { status: 'invalid-phone' }
  | { status: 'unknown-conversation' }
  | { status: 'no-answer-yet' }
  | { status: 'too-many' }
  | { status: 'opted-out' }
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
  /** Whether a number's hash sent STOP (the SMS channel's list): nothing is sent to it. */
  isOptedOut?: (numberHash: string) => Promise<boolean>;
}

const DAY_MS = 24 * 3_600_000;

export function createAnswerSender(options: SendAnswerOptions) {
  const perConversation = options.perConversation ?? 3;
  const perNumber = options.perNumberPerDay ?? 5;
  const isOptedOut = options.isOptedOut;
  const delivery = createSmsDelivery({
    ...options,
    ...(isOptedOut ? { optedOut: (phone: string) => isOptedOut(hashPhone(options.hashSecret, phone)) } : {}),
  });

  return {
    async send(id: string, phone: string): Promise<SendAnswerResult> {
      if (!isFrenchMobile(phone)) return { status: 'invalid-phone' };
      const messages = await options.conversations.answer(id, 'sms');
      if (messages === null) return { status: 'unknown-conversation' };
      if (messages.length === 0) return { status: 'no-answer-yet' };
      return delivery.deliver(phone, messages, options.translator(messages[0]?.lang ?? 'fr'), [
        { key: `send:c:${id}`, max: perConversation, windowMs: DAY_MS },
        { key: `send:n:${hashPhone(options.hashSecret, phone)}`, max: perNumber, windowMs: DAY_MS },
      ]);
    },
  };
}

export type AnswerSender = ReturnType<typeof createAnswerSender>;
