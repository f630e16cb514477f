/**
 * The secret of the phone number hashes. From PHONE_HASH_SECRET when set (several instances must share
 * it); otherwise made once and kept in DATA_DIR, readable by the server's user only, so that a restart
 * finds the same conversations and the same STOP list.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_FILE = 'phone-hash.secret';

export function phoneHashSecret(
  configured: string | null,
  dataDir: string,
): { secret: string; made: boolean } {
  if (configured) return { secret: configured, made: false };
  const file = join(dataDir, SECRET_FILE);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return { secret: kept, made: false };
  } catch {
    // not made yet
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, made: true };
}
