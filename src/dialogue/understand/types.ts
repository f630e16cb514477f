/**
 * What the understanding layer makes of one message, given what the current question expects. The
 * dialogue turns this into machine events; it never sees the raw text again (no free text is stored).
 */
import type { DangerKind, Language, Situation } from '../../orientation/situation.js';
export { DANGER_KINDS, type DangerKind } from '../../orientation/situation.js';

/** A numbered or labelled option the person can pick. `labels` are what it may be called, in the message's language. */
export interface ChoiceOption {
  id: string;
  labels: string[];
}

/** What the question just asked expects: only that kind of value is looked for with the recognizers. */
export type Expectation =
  | { kind: 'choice'; options: ChoiceOption[] }
  | { kind: 'boolean' }
  | { kind: 'age' }
  | { kind: 'place' }
  /** Nothing in particular (first message, after a recommendation): fill whatever slots the message gives. */
  | { kind: 'free' };

export const KEYWORDS = ['stop', 'start', 'help', 'restart', 'back', 'language', 'urgent', 'human'] as const;
export type Keyword = (typeof KEYWORDS)[number];

/** Situation fields a message can fill (the place is found apart, as text to resolve). */
export type Slots = Partial<Omit<Situation, 'place'>>;

export interface Understanding {
  /** The option picked, for a choice question (by number, label, typo-tolerant label or lexicon synonym). */
  choice?: string;
  /** A yes or a no, for a boolean question. */
  yesNo?: boolean;
  /** An age in years, for an age question (or found in a free message: "j'ai 17 ans"). */
  age?: number;
  /** "je ne sais pas", "idk", "ما أعرف"… */
  dontKnow?: boolean;
  /** Every situation field the lexicon recognised anywhere in the message. */
  slots: Slots;
  /** The part of the message that names a place (a postcode, or words after "à", "sur", "in"…), to resolve. */
  placeText?: string;
  /** Danger said anywhere in the message, in any language. */
  danger: DangerKind[];
  /** True when the recognizers-text models were called for this message. */
  usedRecognizers: boolean;
}

/** A whole-message keyword (STOP, AIDE, RETOUR…), with the language for `language`. */
export interface KeywordHit {
  keyword: Keyword;
  lang?: Language;
}
