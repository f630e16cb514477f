/**
 * The named actions of the flow, as pure functions from context (and event) to a context update. Each is
 * bound with XState's `assign` in compile-flow.ts; testing them needs no machine.
 */
import {
  DANGER_KINDS,
  DANGERS,
  type Danger,
  type Language,
  type SituationField,
} from '../orientation/situation.js';
import type { AskedField, DialogueContext, DialogueEvent } from './context.js';
import type { DangerKind } from './understand/types.js';

type Update = Partial<DialogueContext>;

/** Danger that puts life at risk now (all but violence and a child in danger, whose lines come first and the
 * questions go on): the orientation becomes the emergency answer at once. */
const LIFE_AT_RISK: readonly DangerKind[] = DANGER_KINDS.filter(
  (kind) => kind !== 'violence' && kind !== 'child-danger',
);

/** The dangers said so far and now, each once, most urgent first. */
export function withDanger(said: readonly Danger[] | undefined, added: readonly Danger[]): Danger[] {
  return DANGERS.filter((d) => said?.includes(d) || added.includes(d));
}

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

/**
 * "Je ne sais pas": rights become `unknown` (a real answer); any other field is not asked again. Not knowing
 * whether it is an emergency is a doubt the answer must address: "dans le doute, appelez le 15".
 */
export function dontKnow(context: DialogueContext, question: string): Update {
  if (question === 'emergency') {
    return {
      situation: { ...context.situation, danger: withDanger(context.situation.danger, ['unsure']) },
      skipped: [...without(context.skipped, 'emergency'), 'emergency'],
      misses: 0,
    };
  }
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
  const situation = { ...context.situation, danger: withDanger(context.situation.danger, event.kinds) };
  if (event.kinds.some((kind) => LIFE_AT_RISK.includes(kind))) {
    situation.emergency = true;
    situation.need ??= event.kinds.includes('suicide') ? 'mental-health' : 'general-care';
  }
  return { situation, outbox: [...context.outbox, { danger: event.kinds }] };
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
      ([field]) => !(NEED_FIELDS as readonly string[]).includes(field) && field !== 'danger',
    ),
  );
  // The dangers said stay (their lines come first in every answer); a doubt was about the need before.
  const danger = context.situation.danger?.filter((d) => d !== 'unsure');
  return {
    situation: danger && danger.length > 0 ? { ...situation, danger } : situation,
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
