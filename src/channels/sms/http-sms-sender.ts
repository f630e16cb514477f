/**
 * Sending SMS through a provider's HTTP API, one request per SMS so that they arrive in order. Networks drop
 * requests (a gateway phone on a mobile network most of all): a failure (network, timeout, 408, 429, 5xx)
 * is retried with exponential backoff and jitter; a refusal (another 4xx) is not, since it would fail again.
 *
 * - SMS Gateway for Android: `POST {base}/message`, Basic auth, `{textMessage: {text}, phoneNumbers: [to]}`.
 * - Twilio: `POST {api}/2010-04-01/Accounts/{sid}/Messages.json`, Basic auth, form `To`, `From`, `Body`
 *   (`MessagingServiceSid` instead of `From` when the sender is a messaging service, MG…).
 */
import type { SmsSender } from './sms-sender.js';

export interface RetryOptions {
  /** Attempts per SMS, the first included (default 5). */
  attempts?: number;
  /** First wait before a retry (ms, default 500); doubled each time. */
  backoffMs?: number;
  /** Per request (ms, default 15 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export class SmsSendError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'SmsSendError';
  }
}

interface ProviderRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

function createHttpSmsSender(
  build: (to: string, text: string) => ProviderRequest,
  options: RetryOptions,
): SmsSender {
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function sendOne(to: string, text: string): Promise<void> {
    const request = build(to, text);
    let last = new SmsSendError('not sent', null);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await doFetch(request.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) return;
        last = new SmsSendError(`the provider answered ${response.status}`, response.status);
      } catch (error) {
        last = new SmsSendError(`the provider could not be reached (${(error as Error).name})`, null);
      }
      if (last.status !== null && !retryable(last.status)) throw last;
      if (attempt < attempts) {
        const wait = backoffMs * 2 ** (attempt - 1);
        await sleep(wait / 2 + Math.random() * (wait / 2));
      }
    }
    throw last;
  }

  return {
    async send(to, bodies) {
      for (const body of bodies) await sendOne(to, body);
    },
  };
}

export interface GatewaySenderOptions extends RetryOptions {
  /** The device's local server (http://phone:8080) or the cloud API (https://api.sms-gate.app/3rdparty/v1). */
  baseUrl: string;
  username: string;
  password: string;
}

export function createGatewaySender(options: GatewaySenderOptions): SmsSender {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/message`;
  const authorization = basic(options.username, options.password);
  return createHttpSmsSender(
    (to, text) => ({
      url,
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ textMessage: { text }, phoneNumbers: [to] }),
    }),
    options,
  );
}

export interface TwilioSenderOptions extends RetryOptions {
  accountSid: string;
  authToken: string;
  /** The sending number (+33…) or a messaging service (MG…). */
  from: string;
  /** https://api.twilio.com, or a compatible API. */
  apiUrl?: string;
}

export function createTwilioSender(options: TwilioSenderOptions): SmsSender {
  const api = (options.apiUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
  const url = `${api}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const authorization = basic(options.accountSid, options.authToken);
  const fromField = options.from.startsWith('MG') ? 'MessagingServiceSid' : 'From';
  return createHttpSmsSender(
    (to, text) => ({
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
      body: new URLSearchParams({ To: to, [fromField]: options.from, Body: text }).toString(),
    }),
    options,
  );
}
