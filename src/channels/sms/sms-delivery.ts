/**
 * Sending an answer by SMS to a number typed for that send only ("send to my phone" on the web, the staff
 * slip): within its limits (counted in a RateStore, by keys that hold no number), rendered for SMS, through
 * the configured provider. The number is neither stored nor logged. Callers check the number first.
 */
import type { Outbound } from '../../dialogue/messages.js';
import type { Translate } from '../../orientation/translate.js';
import { createMemoryRateStore, type RateStore } from '../../sessions/rate-store.js';
import { normalizePhone } from './phone-number.js';
import { renderSms } from './render-sms.js';
import type { SmsSender } from './sms-sender.js';

/** At most `max` sends for `key` within `windowMs`. */
export interface SendLimit {
  key: string;
  max: number;
  windowMs: number;
}

export type DeliveryResult = { status: 'sent'; sms: number } | { status: 'too-many' } | { status: 'failed' };

export interface SmsDelivery {
  deliver(
    phone: string,
    messages: readonly Outbound[],
    t: Translate,
    limits: readonly SendLimit[],
  ): Promise<DeliveryResult>;
}

export function createSmsDelivery(options: {
  sender: SmsSender;
  /** Default: in memory, where a restart resets the counts (which only loosens a limit for a while). */
  rates?: RateStore;
  now?: () => number;
}): SmsDelivery {
  const now = options.now ?? Date.now;
  const rates = options.rates ?? createMemoryRateStore();
  return {
    async deliver(phone, messages, t, limits) {
      const at = now();
      for (const limit of limits)
        if ((await rates.count(limit.key, limit.windowMs, at)) >= limit.max) return { status: 'too-many' };
      const bodies = renderSms([...messages], t);
      try {
        await options.sender.send(normalizePhone(phone), bodies);
      } catch {
        return { status: 'failed' };
      }
      for (const limit of limits) await rates.add(limit.key, limit.windowMs, at);
      return { status: 'sent', sms: bodies.length };
    },
  };
}
