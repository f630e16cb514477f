/**
 * The WebSocket side (`/ws`): one socket, one conversation, bound by the server. The client starts one or
 * resumes one by its id (a random UUID it received); it can never name another socket's conversation.
 * Small frames only, allowed origins only, a heartbeat, and a rate limit per socket. On shutdown, each
 * socket gets the reply to the turn it is waiting for, then a close with code 1001 ("going away"): the
 * widget reconnects, to another instance, and resumes the conversation.
 */
import { StoreUnavailableError } from '../sessions/session-store.js';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConversationService, Turn } from '../channels/conversation-service.js';
import { toMessageJson } from '../channels/web/messages-json.js';
import { LANGUAGES, type Language } from '../orientation/situation.js';
import type { Translator } from '../orientation/translate.js';
import type { AddressLimits } from './address-limits.js';
import { MAX_TEXT_LENGTH, TOO_MANY, UNAVAILABLE, UUID } from './app.js';
import { errorFields, type Logger } from './logger.js';
import { observeConversations, type Metrics } from './metrics.js';

export const MAX_FRAME = 16 * 1024;
const RATE_WINDOW_MS = 10_000;
const RATE_MAX = 20;
const HEARTBEAT_MS = 30_000;

export interface WebSocketOptions {
  server: Server;
  conversations: ConversationService;
  translator: Translator;
  allowedOrigins: readonly string[];
  logger?: Logger;
  metrics?: Metrics;
  /** Per-address limits on sockets, new conversations and messages (shared with the HTTP API). */
  addressLimits?: AddressLimits;
  /** The client's address of an upgrade request (behind a proxy: X-Forwarded-For, as TRUST_PROXY says). */
  addressOf?: (request: IncomingMessage) => string;
}

interface Connection {
  /** The client's address, for the per-address limits. */
  address: string;
  id: string | null;
  alive: boolean;
  sent: number[];
  /** Turns in progress: on shutdown, the socket closes after they replied. */
  busy: Set<Promise<void>>;
}

export interface AttachedWebSocket {
  /**
   * Refuses new sockets, lets each open one receive the reply it is waiting for, then closes it with
   * 1001. Resolves when every turn in progress has finished.
   */
  close(): Promise<void>;
  /** Drops every socket at once (the grace period is over). */
  terminate(): void;
  count(): number;
}

function originAllowed(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser (a test client, a server-side integration)
  const host = request.headers.host;
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return allowed.includes(origin);
}

export function attachWebSocket(options: WebSocketOptions): AttachedWebSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME, path: '/ws' });
  const connections = new Map<WebSocket, Connection>();
  const { metrics, logger } = options;
  // Turns over the WebSocket are counted as the `ws` channel.
  const conversations = metrics
    ? observeConversations(options.conversations, 'ws', metrics)
    : options.conversations;
  let closing = false;
  const drop = (ws: WebSocket) => {
    if (connections.delete(ws)) metrics?.websocketClosed();
  };

  options.server.on('upgrade', (request, socket, head) => {
    if (!request.url?.startsWith('/ws')) return socket.destroy();
    if (closing) {
      socket.write('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return socket.destroy();
    }
    if (!originAllowed(request, options.allowedOrigins)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return socket.destroy();
    }
    const limits = options.addressLimits;
    if (!limits) return wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    const address = options.addressOf?.(request) ?? request.socket.remoteAddress ?? '';
    limits.take('websockets', address).then(
      (wait) => {
        if (wait === null)
          return wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
        socket.write(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${wait}\r\nConnection: close\r\n\r\n`);
        socket.destroy();
      },
      () => {
        socket.write('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
        socket.destroy();
      },
    );
  });

  const send = (ws: WebSocket, payload: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
  };
  const messages = (turn: Turn) =>
    turn.messages.map((m) => toMessageJson(m, options.translator, new Date().toISOString().slice(0, 10)));
  const error = (ws: WebSocket, code: string, message: string) =>
    send(ws, { type: 'error', error: { code, message } });

  /** True when the address may go on; otherwise the socket is told when to try again. */
  const allowed = async (ws: WebSocket, connection: Connection, action: 'conversations' | 'messages') => {
    const wait = (await options.addressLimits?.take(action, connection.address)) ?? null;
    if (wait !== null)
      send(ws, {
        type: 'error',
        error: { code: TOO_MANY.code, message: TOO_MANY.message(wait) },
        retryAfter: wait,
      });
    return wait === null;
  };

  async function handle(ws: WebSocket, connection: Connection, data: unknown): Promise<void> {
    if (typeof data !== 'object' || data === null) return error(ws, 'invalid-message', 'send a JSON object');
    const frame = data as { type?: unknown; id?: unknown; text?: unknown; locale?: unknown; quiet?: unknown };
    // Only a conversation id can be resumed (never an SMS conversation's key, never an over-long string).
    if (frame.type === 'resume' && typeof frame.id === 'string' && !UUID.test(frame.id))
      return handle(ws, connection, { type: 'start', locale: frame.locale });
    if (frame.type === 'start' || (frame.type === 'resume' && typeof frame.id !== 'string')) {
      if (!(await allowed(ws, connection, 'conversations'))) return;
      const locale = (LANGUAGES as readonly unknown[]).includes(frame.locale)
        ? (frame.locale as Language)
        : undefined;
      const started = await conversations.start('web', locale);
      connection.id = started.id;
      return send(ws, { type: 'conversation', id: started.id, messages: messages(started) });
    }
    if (frame.type === 'resume') {
      const id = String(frame.id);
      const resumed = await conversations.resume(id, 'web');
      if (!resumed) return handle(ws, connection, { type: 'start' });
      connection.id = id;
      // `quiet`: a reconnection whose page still shows the conversation; the question is not repeated.
      return send(ws, { type: 'conversation', id, messages: frame.quiet === true ? [] : messages(resumed) });
    }
    if (frame.type === 'message') {
      if (typeof frame.text !== 'string')
        return error(ws, 'missing-text', 'send { "type": "message", "text": "…" }');
      if (frame.text.length > MAX_TEXT_LENGTH)
        return error(ws, 'text-too-long', `a message is at most ${MAX_TEXT_LENGTH} characters`);
      if (!connection.id) return error(ws, 'no-conversation', 'send { "type": "start" } first');
      if (!(await allowed(ws, connection, 'messages'))) return;
      const turn = await conversations.message(connection.id, 'web', frame.text);
      if (!turn)
        return error(ws, 'unknown-conversation', 'this conversation has expired: send { "type": "start" }');
      return send(ws, { type: 'messages', messages: messages(turn), ended: turn.ended });
    }
    return error(ws, 'invalid-message', 'type must be start, resume or message');
  }

  wss.on('connection', (ws, request: IncomingMessage) => {
    const address = options.addressOf?.(request) ?? request.socket.remoteAddress ?? '';
    const connection: Connection = { address, id: null, alive: true, sent: [], busy: new Set() };
    connections.set(ws, connection);
    metrics?.websocketOpened();
    ws.on('pong', () => {
      connection.alive = true;
    });
    ws.on('message', (raw, isBinary) => {
      if (closing) return error(ws, 'stopping', 'the server is restarting: send it again in a moment');
      const now = Date.now();
      connection.sent = connection.sent.filter((at) => at > now - RATE_WINDOW_MS);
      if (connection.sent.length >= RATE_MAX)
        return error(ws, 'rate-limited', 'too many messages: wait a few seconds');
      connection.sent.push(now);
      if (isBinary) return error(ws, 'invalid-message', 'send text frames');
      let data: unknown;
      try {
        data = JSON.parse(raw.toString());
      } catch {
        return error(ws, 'invalid-json', 'the frame is not valid JSON');
      }
      const turn = handle(ws, connection, data).catch((failure: unknown) => {
        if (failure instanceof StoreUnavailableError) {
          metrics?.error('store');
          return error(ws, UNAVAILABLE.code, UNAVAILABLE.message);
        }
        logger?.error(errorFields(failure), 'websocket turn failed');
        error(ws, 'internal', 'something went wrong on our side; try again');
      });
      connection.busy.add(turn);
      void turn.finally(() => connection.busy.delete(turn));
    });
    ws.on('close', () => drop(ws));
    ws.on('error', () => drop(ws));
  });

  const heartbeat = setInterval(() => {
    for (const [ws, connection] of connections) {
      if (!connection.alive) {
        ws.terminate();
        drop(ws);
        continue;
      }
      connection.alive = false;
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    async close() {
      closing = true;
      clearInterval(heartbeat);
      await Promise.all(
        [...connections].map(async ([ws, connection]) => {
          await Promise.all(connection.busy);
          ws.close(1001, 'server shutting down');
        }),
      );
      wss.close();
    },
    terminate() {
      for (const ws of connections.keys()) {
        ws.terminate();
        drop(ws);
      }
    },
    count: () => connections.size,
  };
}
