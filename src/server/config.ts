/** Server settings from the environment, checked at start with one clear message per bad value. */
import { resolve } from 'node:path';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Idle time before a conversation is forgotten. */
  sessionTtlMs: number;
  /** Origins allowed to open the WebSocket, besides the server's own. */
  allowedOrigins: string[];
  /** Load the French and English number models at start (seconds), not on the first message. */
  warmUp: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv): { config: ServerConfig; errors: string[] } {
  const errors: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      errors.push(`${name}=${JSON.stringify(raw)} must be a whole number between ${min} and ${max}`);
      return fallback;
    }
    return value;
  };
  const origins = (env.ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/]+$/.test(origin))
      errors.push(`ALLOWED_ORIGINS: ${JSON.stringify(origin)} must look like https://example.org (no path)`);
  }
  const config: ServerConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    sessionTtlMs: int('SESSION_TTL_HOURS', 24, 1, 24 * 365) * 3_600_000,
    allowedOrigins: origins,
    warmUp: env.WARM_UP !== '0',
  };
  return { config, errors };
}
