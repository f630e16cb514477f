/**
 * Sending an answer by SMS to a number typed for that send only ("send to my phone" on the web, the staff
 * slip): within its limits (counted in a RateStore, by keys that hold no number), rendered for SMS, through
 * the configured provider. The number is neither stored nor logged. Callers check the number first.
 */
import type { Outbound } from '../../dialogue/messages.js';
import type { Translate } from '../../orientation/translate.js';
import { createMemoryRateStore, type Limit, type RateStore } from '../../sessions/rate-store.js';
import { normalizePhone } from './phone-number.js';
import { renderSms } from './render-sms.js';
import type { SmsSender } from './sms-sender.js';

/** At most `max` sends for `key` within `windowMs`. */
export type SendLimit = Limit;

export type DeliveryResult =
  { status: 'sent'; sms: number } | { status: 'too-many' } | { status: 'opted-out' } | { status: 'failed' };

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
  /** Whether a number (normalised, +33…) sent STOP: nothing is sent to it. */
  optedOut?: (phone: string) => Promise<boolean>;
  now?: () => number;
}): SmsDelivery {
  const now = options.now ?? Date.now;
  const rates = options.rates ?? createMemoryRateStore();
  return {
    async deliver(phone, messages, t, limits) {
      const to = normalizePhone(phone);
      // A number that sent STOP gets nothing, whoever asks: an SMS can reveal a need on a shared phone.
      if (options.optedOut && (await options.optedOut(to))) return { status: 'opted-out' };
      // Reserved before sending, given back if the send fails: twenty requests at once cannot all pass.
      const reservation = await rates.reserve(limits, now());
      if (!reservation) return { status: 'too-many' };
      const bodies = renderSms([...messages], t);
      try {
        await options.sender.send(to, bodies);
      } catch {
        await reservation.release();
        return { status: 'failed' };
      }
      return { status: 'sent', sms: bodies.length };
    },
  };
}
