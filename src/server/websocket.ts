/**
 * The WebSocket side (`/ws`): one socket, one conversation, bound by the server. The client starts one or
 * resumes one by its id (a random UUID it received); it can never name another socket's conversation.
 * Small frames only, allowed origins only, a heartbeat, and a rate limit per socket.
 */
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ConversationService, Turn } from '../channels/conversation-service.js';
import { toMessageJson } from '../channels/web/messages-json.js';
import { LANGUAGES, type Language } from '../orientation/situation.js';
import type { Translator } from '../orientation/translate.js';
import { MAX_TEXT_LENGTH } from './app.js';

export const MAX_FRAME = 16 * 1024;
const RATE_WINDOW_MS = 10_000;
const RATE_MAX = 20;
const HEARTBEAT_MS = 30_000;

export interface WebSocketOptions {
  server: Server;
  conversations: ConversationService;
  translator: Translator;
  allowedOrigins: readonly string[];
}

interface Connection {
  id: string | null;
  alive: boolean;
  sent: number[];
}

function originAllowed(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser (a test client, a server-side integration)
  const host = request.headers.host;
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return allowed.includes(origin);
}

export function attachWebSocket(options: WebSocketOptions): { close(): void; count(): number } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME, path: '/ws' });
  const connections = new Map<WebSocket, Connection>();

  options.server.on('upgrade', (request, socket, head) => {
    if (!request.url?.startsWith('/ws')) return socket.destroy();
    if (!originAllowed(request, options.allowedOrigins)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return socket.destroy();
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  const send = (ws: WebSocket, payload: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(payload));
  };
  const messages = (turn: Turn) =>
    turn.messages.map((m) => toMessageJson(m, options.translator, new Date().toISOString().slice(0, 10)));
  const error = (ws: WebSocket, code: string, message: string) =>
    send(ws, { type: 'error', error: { code, message } });

  async function handle(ws: WebSocket, connection: Connection, data: unknown): Promise<void> {
    if (typeof data !== 'object' || data === null) return error(ws, 'invalid-message', 'send a JSON object');
    const frame = data as { type?: unknown; id?: unknown; text?: unknown; locale?: unknown; quiet?: unknown };
    if (frame.type === 'start' || (frame.type === 'resume' && typeof frame.id !== 'string')) {
      const locale = (LANGUAGES as readonly unknown[]).includes(frame.locale)
        ? (frame.locale as Language)
        : undefined;
      const started = await options.conversations.start('web', locale);
      connection.id = started.id;
      return send(ws, { type: 'conversation', id: started.id, messages: messages(started) });
    }
    if (frame.type === 'resume') {
      const id = String(frame.id);
      const resumed = await options.conversations.resume(id, 'web');
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
      const turn = await options.conversations.message(connection.id, 'web', frame.text);
      if (!turn)
        return error(ws, 'unknown-conversation', 'this conversation has expired: send { "type": "start" }');
      return send(ws, { type: 'messages', messages: messages(turn), ended: turn.ended });
    }
    return error(ws, 'invalid-message', 'type must be start, resume or message');
  }

  wss.on('connection', (ws) => {
    const connection: Connection = { id: null, alive: true, sent: [] };
    connections.set(ws, connection);
    ws.on('pong', () => {
      connection.alive = true;
    });
    ws.on('message', (raw, isBinary) => {
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
      handle(ws, connection, data).catch(() =>
        error(ws, 'internal', 'something went wrong on our side; try again'),
      );
    });
    ws.on('close', () => connections.delete(ws));
    ws.on('error', () => connections.delete(ws));
  });

  const heartbeat = setInterval(() => {
    for (const [ws, connection] of connections) {
      if (!connection.alive) {
        ws.terminate();
        connections.delete(ws);
        continue;
      }
      connection.alive = false;
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    close() {
      clearInterval(heartbeat);
      for (const ws of connections.keys()) ws.close(1001, 'server shutting down');
      wss.close();
    },
    count: () => connections.size,
  };
}
