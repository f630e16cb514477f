/**
 * The named actions of the flow, as pure functions from context (and event) to a context update. Each is
 * bound with XState's `assign` in compile-flow.ts; testing them needs no machine.
 */
import type { Language, SituationField } from '../orientation/situation.js';
import type { AskedField, DialogueContext, DialogueEvent } from './context.js';
import type { DangerKind } from './understand/types.js';

type Update = Partial<DialogueContext>;

/** Danger that means acting now on the body or the mind: the orientation becomes the red flags. */
const MEDICAL_DANGER: readonly DangerKind[] = [
  'suicide',
  'chest-pain',
  'breathing',
  'bleeding',
  'unconscious',
];

export function say(context: DialogueContext, key: string): Update {
  return { outbox: [...context.outbox, { say: key }] };
}

export function ask(context: DialogueContext, question: string): Update {
  return { outbox: [...context.outbox, { ask: question, misses: context.misses }] };
}

function without<T>(list: readonly T[], item: T): T[] {
  return list.filter((entry) => entry !== item);
}

export function fill(context: DialogueContext, event: DialogueEvent): Update {
  if (event.type !== 'ANSWER') return {};
  const situation = { ...context.situation };
  let history = [...context.history];
  let skipped = [...context.skipped];
  for (const [field, value] of Object.entries(event.slots)) {
    if (value === undefined) continue;
    (situation as Record<string, unknown>)[field] = value;
    history = [...without(history, field as AskedField), field as AskedField];
    skipped = without(skipped, field as AskedField);
  }
  const update: Update = { situation, history, skipped, misses: 0 };
  if (event.place) {
    update.place = event.place;
    update.placeChoices = [];
    update.history = [...without(history, 'place'), 'place'];
  } else if (event.placeChoices && event.placeChoices.length > 0) {
    update.place = null;
    update.placeChoices = event.placeChoices;
  }
  return update;
}

/** "Je ne sais pas": rights become `unknown` (a real answer); any other field is not asked again. */
export function dontKnow(context: DialogueContext, question: string): Update {
  if (question === 'rights') {
    return {
      situation: { ...context.situation, rights: 'unknown' },
      history: [...context.history, 'rights'],
      misses: 0,
    };
  }
  const field = question === 'placeChoice' ? 'place' : question;
  return {
    skipped: [...without(context.skipped, field as AskedField), field as AskedField],
    placeChoices: field === 'place' ? [] : context.placeChoices,
    misses: 0,
  };
}

export function chooseLanguage(event: DialogueEvent): Update {
  return event.type === 'CHOOSE' ? { lang: event.id as Language } : {};
}

export function setLanguage(context: DialogueContext, event: DialogueEvent): Update {
  return event.type === 'LANGUAGE' ? { lang: event.lang } : { lang: context.lang };
}

export function noteDanger(context: DialogueContext, event: DialogueEvent): Update {
  if (event.type !== 'DANGER' || event.kinds.length === 0) return {};
  const update: Update = { outbox: [...context.outbox, { danger: event.kinds }] };
  if (event.kinds.some((kind) => MEDICAL_DANGER.includes(kind))) {
    const need =
      context.situation.need ?? (event.kinds.includes('suicide') ? 'mental-health' : 'general-care');
    update.situation = { ...context.situation, emergency: true, need };
  }
  return update;
}

export function choosePlace(context: DialogueContext, event: DialogueEvent): Update {
  if (event.type !== 'CHOOSE' || !context.placeChoices.includes(event.id)) return {};
  return {
    place: event.id,
    placeChoices: [],
    history: [...without(context.history, 'place'), 'place'],
    misses: 0,
  };
}

/** Fields that belong to one need: a new need asks them again; rights, place, age stay. */
const NEED_FIELDS: readonly SituationField[] = [
  'need',
  'emergency',
  'canWait',
  'knownToCmp',
  'substance',
  'forRelative',
];

export function anotherNeed(context: DialogueContext): Update {
  const situation = Object.fromEntries(
    Object.entries(context.situation).filter(
      ([field]) => !(NEED_FIELDS as readonly string[]).includes(field),
    ),
  );
  return {
    situation,
    skipped: context.skipped.filter((field) => !(NEED_FIELDS as readonly string[]).includes(field)),
    history: context.history.filter((field) => !(NEED_FIELDS as readonly string[]).includes(field)),
    misses: 0,
  };
}

/** RETOUR: forget the last field given, so it is asked again. */
export function undo(context: DialogueContext): Update {
  const last = context.history[context.history.length - 1];
  if (!last) return { misses: 0 };
  const history = context.history.slice(0, -1);
  if (last === 'place') return { history, place: null, placeChoices: [], misses: 0 };
  const situation = Object.fromEntries(Object.entries(context.situation).filter(([field]) => field !== last));
  return { history, situation, skipped: without(context.skipped, last), misses: 0 };
}
