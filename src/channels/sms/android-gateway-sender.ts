/**
 * Sends SMS through SMS Gateway for Android's API: `POST {base}/message` with Basic auth, one request per
 * SMS so they arrive in order. A phone on a mobile network drops requests: a failure (network, timeout,
 * 5xx, 429) is retried with exponential backoff and jitter; a refusal (other 4xx) is not.
 */
import type { SmsSender } from './sms-sender.js';

export interface GatewaySenderOptions {
  /** The device's local server (http://phone:8080) or the cloud API (https://api.sms-gate.app/3rdparty/v1). */
  baseUrl: string;
  username: string;
  password: string;
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

const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

export function createGatewaySender(options: GatewaySenderOptions): SmsSender {
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const url = `${options.baseUrl.replace(/\/+$/, '')}/message`;
  const authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;

  async function sendOne(to: string, text: string): Promise<void> {
    let last: SmsSendError = new SmsSendError('not sent', null);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      try {
        const response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ textMessage: { text }, phoneNumbers: [to] }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.body?.cancel();
        if (response.ok) return;
        last = new SmsSendError(`the gateway answered ${response.status}`, response.status);
        if (!retryable(response.status)) throw last;
      } catch (error) {
        if (error instanceof SmsSendError && !retryable(error.status ?? 500)) throw error;
        if (!(error instanceof SmsSendError))
          last = new SmsSendError(`the gateway could not be reached (${(error as Error).name})`, null);
      }
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
