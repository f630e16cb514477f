/**
 * Which SMS sender the configuration gives, for replies that are not a webhook's direct answer: the Android
 * gateway's API, Twilio's REST API, or (development) the in-memory outbox. None configured: the server
 * does not offer to send SMS rather than pretend to.
 */
import { createGatewaySender, createTwilioSender } from '../channels/sms/http-sms-sender.js';
import { createOutboxSender, type SmsSender } from '../channels/sms/sms-sender.js';
import type { SmsConfig } from './config.js';

export function smsSenderFrom(sms: SmsConfig, log: (line: string) => void): SmsSender | null {
  if (sms.androidGateway) {
    log('SMS are sent through SMS Gateway for Android');
    const { url, username, password } = sms.androidGateway;
    return createGatewaySender({ baseUrl: url, username, password });
  }
  if (sms.twilioRest && sms.twilioAuthToken) {
    log("SMS are sent through Twilio's API");
    return createTwilioSender({ ...sms.twilioRest, authToken: sms.twilioAuthToken });
  }
  if (sms.outbox) {
    log('SMS_OUTBOX=1: SMS to send are kept in memory, not sent');
    const outbox = createOutboxSender();
    return {
      async send(to, bodies) {
        await outbox.send(to, bodies);
        log(`outbox: ${bodies.length} SMS kept, not sent`);
      },
    };
  }
  log('no SMS provider to send with: "send to my phone" is off (see docs/sms.md)');
  return null;
}
