/**
 * Limits per client address on what costs storage or work: new conversations, messages, WebSocket
 * connections. One client (or one web page whose visitors are made to post) must not fill the store. The
 * counts live in the shared RateStore (Redis when instances share it), under a keyed hash of the address:
 * an address is personal data and is never stored as such.
 */
import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RateStore } from '../sessions/rate-store.js';

export type LimitedAction = 'conversations' | 'messages' | 'websockets';

export interface Rate {
  max: number;
  windowMs: number;
}

export type AddressLimitsConfig = Record<LimitedAction, Rate>;

/**
 * Generous for a shared address (a library's or an association's Wi-Fi, a reception desk): a person makes
 * one conversation and a few messages a minute; a flood makes thousands.
 */
export const DEFAULT_ADDRESS_LIMITS: AddressLimitsConfig = {
  conversations: { max: 60, windowMs: 10 * 60_000 },
  messages: { max: 600, windowMs: 10 * 60_000 },
  websockets: { max: 120, windowMs: 10 * 60_000 },
};

export interface AddressLimits {
  /** Takes one use; null when allowed, else the seconds to wait before trying again. */
  take(action: LimitedAction, address: string): Promise<number | null>;
}

export function createAddressLimits(
  rates: RateStore,
  config: AddressLimitsConfig,
  secret: string,
  now: () => number = Date.now,
): AddressLimits {
  const keyOf = (action: LimitedAction, address: string) =>
    `address:${action}:${createHmac('sha256', secret).update(address).digest('base64url').slice(0, 22)}`;
  return {
    async take(action, address) {
      const { max, windowMs } = config[action];
      const reservation = await rates.reserve([{ key: keyOf(action, address), max, windowMs }], now());
      return reservation ? null : Math.ceil(windowMs / 1000);
    },
  };
}

/**
 * The client's address of a raw request (a WebSocket upgrade), read as Express reads `req.ip`: from the
 * socket, then X-Forwarded-For from the right for as long as the hop is trusted (`trust proxy`).
 */
export function addressOf(
  request: IncomingMessage,
  trusted: (address: string, hop: number) => boolean,
): string {
  const forwarded = request.headers['x-forwarded-for'];
  const chain = [
    request.socket.remoteAddress ?? '',
    ...(typeof forwarded === 'string'
      ? forwarded
          .split(',')
          .map((a) => a.trim())
          .reverse()
      : []),
  ];
  for (let hop = 0; hop < chain.length - 1; hop++) {
    if (!trusted(chain[hop] ?? '', hop)) return chain[hop] ?? '';
  }
  return chain[chain.length - 1] ?? '';
}

/** Parses `60/10m` (60 per 10 minutes); null when malformed. Units: s, m, h. */
export function parseRate(text: string): Rate | null {
  const match = /^(\d{1,7})\/(\d{1,5})([smh])$/.exec(text.trim());
  if (!match) return null;
  const unit = { s: 1000, m: 60_000, h: 3_600_000 }[match[3] as 's' | 'm' | 'h'];
  const max = Number(match[1]);
  const windowMs = Number(match[2]) * unit;
  return max > 0 && windowMs > 0 ? { max, windowMs } : null;
}
