/**
 * What the conversation remembers between messages: the situation's fields, the resolved place (an INSEE
 * code, never the text typed), and the bookkeeping of the flow. No free text is ever stored.
 */
import type { Language, SituationField } from '../orientation/situation.js';
import type { DangerKind, Slots } from './understand/types.js';

/** Things to say at the end of the turn, as keys: the engine renders them in the person's language. */
export type OutboxItem =
  | { say: string }
  | { ask: string; misses: number }
  | { danger: DangerKind[] }
  | { recommend: true }
  | { handoff: true };

export type PlaceField = 'place';
export type AskedField = SituationField | PlaceField;

export interface DialogueContext {
  lang: Language | null;
  situation: Slots;
  /** The commune chosen or resolved (INSEE code). */
  place: string | null;
  /** Communes to choose from when the place was ambiguous (INSEE codes). */
  placeChoices: string[];
  /** Fields the person said they do not know: never asked again. */
  skipped: AskedField[];
  /** Fields in the order they were filled, so RETOUR can undo the last one. */
  history: AskedField[];
  /** Consecutive misunderstood answers to the current question. */
  misses: number;
  feedback: boolean | null;
  outbox: OutboxItem[];
}

export function initialContext(lang: Language | null): DialogueContext {
  return {
    lang,
    situation: {},
    place: null,
    placeChoices: [],
    skipped: [],
    history: [],
    misses: 0,
    feedback: null,
    outbox: [],
  };
}

export type DialogueEvent =
  /** An answer: every field the message gave, the place it named (resolved by the engine), a yes/no. */
  | { type: 'ANSWER'; slots: Slots; place?: string; placeChoices?: string[]; yesNo?: boolean }
  | { type: 'DONT_KNOW' }
  | { type: 'NOT_UNDERSTOOD' }
  | { type: 'CHOOSE'; id: string }
  | { type: 'LANGUAGE'; lang: Language }
  | { type: 'DANGER'; kinds: DangerKind[] }
  | { type: 'RESTART' }
  | { type: 'BACK' }
  | { type: 'HELP' }
  | { type: 'HUMAN' }
  | { type: 'URGENT' }
  | { type: 'STOP' }
  | { type: 'START' }
  | { type: 'TIMEOUT' };
