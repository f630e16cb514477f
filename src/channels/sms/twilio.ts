/**
 * Twilio-compatible webhooks: the request's form parameters in, TwiML out. Twilio (and compatible
 * providers) sign each webhook with `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the account's auth
 * token, over the full public URL followed by every POST parameter as name+value, names sorted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAX_MESSAGE_ID_LENGTH, type InboundSms } from './inbound-sms.js';

export type FormParams = Record<string, string | string[] | undefined>;

export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? [...value].sort() : [value]) data += name + v;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** The URL with and without its scheme's default port: Twilio may sign either (as its own library accepts). */
function urlVariants(url: string): string[] {
  try {
    const parsed = new URL(url);
    const defaultPort = parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : '';
    if (!defaultPort) return [url];
    const rest = parsed.pathname + parsed.search;
    const withoutPort = `${parsed.protocol}//${parsed.hostname}${rest}`;
    const withPort = `${parsed.protocol}//${parsed.hostname}:${defaultPort}${rest}`;
    return parsed.port === '' || parsed.port === defaultPort ? [withoutPort, withPort] : [url];
  } catch {
    return [url];
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: FormParams,
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  return urlVariants(url).some((u) => sameText(twilioSignature(authToken, u, params), signature));
}

const first = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? (value[0] ?? '') : (value ?? '');

/** The message a Twilio webhook carries, or null when it is not an incoming message. */
export function parseTwilioInbound(params: FormParams): InboundSms | null {
  const from = first(params.From).trim();
  const messageId = first(params.MessageSid || params.SmsMessageSid || params.SmsSid).trim();
  if (!from || !messageId || messageId.length > MAX_MESSAGE_ID_LENGTH) return null;
  const mediaCount = Number.parseInt(first(params.NumMedia), 10);
  return {
    provider: 'twilio',
    messageId,
    from,
    text: first(params.Body),
    mediaCount: Number.isFinite(mediaCount) && mediaCount > 0 ? mediaCount : 0,
  };
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`,
  );
}

/** The TwiML answer: one <Message> per SMS; an empty <Response/> sends nothing. */
export function twiml(bodies: readonly string[]): string {
  const messages = bodies.map((body) => `<Message>${escapeXml(body)}</Message>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${messages}</Response>`;
}
