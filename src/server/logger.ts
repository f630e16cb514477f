/**
 * The server's logs: one JSON object per line on stdout (pino), with `level`, `time` and `msg`, for a log
 * collector to read. No personal data, ever: no phone number, no message text, no password, no address,
 * no conversation id. Callers log counts, kinds and route patterns; the `redact` paths are a safety net
 * for a field that slips in by mistake, not a licence to log objects about a person.
 *
 * ```ts
 * const logger = createLogger({ level: 'info' });
 * logger.info({ port: 3000 }, 'aiguillage listening');
 * // {"level":30,"time":1760000000000,"pid":1,"hostname":"…","port":3000,"msg":"aiguillage listening"}
 * ```
 */
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Fields that would carry personal data or secrets, at the top level and one level down. */
const SENSITIVE = ['phone', 'to', 'from', 'text', 'body', 'bodies', 'password', 'token', 'ip'];

export const REDACT_PATHS: readonly string[] = [
  ...SENSITIVE,
  ...SENSITIVE.map((key) => `*.${key}`),
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
];

export interface LoggerOptions {
  level?: LogLevel;
  /**
   * Where the lines go (default: stdout). A function gets each line without its newline: tests collect
   * them with `(line) => lines.push(line)`.
   */
  destination?: DestinationStream | ((line: string) => void);
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const { destination } = options;
  const stream: DestinationStream | undefined =
    typeof destination === 'function'
      ? { write: (line) => destination(line.replace(/\n$/, '')) }
      : destination;
  return pino(
    {
      level: options.level ?? 'info',
      // errorFields already made `err` plain ({ type, message, stack }); pino's own serializer would rename
      // its type to "Object".
      serializers: { err: (value: unknown) => value },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
    },
    stream ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** An error as a log field: its kind and stack, without the request that caused it. */
export function errorFields(error: unknown): { err: { type: string; message: string; stack?: string } } {
  if (error instanceof Error)
    return {
      err: {
        type: error.name,
        message: error.message,
        ...(error.stack ? { stack: error.stack } : {}),
      },
    };
  return { err: { type: typeof error, message: 'a non-Error value was thrown' } };
}
