/**
 * How many SMS segments a text costs, as the operator will count them: GSM-7 carries 160 characters in
 * one SMS and 153 per segment once split (the concatenation header takes the rest), UCS-2 carries 70 and
 * 67. `measure` asks `sms-segments-calculator` (Twilio's calculator); `countSegments` is the same count
 * without its overhead, for the many trial cuts of the renderer (tests check that the two agree).
 */
import { SegmentedMessage } from 'sms-segments-calculator';
import { gsm7Septets, isGsm7 } from './gsm7.js';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsMeasure {
  encoding: SmsEncoding;
  segments: number;
  /** As the calculator counts them: GSM-7 septets (an extension character such as € counts 2), UCS-2 graphemes. */
  characters: number;
}

/** The most segments one SMS of ours may take (a reader's phone joins them back into one message). */
export const MAX_SEGMENTS = 3;

/** Measures `text` as it is (no folding): encoding chosen automatically, segments, characters. */
export function measure(text: string): SmsMeasure {
  const message = new SegmentedMessage(text, 'auto');
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    characters: message.numberOfCharacters,
  };
}

/** Fills segments in order; a character (an escaped septet pair, an emoji) is never split across two. */
function fill(units: number[], single: number, multi: number): number {
  const total = units.reduce((sum, u) => sum + u, 0);
  if (total <= single) return 1;
  let segments = 1;
  let free = multi;
  for (const u of units) {
    if (u > free) {
      segments++;
      free = multi;
    }
    free -= u;
  }
  return segments;
}

let segmenter: Intl.Segmenter | undefined;

/** Segments `text` costs as it is (no folding); same result as `measure(text).segments`, much faster. */
export function countSegments(text: string): number {
  if (isGsm7(text)) return fill([...text].map(gsm7Septets), 160, 153);
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const units: number[] = [];
  for (const { segment } of segmenter.segment(text)) {
    // UCS-2 code units (UTF-16); the calculator treats CR LF as two characters.
    if (segment === '\r\n') units.push(1, 1);
    else units.push(segment.length);
  }
  return fill(units, 70, 67);
}
