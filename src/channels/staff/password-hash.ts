/**
 * Staff passwords as scrypt hashes (node:crypto, a standard memory-hard KDF; OWASP's recommended cost:
 * N = 2^17, r = 8, p = 1). The hash carries its own cost, so old hashes keep working when the default rises.
 *
 * Example: `scrypt$17$8$1$<salt, base64url>$<key, base64url>`
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PREFIX = 'scrypt';
const KEY_LENGTH = 32;
export const DEFAULT_LOG_N = 17;

export interface HashOptions {
  /** log2 of scrypt's N (cost). Tests may lower it; accounts should keep the default. */
  logN?: number;
}

interface Parsed {
  logN: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  // scrypt needs 128 × N × r bytes; Node's default ceiling (32 MiB) is below N = 2^17.
  const options: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

export function parseHash(hash: string): Parsed | null {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return null;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every(Number.isInteger) || logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16)
    return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 16 || key.length !== KEY_LENGTH) return null;
  return { logN, r, p, salt, key };
}

export async function hashPassword(password: string, options: HashOptions = {}): Promise<string> {
  const logN = options.logN ?? DEFAULT_LOG_N;
  const salt = randomBytes(16);
  const key = await derive(password, salt, logN, 8, 1);
  return [PREFIX, logN, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `password` matches `hash`. A malformed hash never matches. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.logN, parsed.r, parsed.p);
  return timingSafeEqual(key, parsed.key);
}

let dummy: Promise<string> | undefined;
/**
 * Spends the time of a real check for a name that has no account, so the answer's delay does not tell
 * which names exist.
 */
export async function verifyNothing(password: string, logN = DEFAULT_LOG_N): Promise<false> {
  dummy ??= hashPassword('no account has this password', { logN });
  await verifyPassword(password, await dummy);
  return false;
}
