/**
 * Which SMS sender the configuration gives, for replies that are not a webhook's direct answer: the Android
 * gateway's API, Twilio's REST API, or (development) the in-memory outbox. None configured: the server
 * does not offer to send SMS rather than pretend to. The sender counts what it sent in the metrics.
 */
import { createGatewaySender, createTwilioSender } from '../channels/sms/http-sms-sender.js';
import { createOutboxSender, type SmsSender } from '../channels/sms/sms-sender.js';
import type { SmsConfig } from './config.js';
import type { Logger } from './logger.js';
import { countingSender, type Metrics } from './metrics.js';

export function smsSenderFrom(sms: SmsConfig, logger: Logger, metrics?: Metrics): SmsSender | null {
  const counted = (sender: SmsSender, via: 'android-gateway' | 'twilio-api' | 'outbox') =>
    metrics ? countingSender(sender, via, metrics) : sender;
  if (sms.androidGateway) {
    logger.info({ smsProvider: 'android-gateway' }, 'SMS are sent through SMS Gateway for Android');
    const { url, username, password } = sms.androidGateway;
    return counted(createGatewaySender({ baseUrl: url, username, password }), 'android-gateway');
  }
  if (sms.twilioRest && sms.twilioAuthToken) {
    logger.info({ smsProvider: 'twilio-api' }, "SMS are sent through Twilio's API");
    return counted(createTwilioSender({ ...sms.twilioRest, authToken: sms.twilioAuthToken }), 'twilio-api');
  }
  if (sms.outbox) {
    logger.info({ smsProvider: 'outbox' }, 'SMS_OUTBOX=1: SMS to send are kept in memory, not sent');
    const outbox = createOutboxSender();
    return counted(
      {
        async send(to, bodies) {
          await outbox.send(to, bodies);
          logger.info({ sms: bodies.length }, 'outbox: SMS kept, not sent');
        },
      },
      'outbox',
    );
  }
  logger.info(
    { smsProvider: null },
    'no SMS provider to send with: "send to my phone" is off (see docs/sms.md)',
  );
  return null;
}
