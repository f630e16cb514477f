/**
 * The SMS webhooks. Twilio-compatible providers get their reply synchronously as TwiML; SMS Gateway for
 * Android gets a fast 200 and the reply through its API, so that the phone's webhook never times out and
 * retries. A request whose signature fails gets 403 and changes nothing. Logs carry no number, no text.
 */
import express, { type Request, type Response, type Router } from 'express';
import { createSerializer } from '../sessions/serialize.js';
import { parseGatewayWebhook, verifyGatewaySignature } from '../channels/sms/android-gateway.js';
import type { SmsSender } from '../channels/sms/sms-sender.js';
import type { SmsService } from '../channels/sms/sms-service.js';
import { parseTwilioInbound, twiml, verifyTwilioSignature, type FormParams } from '../channels/sms/twilio.js';

export interface SmsRoutesOptions {
  sms: SmsService;
  twilio: { authToken: string | null; publicUrl: string | null };
  /** `sender` null: no way to send the replies (ANDROID_GATEWAY_URL unset), webhooks get 503. */
  androidGateway: { signingKey: string | null; sender: SmsSender | null };
  /** Said by SMS when a turn fails (the store is down…): never silence, and the 15. */
  apology: string;
  log: (line: string) => void;
  now?: () => number;
}

function sendTwiml(res: Response, bodies: readonly string[]): void {
  res.status(200).type('text/xml').send(twiml(bodies));
}

export function createSmsRoutes(options: SmsRoutesOptions): Router {
  const router = express.Router();
  const now = options.now ?? Date.now;
  const sendInOrder = createSerializer();

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
          options.log(`sms: twilio webhook refused (${signature ? 'wrong' : 'missing'} signature)`);
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
        sendTwiml(res, outcome.bodies);
      } catch (error) {
        options.log(`sms: twilio turn failed (${(error as Error).name})`);
        sendTwiml(res, [options.apology]);
      }
    },
  );

  router.post(
    '/sms/android-gateway',
    express.raw({ type: () => true, limit: '64kb' }),
    (req: Request, res: Response) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const key = options.androidGateway.signingKey;
      if (key) {
        const check = verifyGatewaySignature(key, raw, req.get('x-timestamp'), req.get('x-signature'), now());
        if (check !== 'ok') {
          options.log(`sms: android-gateway webhook refused (${check} signature)`);
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
      options.sms.receive(sms).then(
        (outcome) => {
          if (outcome.bodies.length === 0) return;
          void sendInOrder(outcome.to, () => sender.send(outcome.to, outcome.bodies)).catch(
            (error: unknown) =>
              options.log(`sms: android-gateway reply not sent (${(error as Error).message})`),
          );
        },
        (error: unknown) => options.log(`sms: android-gateway turn failed (${(error as Error).name})`),
      );
    },
  );

  return router;
}
