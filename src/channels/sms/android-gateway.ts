/**
 * Webhooks of SMS Gateway for Android (the open-source capcom6 app): `sms:received` events, signed with
 * HMAC-SHA256 (hex) of the raw body followed by the `X-Timestamp` header, sent in `X-Signature`. A
 * signature is accepted within five minutes of its timestamp, so a captured request cannot be replayed
 * later. The app retries a webhook until it gets a 2xx: the channel deduplicates on the message id.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAX_MESSAGE_ID_LENGTH, type InboundSms } from './inbound-sms.js';

export const SIGNATURE_WINDOW_S = 5 * 60;

export function gatewaySignature(key: string, rawBody: Buffer | string, timestamp: string): string {
  return createHmac('sha256', key).update(rawBody).update(timestamp).digest('hex');
}

export type SignatureCheck = 'ok' | 'missing' | 'stale' | 'wrong';

export function verifyGatewaySignature(
  key: string,
  rawBody: Buffer,
  timestamp: string | undefined,
  signature: string | undefined,
  nowMs: number,
): SignatureCheck {
  if (!timestamp || !signature) return 'missing';
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(nowMs / 1000 - seconds) > SIGNATURE_WINDOW_S) return 'stale';
  const expected = Buffer.from(gatewaySignature(key, rawBody, timestamp), 'hex');
  const given = /^[0-9a-f]+$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'wrong';
}

export type GatewayEvent =
  | { kind: 'sms'; sms: InboundSms }
  /** Another event (sent, delivered, failed, ping…): acknowledged, nothing to do. */
  | { kind: 'other'; event: string }
  | { kind: 'invalid'; reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseGatewayWebhook(body: unknown): GatewayEvent {
  if (!isRecord(body) || typeof body.event !== 'string')
    return { kind: 'invalid', reason: 'not a webhook event' };
  if (body.event !== 'sms:received') return { kind: 'other', event: body.event };
  const payload = body.payload;
  if (!isRecord(payload)) return { kind: 'invalid', reason: 'sms:received without a payload' };
  const from = typeof payload.phoneNumber === 'string' ? payload.phoneNumber.trim() : '';
  // The event id is stable across the app's retries; the message id too, when the app gives one.
  const messageId =
    typeof payload.messageId === 'string' && payload.messageId
      ? payload.messageId
      : typeof body.id === 'string'
        ? body.id
        : '';
  if (!from || !messageId) return { kind: 'invalid', reason: 'sms:received without a number or an id' };
  if (messageId.length > MAX_MESSAGE_ID_LENGTH)
    return {
      kind: 'invalid',
      reason: `sms:received with an id longer than ${MAX_MESSAGE_ID_LENGTH} characters`,
    };
  return {
    kind: 'sms',
    sms: {
      provider: 'android-gateway',
      messageId,
      from,
      text: typeof payload.message === 'string' ? payload.message : '',
      mediaCount: 0,
    },
  };
}
