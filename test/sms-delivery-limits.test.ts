/**
 * Sending an answer by SMS ("send to my phone", the staff slip): the limits are reserved before the
 * provider is called and given back when it fails, so that concurrent requests cannot all pass; a number
 * that sent STOP gets nothing.
 */
import { describe, expect, it } from 'vitest';
import { createSmsDelivery } from '../src/channels/sms/sms-delivery.js';
import type { SmsSender } from '../src/channels/sms/sms-sender.js';
import type { Outbound } from '../src/dialogue/messages.js';
import { createMemoryRateStore } from '../src/sessions/rate-store.js';

const PHONE = '06 12 34 56 78';
const ANSWER: Outbound[] = [{ kind: 'recommendation', lang: 'fr', text: 'Voici où aller : la PASS.' }];
const t = (key: string) => key;
const LIMITS = [{ key: 'send:c:1', max: 3, windowMs: 86_400_000 }];

/** A provider that takes 300 ms (a slow network), failing when asked to. */
function slowSender(fail = false): SmsSender & { sent: number } {
  const sender = {
    sent: 0,
    async send() {
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (fail) throw new Error('provider down');
      sender.sent += 1;
    },
  };
  return sender;
}

describe('SMS delivery', () => {
  it('lets only 3 of 20 concurrent sends through a limit of 3, with a slow provider', async () => {
    const sender = slowSender();
    const delivery = createSmsDelivery({ sender, rates: createMemoryRateStore() });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => delivery.deliver(PHONE, ANSWER, t, LIMITS)),
    );
    expect(results.filter((r) => r.status === 'sent')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'too-many')).toHaveLength(17);
    expect(sender.sent).toBe(3);
  });

  it('gives the use back when the provider fails', async () => {
    const rates = createMemoryRateStore();
    const failing = createSmsDelivery({ sender: slowSender(true), rates });
    for (let i = 0; i < 5; i++)
      expect((await failing.deliver(PHONE, ANSWER, t, LIMITS)).status).toBe('failed');
    const working = createSmsDelivery({ sender: slowSender(), rates });
    expect((await working.deliver(PHONE, ANSWER, t, LIMITS)).status).toBe('sent');
  });

  it('sends nothing to a number that sent STOP', async () => {
    const sender = slowSender();
    const asked: string[] = [];
    const delivery = createSmsDelivery({
      sender,
      optedOut: async (phone) => {
        asked.push(phone);
        return true;
      },
    });
    expect(await delivery.deliver(PHONE, ANSWER, t, LIMITS)).toEqual({ status: 'opted-out' });
    expect(sender.sent).toBe(0);
    expect(asked).toEqual(['+33612345678']);
  });
});
