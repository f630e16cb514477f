/** The server's settings from the environment: defaults, and one clear message per bad value. */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../src/server/config.js';

describe('readConfig', () => {
  it('runs on its embedded defaults with an empty environment', () => {
    const { config, errors } = readConfig({});
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      port: 3000,
      sessionTtlMs: 24 * 3_600_000,
      allowedOrigins: [],
      warmUp: true,
    });
    expect(config.sms).toEqual({
      publicUrl: null,
      twilioAuthToken: null,
      androidGateway: null,
      twilioRest: null,
      outbox: false,
      allowUnsigned: false,
      androidGatewaySigningKey: null,
      phoneHashSecret: null,
      idleMs: 72 * 3_600_000,
      sessionTtlMs: 168 * 3_600_000,
    });
  });

  it('reads the operations settings: log level, metrics token, shutdown grace', () => {
    const defaults = readConfig({}).config;
    expect(defaults).toMatchObject({ logLevel: 'info', metricsToken: null, shutdownGraceMs: 10_000 });
    const { config, errors } = readConfig({
      LOG_LEVEL: 'debug',
      METRICS_TOKEN: ' 0123456789abcdef0123 ',
      SHUTDOWN_GRACE_MS: '0',
    });
    expect(errors).toEqual([]);
    expect(config).toMatchObject({
      logLevel: 'debug',
      metricsToken: '0123456789abcdef0123',
      shutdownGraceMs: 0,
    });
  });

  it('never repeats the metrics token in its message', () => {
    const { errors } = readConfig({ METRICS_TOKEN: 'secret-ish' });
    expect(errors.join('\n')).not.toContain('secret-ish');
  });

  it('reads the staff settings', () => {
    const { config, errors } = readConfig({
      DATA_DIR: '/srv/aiguillage',
      STAFF_COOKIE_SECURE: '0',
      STAFF_SESSION_HOURS: '8',
      TRUST_PROXY: '1',
    });
    expect(errors).toEqual([]);
    expect(config.staff).toEqual({
      accountsFile: '/srv/aiguillage/staff-accounts.yaml',
      accounts: null,
      cookieSecure: 'never',
      sessionMs: 8 * 3_600_000,
    });
    expect(config.trustProxy).toBe(1);
    expect(readConfig({}).config.staff.cookieSecure).toBe('auto');
  });

  it('reads a complete SMS set-up', () => {
    const { config, errors } = readConfig({
      PUBLIC_URL: 'https://aiguillage.example.org',
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_ACCOUNT_SID: 'AC1',
      TWILIO_FROM: '+33644000000',
      ANDROID_GATEWAY_URL: 'http://192.168.1.20:8080',
      ANDROID_GATEWAY_USERNAME: 'sms',
      ANDROID_GATEWAY_PASSWORD: 'secret',
      ANDROID_GATEWAY_SIGNING_KEY: 'key',
      PHONE_HASH_SECRET: 'x'.repeat(32),
      SMS_IDLE_HOURS: '48',
      SMS_SESSION_TTL_HOURS: '96',
    });
    expect(errors).toEqual([]);
    expect(config.sms.androidGateway).toEqual({
      url: 'http://192.168.1.20:8080',
      username: 'sms',
      password: 'secret',
    });
    expect(config.sms.twilioRest).toEqual({
      accountSid: 'AC1',
      from: '+33644000000',
      apiUrl: 'https://api.twilio.com',
    });
    expect(config.sms.idleMs).toBe(48 * 3_600_000);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT="abc" must be a whole number between 0 and 65535'],
    [{ SESSION_TTL_HOURS: '0' }, 'SESSION_TTL_HOURS="0" must be a whole number between 1 and 8760'],
    [
      { ALLOWED_ORIGINS: 'https://ville.fr/page' },
      'ALLOWED_ORIGINS: "https://ville.fr/page" must look like https://example.org (no path)',
    ],
    [
      { PUBLIC_URL: 'aiguillage.org' },
      'PUBLIC_URL="aiguillage.org" must look like https://aiguillage.example.org',
    ],
    [
      { TWILIO_AUTH_TOKEN: 't' },
      'TWILIO_AUTH_TOKEN is set: PUBLIC_URL is needed too, to check the signatures Twilio sends',
    ],
    [
      { ANDROID_GATEWAY_URL: 'http://phone:8080' },
      'ANDROID_GATEWAY_URL is set: ANDROID_GATEWAY_USERNAME and ANDROID_GATEWAY_PASSWORD are needed too',
    ],
    [
      { ANDROID_GATEWAY_URL: 'phone:8080', ANDROID_GATEWAY_USERNAME: 'u', ANDROID_GATEWAY_PASSWORD: 'p' },
      'ANDROID_GATEWAY_URL="phone:8080" must look like http://192.168.1.20:8080',
    ],
    [
      { PHONE_HASH_SECRET: 'short' },
      'PHONE_HASH_SECRET must be at least 32 characters long (for example: openssl rand -hex 32)',
    ],
    [
      { SMS_IDLE_HOURS: '200' },
      'SMS_SESSION_TTL_HOURS must be longer than SMS_IDLE_HOURS, or "resume or start again" never comes',
    ],
    [
      { TWILIO_ACCOUNT_SID: 'AC1' },
      'TWILIO_ACCOUNT_SID is set: TWILIO_FROM and TWILIO_AUTH_TOKEN are needed too, to send SMS',
    ],
    [{ STAFF_COOKIE_SECURE: 'yes' }, 'STAFF_COOKIE_SECURE="yes" must be auto, 1 or 0'],
    [{ STAFF_SESSION_HOURS: '0' }, 'STAFF_SESSION_HOURS="0" must be a whole number between 1 and 168'],
    [
      { TRUST_PROXY: '$(reboot)' },
      'TRUST_PROXY="$(reboot)" must be a number of proxies, loopback, or addresses (see Express "trust proxy")',
    ],
    [
      { LOG_LEVEL: 'verbose' },
      'LOG_LEVEL="verbose" must be one of fatal, error, warn, info, debug, trace, silent',
    ],
    [
      { METRICS_TOKEN: 'short' },
      'METRICS_TOKEN must be at least 16 characters long, without spaces (for example: openssl rand -hex 32)',
    ],
    [
      { METRICS_TOKEN: 'long enough but with spaces' },
      'METRICS_TOKEN must be at least 16 characters long, without spaces (for example: openssl rand -hex 32)',
    ],
    [{ SHUTDOWN_GRACE_MS: '-1' }, 'SHUTDOWN_GRACE_MS="-1" must be a whole number between 0 and 600000'],
    [{ SHUTDOWN_GRACE_MS: '2.5' }, 'SHUTDOWN_GRACE_MS="2.5" must be a whole number between 0 and 600000'],
  ])('%o → %s', (env, message) => {
    expect(readConfig(env).errors).toContain(message);
  });
});
