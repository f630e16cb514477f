/**
 * What flows in and out of the dialogue, whatever the channel. A channel turns its provider's payload into
 * an `Inbound`, and renders `Outbound` messages for its medium (buttons on the web, numbered GSM-7 text by
 * SMS, a slip for staff).
 */
import type { Recommendation } from '../orientation/orient.js';
import type { Language } from '../orientation/situation.js';

export type ChannelKind = 'web' | 'sms' | 'staff' | 'cli';

export type Inbound =
  /** The conversation opens without a message (web widget opened). */
  | { type: 'start'; channel: ChannelKind; lang?: Language }
  /** A message from the person (`mediaOnly`: it carried only pictures or sound, no text). */
  | { type: 'text'; channel: ChannelKind; text: string; lang?: Language; mediaOnly?: boolean }
  /** Sent by the engine after a long silence (never by the person). */
  | { type: 'timeout'; channel: ChannelKind };

export interface Choice {
  id: string;
  label: string;
}

export type OutboundKind = 'info' | 'question' | 'emergency' | 'recommendation' | 'handoff' | 'end';

export interface Outbound {
  kind: OutboundKind;
  lang: Language;
  /** Plain text, already in the person's language. */
  text: string;
  /** For a question: which one (e.g. "rights", "place"), so a channel or a test knows what was asked. */
  question?: string;
  /** Numbered options, in order: choice 1 is `choices[0]`. Free text is always accepted too. */
  choices?: Choice[];
  /** The orientation, as `orient()` returns it, when this message carries one. */
  recommendations?: Recommendation[];
}
