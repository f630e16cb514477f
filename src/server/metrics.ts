/**
 * Prometheus metrics, served at `GET /metrics` with `Authorization: Bearer $METRICS_TOKEN`. One registry
 * per server (several servers in one test process do not mix their counts). Every label comes from a
 * short fixed list (channels, outcomes, service types, error kinds, route patterns): never an id, a
 * number, a text or an address.
 *
 * ```ts
 * const metrics = createMetrics();
 * const done = metrics.startTurn('web');
 * done('question'); // aiguillage_turns_total{channel="web",outcome="question"} 1, and the latency
 * ```
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConversationService, Turn } from '../channels/conversation-service.js';
import { countSegments } from '../channels/sms/segments.js';
import type { SmsSender } from '../channels/sms/sms-sender.js';
import { SERVICE_TYPES } from '../orientation/situation.js';

/** Where a turn came from: the HTTP API, the WebSocket, an SMS webhook, the staff triage page. */
export type TurnChannel = 'web' | 'ws' | 'sms' | 'staff';

export const TURN_OUTCOMES = [
  /** The bot asked a question (or said something before asking). */
  'question',
  /** The turn brought an orientation (recommendations). */
  'orientation',
  /** The turn brought the emergency numbers. */
  'emergency',
  /** A hand-off to a person. */
  'handoff',
  /** The conversation ended. */
  'end',
  /** Anything else the bot said (help, a confirmation). */
  'info',
  /** STOP: the person asked for silence, or an opted-out number wrote again. */
  'opted-out',
  /** A provider's retry of a message already handled. */
  'duplicate',
  'unknown-conversation',
  /** Refused before the dialogue (bad input, an incomplete situation for staff). */
  'invalid',
  /** The turn failed (the store was down…). */
  'error',
] as const;
export type TurnOutcome = (typeof TURN_OUTCOMES)[number];

export const ERROR_KINDS = [
  /** A request answered 500. */
  'http',
  /** A conversation turn threw (any channel). */
  'turn',
  /** An SMS could not be sent (provider refused or unreachable). */
  'sms-send',
  /** An SMS webhook with a missing or wrong signature. */
  'sms-signature',
  /** The shared session store (Redis) did not answer: the request got 503. */
  'store',
  /** The shared store (Redis) could not be reached: the person was told "temporarily unavailable". */
  'store',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** How an SMS left: in a webhook's TwiML reply, or through a sender (the gateway, Twilio's API, the outbox). */
export type SmsVia = 'twiml' | 'android-gateway' | 'twilio-api' | 'outbox' | 'custom';

const TURN_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS']);
const TYPES: ReadonlySet<string> = new Set(SERVICE_TYPES);

export interface Metrics {
  readonly registry: Registry;
  /** The exposition text and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
  /** Starts timing a turn; call the result once with its outcome. */
  startTurn(channel: TurnChannel): (outcome: TurnOutcome) => void;
  /** A turn that never reached the dialogue (a duplicate, a silenced number): counted, not timed. */
  turn(channel: TurnChannel, outcome: TurnOutcome): void;
  conversationStarted(channel: TurnChannel): void;
  /** An orientation was given: the first recommendation's type, and each recommended type. */
  orientation(channel: TurnChannel, types: readonly string[]): void;
  smsSent(via: SmsVia, bodies: readonly string[]): void;
  error(kind: ErrorKind): void;
  websocketOpened(): void;
  websocketClosed(): void;
  /** `route`: the route's pattern (`/api/conversations/:id`), never the path as requested. */
  httpRequest(method: string, route: string, status: number, seconds: number): void;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const turns = new Counter({
    name: 'aiguillage_turns_total',
    help: 'Conversation turns (a message from the person and the reply), by channel and outcome.',
    labelNames: ['channel', 'outcome'] as const,
    registers,
  });
  const turnSeconds = new Histogram({
    name: 'aiguillage_turn_duration_seconds',
    help: 'Time to handle one turn (load, dialogue step, store), by channel.',
    labelNames: ['channel'] as const,
    buckets: TURN_BUCKETS,
    registers,
  });
  const started = new Counter({
    name: 'aiguillage_conversations_started_total',
    help: 'Conversations started, by channel.',
    labelNames: ['channel'] as const,
    registers,
  });
  const orientations = new Counter({
    name: 'aiguillage_orientations_total',
    help: 'Orientations given, by channel and the service type recommended first.',
    labelNames: ['channel', 'first_type'] as const,
    registers,
  });
  const recommendations = new Counter({
    name: 'aiguillage_recommendations_total',
    help: 'Services recommended in orientations, by channel and service type (one orientation counts each of its types).',
    labelNames: ['channel', 'type'] as const,
    registers,
  });
  const smsSent = new Counter({
    name: 'aiguillage_sms_sent_total',
    help: 'SMS sent (one per body, however many segments), by way of sending.',
    labelNames: ['via'] as const,
    registers,
  });
  const smsSegments = new Counter({
    name: 'aiguillage_sms_segments_sent_total',
    help: 'SMS segments sent (what operators bill), by way of sending.',
    labelNames: ['via'] as const,
    registers,
  });
  const errors = new Counter({
    name: 'aiguillage_errors_total',
    help: 'Errors, by kind.',
    labelNames: ['kind'] as const,
    registers,
  });
  const sockets = new Gauge({
    name: 'aiguillage_websocket_connections',
    help: 'Open WebSocket connections.',
    registers,
  });
  const http = new Histogram({
    name: 'aiguillage_http_request_duration_seconds',
    help: 'HTTP requests, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });
  // Counters at zero from the start, so that rates work from the first scrape.
  for (const kind of ERROR_KINDS) errors.inc({ kind }, 0);

  const serviceType = (type: string) => (TYPES.has(type) ? type : 'other');
  return {
    registry,
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    startTurn(channel) {
      const stop = turnSeconds.startTimer({ channel });
      let done = false;
      return (outcome) => {
        if (done) return;
        done = true;
        stop();
        turns.inc({ channel, outcome });
      };
    },
    turn: (channel, outcome) => turns.inc({ channel, outcome }),
    conversationStarted: (channel) => started.inc({ channel }),
    orientation(channel, types) {
      const [first] = types;
      if (first === undefined) return;
      orientations.inc({ channel, first_type: serviceType(first) });
      for (const type of types) recommendations.inc({ channel, type: serviceType(type) });
    },
    smsSent(via, bodies) {
      if (bodies.length === 0) return;
      smsSent.inc({ via }, bodies.length);
      smsSegments.inc(
        { via },
        bodies.reduce((sum, body) => sum + countSegments(body), 0),
      );
    },
    error: (kind) => errors.inc({ kind }),
    websocketOpened: () => sockets.inc(),
    websocketClosed: () => sockets.dec(),
    httpRequest(method, route, status, seconds) {
      http.observe(
        { method: METHODS.has(method) ? method : 'other', route, status: String(status) },
        seconds,
      );
    },
  };
}

/** What a turn did, for the `outcome` label. */
export function outcomeOf(turn: Turn): TurnOutcome {
  const kinds = new Set(turn.messages.map((m) => m.kind));
  if (kinds.has('emergency')) return 'emergency';
  if (kinds.has('recommendation')) return 'orientation';
  if (turn.optedOut) return 'opted-out';
  if (kinds.has('handoff')) return 'handoff';
  if (kinds.has('question')) return 'question';
  if (turn.ended || kinds.has('end')) return 'end';
  return 'info';
}

/** The service types of the orientation a turn brought, first one first; [] when it brought none. */
export function recommendedTypes(turn: Turn): string[] {
  const message = turn.messages.find(
    (m) => (m.kind === 'recommendation' || m.kind === 'emergency') && (m.recommendations?.length ?? 0) > 0,
  );
  return message?.recommendations?.map((r) => r.type) ?? [];
}

/**
 * The conversation service as one channel uses it, counting its turns, their latency and outcome, and the
 * orientations they bring. Resumes are not counted (they repeat a question, they are not a turn).
 */
export function observeConversations(
  service: ConversationService,
  channel: TurnChannel,
  metrics: Metrics,
): ConversationService {
  const timed = async (call: () => Promise<Turn | null>): Promise<Turn | null> => {
    const done = metrics.startTurn(channel);
    try {
      const turn = await call();
      if (!turn) {
        done('unknown-conversation');
        return null;
      }
      done(outcomeOf(turn));
      metrics.orientation(channel, recommendedTypes(turn));
      return turn;
    } catch (error) {
      done('error');
      metrics.error('turn');
      throw error;
    }
  };
  return {
    ...service,
    async start(ch, lang) {
      const started = await service.start(ch, lang);
      metrics.conversationStarted(channel);
      return started;
    },
    message: (id, ch, text, opts) => timed(() => service.message(id, ch, text, opts)),
    async receive(id, ch, text, opts) {
      const turn = await timed(() => service.receive(id, ch, text, opts));
      // receive() never answers null: it opens the conversation when there is none.
      if (!turn) throw new Error('receive() gave no turn');
      return turn;
    },
  };
}

/** A sender that counts what it sent (only what the provider accepted). */
export function countingSender(sender: SmsSender, via: SmsVia, metrics: Metrics): SmsSender {
  return {
    async send(to, bodies) {
      try {
        await sender.send(to, bodies);
      } catch (error) {
        metrics.error('sms-send');
        throw error;
      }
      metrics.smsSent(via, bodies);
    },
  };
}

/** Compares a presented bearer token with the configured one in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}
