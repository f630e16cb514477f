/**
 * The SMS webhooks. Twilio-compatible providers get their reply synchronously as TwiML; SMS Gateway for
 * Android gets a fast 200 and the reply through its API, so that the phone's webhook never times out and
 * retries. A request whose signature fails gets 403 and changes nothing. Logs carry no number, no text.
 *
 * Closed by default: a provider's webhook exists only when its key is set (TWILIO_AUTH_TOKEN,
 * ANDROID_GATEWAY_SIGNING_KEY), and then every request must be signed. Unsigned requests are taken only
 * with `allowUnsigned` (SMS_ALLOW_UNSIGNED=1, local tries): otherwise anyone could send STOP for someone
 * else's number, read their conversation, or make the operator's account send SMS.
 */
import express, { type Request, type Response, type Router } from 'express';
import { createSerializer } from '../sessions/serialize.js';
import { parseGatewayWebhook, verifyGatewaySignature } from '../channels/sms/android-gateway.js';
import type { SmsSender } from '../channels/sms/sms-sender.js';
import type { SmsOutcome, SmsService } from '../channels/sms/sms-service.js';
import { parseTwilioInbound, twiml, verifyTwilioSignature, type FormParams } from '../channels/sms/twilio.js';
import { errorFields, type Logger } from './logger.js';
import type { Metrics } from './metrics.js';

export interface SmsRoutesOptions {
  sms: SmsService;
  twilio: { authToken: string | null; publicUrl: string | null };
  /** `sender` null: no way to send the replies (ANDROID_GATEWAY_URL unset), webhooks get 503. */
  androidGateway: { signingKey: string | null; sender: SmsSender | null };
  /** Mount the webhooks of providers without a key, taking unsigned requests (local tries only). */
  allowUnsigned?: boolean;
  /** Said by SMS when a turn fails (the store is down…): never silence, and the 15. */
  apology: string;
  logger: Logger;
  /** Counts SMS sent as TwiML replies, refused signatures, and messages that reached no turn. */
  metrics?: Metrics;
  now?: () => number;
}

export interface SmsRoutes extends Router {
  /** Resolves once the turns acknowledged but not finished (Android gateway) are done. */
  drain(): Promise<void>;
}

function sendTwiml(res: Response, bodies: readonly string[]): void {
  res.status(200).type('text/xml').send(twiml(bodies));
}

export function createSmsRoutes(options: SmsRoutesOptions): SmsRoutes {
  const router = express.Router();
  const now = options.now ?? Date.now;
  const sendInOrder = createSerializer();
  const { logger, metrics } = options;
  const pending = new Set<Promise<void>>();
  /** Outcomes that never reached the dialogue (the turns that did are counted by the conversation service's observer). */
  const countSkipped = (outcome: SmsOutcome) => {
    if (outcome.status !== 'replied') metrics?.turn('sms', outcome.status);
  };

  const allowUnsigned = options.allowUnsigned === true;
  if (options.twilio.authToken || allowUnsigned)
    router.post(
      '/sms/twilio',
      express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 }),
      async (req: Request, res: Response) => {
        const params = (req.body ?? {}) as FormParams;
        const { authToken, publicUrl } = options.twilio;
        if (authToken) {
          // The URL Twilio called, as the world sees it: behind a proxy the server cannot know it itself.
          const url = `${(publicUrl ?? '').replace(/\/+$/, '')}${req.originalUrl}`;
          const signature = req.get('x-twilio-signature');
          if (!verifyTwilioSignature(authToken, url, params, signature)) {
            metrics?.error('sms-signature');
            logger.warn(
              { provider: 'twilio', signature: signature ? 'wrong' : 'missing' },
              'sms: webhook refused (signature)',
            );
            res.status(403).type('text/plain').send('invalid signature');
            return;
          }
        }
        const inbound = parseTwilioInbound(params);
        if (!inbound) {
          res.status(400).type('text/plain').send('expected an incoming message (From, MessageSid)');
          return;
        }
        try {
          const outcome = await options.sms.receive(inbound);
          countSkipped(outcome);
          sendTwiml(res, outcome.bodies);
          metrics?.smsSent('twiml', outcome.bodies);
        } catch (error) {
          logger.error({ provider: 'twilio', ...errorFields(error) }, 'sms: turn failed');
          sendTwiml(res, [options.apology]);
          metrics?.smsSent('twiml', [options.apology]);
        }
      },
    );

  if (options.androidGateway.signingKey || allowUnsigned)
    router.post(
      '/sms/android-gateway',
      express.raw({ type: () => true, limit: '64kb' }),
      (req: Request, res: Response) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const key = options.androidGateway.signingKey;
        if (key) {
          const check = verifyGatewaySignature(
            key,
            raw,
            req.get('x-timestamp'),
            req.get('x-signature'),
            now(),
          );
          if (check !== 'ok') {
            metrics?.error('sms-signature');
            logger.warn(
              { provider: 'android-gateway', signature: check },
              'sms: webhook refused (signature)',
            );
            res.status(403).json({ error: { code: 'invalid-signature', message: `${check} signature` } });
            return;
          }
        }
        const sender = options.androidGateway.sender;
        if (!sender) {
          res.status(503).json({
            error: {
              code: 'no-sender',
              message: 'replies cannot be sent: set ANDROID_GATEWAY_URL (docs/sms.md)',
            },
          });
          return;
        }
        let body: unknown;
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          res.status(400).json({ error: { code: 'invalid-json', message: 'the body is not valid JSON' } });
          return;
        }
        const event = parseGatewayWebhook(body);
        if (event.kind === 'invalid') {
          res.status(400).json({ error: { code: 'invalid-event', message: event.reason } });
          return;
        }
        // Acknowledge at once; the turn and the reply follow.
        res.status(200).json({ received: true });
        if (event.kind !== 'sms') return;
        const { sms } = event;
        const turn = options.sms.receive(sms).then(
          (outcome) => {
            countSkipped(outcome);
            if (outcome.bodies.length === 0) return;
            return sendInOrder(outcome.to, () => sender.send(outcome.to, outcome.bodies)).catch(
              (error: unknown) =>
                logger.warn({ provider: 'android-gateway', ...errorFields(error) }, 'sms: reply not sent'),
            );
          },
          (error: unknown) =>
            logger.error({ provider: 'android-gateway', ...errorFields(error) }, 'sms: turn failed'),
        );
        pending.add(turn);
        void turn.finally(() => pending.delete(turn));
      },
    );

  return Object.assign(router, {
    async drain() {
      while (pending.size > 0) await Promise.all(pending);
    },
  });
}
