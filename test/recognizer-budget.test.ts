/**
 * Bounded work per message (issue 15, point 10): the number recognizers backtrack on emoji (2,000 characters
 * of keycap emoji blocked the event loop for seconds), so they only ever see the start of a message with its
 * emoji blanked — and what they find keeps its position in the text.
 */
import { describe, expect, it } from 'vitest';
import { MAX_RECOGNIZED_LENGTH, recognizable, recognizers } from '../src/dialogue/understand/recognizers.js';

describe('what the recognizers are given', () => {
  it.each([
    ['keycap emoji', '1️⃣2️⃣'],
    ['a pictograph with a skin tone', '👍🏽 oui'],
    ['a family (joined emoji)', '👨‍👩‍👧 3 enfants'],
    ['a heart with its variation mark', '❤️ 25 ans'],
  ])('%s: no emoji left, same length', (_what, text) => {
    const seen = recognizable(text);
    expect(seen).toHaveLength(text.length);
    expect(seen).not.toMatch(/\p{Extended_Pictographic}|\u20E3|\uFE0F|\u200D/u);
  });

  it('keeps letters, accents, digits and punctuation as they are', () => {
    const text = "J'ai dix-sept ans, né à Évry; 2e étage!";
    expect(recognizable(text)).toBe(text);
  });

  it(`stops at ${MAX_RECOGNIZED_LENGTH} characters`, () => {
    expect(recognizable('1️⃣'.repeat(2000))).toHaveLength(MAX_RECOGNIZED_LENGTH);
  });

  it('finds an age after emoji at its place in the original text', () => {
    const text = "🙏🙏 j'ai 17 ans";
    const [age] = recognizers.age(text, 'fr');
    expect(age?.years).toBe(17);
    expect(text.slice(age?.start, (age?.end ?? 0) + 1)).toBe('17 ans');
  });

  it('reads a message of 2,000 characters of keycap emoji only up to its budget', () => {
    const found = recognizers.number('1️⃣'.repeat(666), 'fr');
    for (const number of found) expect(number.end).toBeLessThan(MAX_RECOGNIZED_LENGTH);
  });
});
