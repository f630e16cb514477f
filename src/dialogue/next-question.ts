/**
 * The next question worth asking: the first unknown field, in a mediator's order, that would change the
 * orientation (orient()'s `missing`), then the place. A person who said everything is asked nothing more.
 */
import type { Facts } from '../orientation/conditions.js';
import { relevantUnknowns } from '../orientation/relevant-unknowns.js';
import type { RuleSet } from '../orientation/rule-table.js';
import { applicableTables, placeCodes } from '../orientation/select-rules.js';
import type { Place } from '../places/place.js';
import type { AskedField, DialogueContext } from './context.js';

export interface QuestionDeps {
  rules: RuleSet;
  placeOf(insee: string): Place | undefined;
}

export function nextQuestion(context: DialogueContext, deps: QuestionDeps): AskedField | null {
  const facts: Facts = { ...context.situation, ...(context.lang ? { lang: context.lang } : {}) };
  const place = context.place ? deps.placeOf(context.place) : undefined;
  const tables = applicableTables(deps.rules, placeCodes(place));
  const unknown = relevantUnknowns(tables, facts).find((field) => !context.skipped.includes(field));
  if (unknown) return unknown;
  if (context.situation.emergency === true) return null;
  if (!context.place && context.placeChoices.length === 0 && !context.skipped.includes('place'))
    return 'place';
  return null;
}
