/** Server settings from the environment, checked at start with one clear message per bad value. */
import { resolve } from 'node:path';
import { DEFAULT_ADDRESS_LIMITS, parseRate, type AddressLimitsConfig } from './address-limits.js';
import { LOG_LEVELS, type LogLevel } from './logger.js';

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
  sms: SmsConfig;
  staff: StaffConfig;
  /** REDIS_URL: conversations, SMS state and staff sessions in Redis, shared by several instances. */
  redisUrl: string | null;
  /** Express's "trust proxy" (TRUST_PROXY): how to read the client's address behind a reverse proxy. */
  trustProxy: boolean | number | string;
  /** LOG_LEVEL: the least severe level written (JSON lines on stdout). */
  logLevel: LogLevel;
  /** METRICS_TOKEN: the bearer token of `GET /metrics`; null: /metrics answers 404. */
  metricsToken: string | null;
  /** SHUTDOWN_GRACE_MS: on SIGTERM, how long requests in progress may take to finish. */
  shutdownGraceMs: number;
  /** LIMIT_CONVERSATIONS, LIMIT_MESSAGES, LIMIT_WEBSOCKETS (`60/10m`): per client address. */
  addressLimits: AddressLimitsConfig;
}

export interface StaffConfig {
  /** YAML file of staff accounts (made by `aiguillage staff add`); missing is fine. */
  accountsFile: string;
  /** STAFF_ACCOUNTS: `name:role:hash`, comma-separated, besides the file. */
  accounts: string | null;
  /** Secure cookies: `auto` sets Secure unless the request came to a loopback address. */
  cookieSecure: 'auto' | 'always' | 'never';
  sessionMs: number;
}

export interface SmsConfig {
  /** The server's address as providers call it (https://…, no trailing slash): signed URLs use it. */
  publicUrl: string | null;
  /** Checks X-Twilio-Signature when set. */
  twilioAuthToken: string | null;
  /** SMS Gateway for Android: where to send replies; without it, replies go to the in-memory outbox. */
  androidGateway: { url: string; username: string; password: string } | null;
  /** Twilio's REST API, to send SMS that are not a webhook's reply ("send to my phone"). */
  twilioRest: { accountSid: string; from: string; apiUrl: string } | null;
  /** Keep SMS to send in memory instead of sending them (development, demos, tests). */
  outbox: boolean;
  /** Checks the gateway's X-Signature when set. */
  androidGatewaySigningKey: string | null;
  /**
   * SMS_ALLOW_UNSIGNED=1, for local tries only (refused when NODE_ENV=production): the webhook of a provider
   * without its key accepts unsigned requests. Otherwise such a webhook is not mounted at all: an unsigned
   * request could set STOP for anyone's number, or read their conversation.
   */
  allowUnsigned: boolean;
  /** The secret of the phone number hashes; when null, one is made and kept in DATA_DIR. */
  phoneHashSecret: string | null;
  /** Silence after which the next SMS first offers "resume or start again". */
  idleMs: number;
  /** How long an SMS conversation is kept after its last message. */
  sessionTtlMs: number;
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
  const text = (name: string): string | null => {
    const value = env[name]?.trim();
    return value ? value : null;
  };
  const publicUrl = text('PUBLIC_URL');
  if (publicUrl && !/^https?:\/\/[^/]+(\/.*)?$/.test(publicUrl))
    errors.push(`PUBLIC_URL=${JSON.stringify(publicUrl)} must look like https://aiguillage.example.org`);
  const twilioAuthToken = text('TWILIO_AUTH_TOKEN');
  if (twilioAuthToken && !publicUrl)
    errors.push('TWILIO_AUTH_TOKEN is set: PUBLIC_URL is needed too, to check the signatures Twilio sends');
  const gatewayUrl = text('ANDROID_GATEWAY_URL');
  if (gatewayUrl && !/^https?:\/\/\S+$/.test(gatewayUrl))
    errors.push(`ANDROID_GATEWAY_URL=${JSON.stringify(gatewayUrl)} must look like http://192.168.1.20:8080`);
  const gatewayUser = text('ANDROID_GATEWAY_USERNAME');
  const gatewayPassword = text('ANDROID_GATEWAY_PASSWORD');
  if (gatewayUrl && (!gatewayUser || !gatewayPassword))
    errors.push(
      'ANDROID_GATEWAY_URL is set: ANDROID_GATEWAY_USERNAME and ANDROID_GATEWAY_PASSWORD are needed too',
    );
  const phoneHashSecret = text('PHONE_HASH_SECRET');
  if (phoneHashSecret && phoneHashSecret.length < 32)
    errors.push('PHONE_HASH_SECRET must be at least 32 characters long (for example: openssl rand -hex 32)');
  const twilioSid = text('TWILIO_ACCOUNT_SID');
  const twilioFrom = text('TWILIO_FROM');
  if (twilioSid && (!twilioFrom || !twilioAuthToken))
    errors.push('TWILIO_ACCOUNT_SID is set: TWILIO_FROM and TWILIO_AUTH_TOKEN are needed too, to send SMS');
  const sms: SmsConfig = {
    publicUrl,
    twilioAuthToken,
    androidGateway:
      gatewayUrl && gatewayUser && gatewayPassword
        ? { url: gatewayUrl, username: gatewayUser, password: gatewayPassword }
        : null,
    twilioRest:
      twilioSid && twilioFrom && twilioAuthToken
        ? {
            accountSid: twilioSid,
            from: twilioFrom,
            apiUrl: text('TWILIO_API_URL') ?? 'https://api.twilio.com',
          }
        : null,
    outbox: env.SMS_OUTBOX === '1',
    allowUnsigned: env.SMS_ALLOW_UNSIGNED === '1',
    androidGatewaySigningKey: text('ANDROID_GATEWAY_SIGNING_KEY'),
    phoneHashSecret,
    idleMs: int('SMS_IDLE_HOURS', 72, 1, 24 * 365) * 3_600_000,
    sessionTtlMs: int('SMS_SESSION_TTL_HOURS', 7 * 24, 1, 24 * 365) * 3_600_000,
  };
  if (sms.allowUnsigned && env.NODE_ENV === 'production')
    errors.push(
      'SMS_ALLOW_UNSIGNED=1 is for local tries only and is refused when NODE_ENV=production: set ' +
        'TWILIO_AUTH_TOKEN or ANDROID_GATEWAY_SIGNING_KEY instead',
    );
  if (sms.sessionTtlMs <= sms.idleMs)
    errors.push(
      'SMS_SESSION_TTL_HOURS must be longer than SMS_IDLE_HOURS, or "resume or start again" never comes',
    );
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const cookieSecure = text('STAFF_COOKIE_SECURE') ?? 'auto';
  if (!['auto', '1', '0'].includes(cookieSecure))
    errors.push(`STAFF_COOKIE_SECURE=${JSON.stringify(cookieSecure)} must be auto, 1 or 0`);
  const staff: StaffConfig = {
    accountsFile: resolve(text('STAFF_ACCOUNTS_FILE') ?? `${dataDir}/staff-accounts.yaml`),
    accounts: text('STAFF_ACCOUNTS'),
    cookieSecure: cookieSecure === '1' ? 'always' : cookieSecure === '0' ? 'never' : 'auto',
    sessionMs: int('STAFF_SESSION_HOURS', 10, 1, 24 * 7) * 3_600_000,
  };
  const trustProxyRaw = text('TRUST_PROXY');
  let trustProxy: boolean | number | string = false;
  if (trustProxyRaw !== null) {
    if (/^\d+$/.test(trustProxyRaw)) trustProxy = Number(trustProxyRaw);
    else if (trustProxyRaw === 'true' || trustProxyRaw === 'false') trustProxy = trustProxyRaw === 'true';
    else if (/^[\w.:/, -]+$/.test(trustProxyRaw)) trustProxy = trustProxyRaw;
    else
      errors.push(
        `TRUST_PROXY=${JSON.stringify(trustProxyRaw)} must be a number of proxies, loopback, or addresses (see Express "trust proxy")`,
      );
  }
  const logLevel = text('LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    errors.push(`LOG_LEVEL=${JSON.stringify(logLevel)} must be one of ${LOG_LEVELS.join(', ')}`);
  const metricsToken = text('METRICS_TOKEN');
  if (metricsToken !== null && (metricsToken.length < 16 || /\s/.test(metricsToken)))
    errors.push(
      'METRICS_TOKEN must be at least 16 characters long, without spaces (for example: openssl rand -hex 32)',
    );
  const redisUrl = text('REDIS_URL');
  if (redisUrl && !/^rediss?:\/\/[^\s]+$/.test(redisUrl))
    errors.push(`REDIS_URL must look like redis://host:6379 or rediss://user:password@host:6380/0`);
  const addressLimits = { ...DEFAULT_ADDRESS_LIMITS };
  for (const action of ['conversations', 'messages', 'websockets'] as const) {
    const name = `LIMIT_${action.toUpperCase()}`;
    const raw = text(name);
    if (raw === null) continue;
    const rate = parseRate(raw);
    if (rate) addressLimits[action] = rate;
    else
      errors.push(`${name}=${JSON.stringify(raw)} must look like 60/10m (60 per 10 minutes; units s, m, h)`);
  }
  const config: ServerConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    sessionTtlMs: int('SESSION_TTL_HOURS', 24, 1, 24 * 365) * 3_600_000,
    allowedOrigins: origins,
    warmUp: env.WARM_UP !== '0',
    sms,
    staff,
    redisUrl,
    trustProxy,
    logLevel: (LOG_LEVELS as readonly string[]).includes(logLevel) ? (logLevel as LogLevel) : 'info',
    metricsToken,
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    addressLimits,
  };
  return { config, errors };
}
