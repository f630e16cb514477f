import { describe, expect, it } from 'vitest';
import { parseSituation } from '../src/orientation/parse-situation.js';

describe('parseSituation', () => {
  it('accepts a situation with every taxonomy field', () => {
    const situation = {
      rights: 'none',
      need: 'addiction',
      emergency: false,
      canWait: true,
      age: 17,
      knownToCmp: false,
      precarious: true,
      substance: 'cannabis',
      forRelative: false,
      place: { postcode: '71100' },
    };
    expect(parseSituation(situation)).toEqual({ ok: true, situation });
  });

  it('treats null as not given', () => {
    expect(parseSituation({ need: 'dental', rights: null })).toEqual({
      ok: true,
      situation: { need: 'dental' },
    });
  });

  it.each([
    [[], '', 'a situation must be a JSON object'],
    ['hello', '', 'a situation must be a JSON object'],
    [{ right: 'none' }, 'right', 'unknown field'],
    [{ rights: 'cmu' }, 'rights', 'unknown value "cmu"'],
    [{ need: 'teeth' }, 'need', 'unknown value "teeth"'],
    [{ emergency: 'yes' }, 'emergency', 'must be true or false'],
    [{ age: 17.5 }, 'age', 'whole number'],
    [{ age: -1 }, 'age', 'whole number'],
    [{ place: '71100' }, 'place', 'must be an object'],
    [{ place: {} }, 'place', 'needs one of postcode, commune or insee'],
    [{ place: { zip: '71100' } }, 'place.zip', 'unknown field'],
    [{ place: { postcode: 71100 } }, 'place.postcode', 'must be a non-empty string'],
  ])('rejects %j at %s', (input, field, message) => {
    const parsed = parseSituation(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.errors).toContainEqual({ field, message: expect.stringContaining(message) });
  });

  it('reports every problem at once', () => {
    const parsed = parseSituation({ rights: 'x', need: 'y', age: 'z' });
    expect(parsed.ok ? [] : parsed.errors.map((e) => e.field)).toEqual(['rights', 'need', 'age']);
  });
});
