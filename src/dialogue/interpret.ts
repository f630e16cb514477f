/**
 * From one message to machine events: keywords (STOP, START and URGENCE first; the others never over a
 * real answer to the question), then what the message answers, with every other field it gives, and the
 * place it names (looked up here: lookups are events, not invokes), then danger (in any language), last so
 * that the answer is kept and the crisis answer comes from the whole situation.
 */
import type { AnyMachineSnapshot } from 'xstate';
import type { Language } from '../orientation/situation.js';
import type { DialogueContext, DialogueEvent, OutboxItem } from './context.js';
import type { DialogueDeps } from './engine.js';
import type { QuestionSpec } from './flow-definition.js';
import type { ChoiceOption, Expectation, KeywordHit, Slots, Understanding } from './understand/types.js';

export interface Understander {
  understand(text: string, lang: Language, expect: Expectation): Understanding;
  keyword(text: string, lang: Language): KeywordHit | null;
  /** The language a first message is written in (Arabic script, English or French words). */
  guessLanguage(text: string): Language;
}

export interface Interpretation {
  events: DialogueEvent[];
  notices: OutboxItem[];
  usedRecognizers: boolean;
}

const BOOLEAN_FIELDS = new Set(['emergency', 'canWait', 'knownToCmp', 'precarious', 'forRelative']);

function questionOf(snapshot: AnyMachineSnapshot): string | undefined {
  for (const meta of Object.values(snapshot.getMeta())) {
    const question = (meta as { question?: unknown } | undefined)?.question;
    if (typeof question === 'string') return question;
  }
  return undefined;
}

export function choiceOptions(
  question: string,
  spec: QuestionSpec | undefined,
  context: DialogueContext,
  deps: DialogueDeps,
  lang: Language,
): ChoiceOption[] {
  const t = deps.knowledge.translator(lang);
  if (question === 'placeChoice') {
    return context.placeChoices.map((insee) => {
      const place = deps.knowledge.places.byInsee(insee);
      return { id: insee, labels: place ? [place.commune, ...place.postcodes] : [insee] };
    });
  }
  return (spec?.options ?? []).map((id) => ({ id, labels: [t(`dialogue:options.${question}.${id}`), id] }));
}

function expectationFor(
  question: string | undefined,
  spec: QuestionSpec | undefined,
  context: DialogueContext,
  deps: DialogueDeps,
  lang: Language,
): Expectation {
  if (!question || !spec) return { kind: 'free' };
  if (spec.expect === 'choice')
    return { kind: 'choice', options: choiceOptions(question, spec, context, deps, lang) };
  return { kind: spec.expect };
}

/** Whether the message is a real answer to the question, so that a keyword does not swallow it. */
function answers(question: string | undefined, spec: QuestionSpec | undefined, u: Understanding): boolean {
  if (!question || !spec) return false;
  if (u.choice !== undefined || u.yesNo !== undefined || u.age !== undefined) return true;
  const field = questionField(question, spec);
  return field !== undefined && (u.slots as Record<string, unknown>)[field] !== undefined;
}

/** The situation field a question fills: its choice field (rights, need…) or a yes/no field named like it. */
function questionField(question: string, spec: QuestionSpec | undefined): string | undefined {
  return spec?.field ?? (BOOLEAN_FIELDS.has(question) ? question : undefined);
}

function keywordEvent(hit: KeywordHit, lang: Language): DialogueEvent | null {
  switch (hit.keyword) {
    case 'stop':
      return { type: 'STOP' };
    case 'start':
      return { type: 'START' };
    case 'help':
      return { type: 'HELP' };
    case 'restart':
      return { type: 'RESTART' };
    case 'back':
      return { type: 'BACK' };
    case 'urgent':
      return { type: 'URGENT' };
    case 'human':
      return { type: 'HUMAN' };
    case 'language':
      return { type: 'LANGUAGE', lang: hit.lang ?? lang };
  }
}

interface PlaceAnswer {
  place?: string;
  placeChoices?: string[];
  notFound?: boolean;
}

function lookUpPlace(text: string | undefined, deps: DialogueDeps): PlaceAnswer {
  if (!text) return {};
  const resolution = deps.knowledge.places.resolve(text);
  if (resolution.status === 'found') return { place: resolution.place.insee };
  if (resolution.status === 'ambiguous')
    return { placeChoices: resolution.choices.slice(0, 9).map((p) => p.insee) };
  return { notFound: true };
}

export function interpret(
  text: string,
  snapshot: AnyMachineSnapshot,
  inboundLang: Language | undefined,
  deps: DialogueDeps,
): Interpretation {
  const context = snapshot.context as DialogueContext;
  const events: DialogueEvent[] = [];
  const notices: OutboxItem[] = [];
  let question = questionOf(snapshot);
  // The person's first message, which also chose the language: the welcome is the reply, not "not understood".
  let firstMessage = false;
  const lang: Language = context.lang ?? inboundLang ?? deps.understander.guessLanguage(text);

  // A first message in the person's own words answers the language question by itself.
  if (question === 'language') {
    const u = deps.understander.understand(
      text,
      lang,
      expectationFor(question, deps.flow.definition.questions.language, context, deps, lang),
    );
    const short = text.trim().split(/\s+/).length <= 2;
    if (u.choice && short) {
      return { events: [{ type: 'CHOOSE', id: u.choice }], notices, usedRecognizers: u.usedRecognizers };
    }
    events.push({ type: 'CHOOSE', id: lang });
    firstMessage = true;
    question = undefined; // after welcome, the machine asks its first question: treat the text as free
  }

  const spec = question ? deps.flow.definition.questions[question] : undefined;
  const u = deps.understander.understand(text, lang, expectationFor(question, spec, context, deps, lang));
  // Yes/no questions are shown with numbered choices too: 1 yes, 2 no, 3 don't know.
  if (spec?.expect === 'boolean' && u.yesNo === undefined && !u.dontKnow) {
    const number = /^\s*([123])\s*[.)]?\s*$/.exec(text)?.[1];
    if (number === '1') u.yesNo = true;
    else if (number === '2') u.yesNo = false;
    else if (number === '3') u.dontKnow = true;
  }

  // A commune's name says where, nothing else: "Nan-sous-Thil" is no "nan", "Bionville" no "bidonville".
  if (spec?.expect === 'boolean' && isPlaceName(text, deps)) {
    delete u.yesNo;
    u.slots = {};
  }

  const hit = deps.understander.keyword(text, lang);
  const always = hit?.keyword === 'stop' || hit?.keyword === 'start' || hit?.keyword === 'urgent';
  if (hit && (always || !answers(question, spec, u))) {
    const event = keywordEvent(hit, lang);
    if (event) {
      return { events: [...events, event], notices, usedRecognizers: u.usedRecognizers };
    }
  }

  const danger: DialogueEvent[] = u.danger.length > 0 ? [{ type: 'DANGER', kinds: u.danger }] : [];

  const slots: Slots = { ...u.slots };
  if (u.age !== undefined) slots.age = u.age;
  const placeText = question === 'place' ? (u.placeText ?? text) : u.placeText;
  const placeAnswer = question === 'placeChoice' ? {} : lookUpPlace(placeText, deps);

  if (question === 'placeChoice' || (spec?.expect === 'choice' && !spec.field)) {
    if (u.choice) events.push({ type: 'CHOOSE', id: u.choice });
    else if (u.dontKnow) events.push({ type: 'DONT_KNOW' });
    else if (question === 'after' && slots.need)
      events.push({ type: 'ANSWER', slots, ...placeFields(placeAnswer) });
    // After a danger, never "not understood": the crisis answer is the reply.
    else if (danger.length === 0) events.push({ type: 'NOT_UNDERSTOOD' });
    return { events: [...events, ...danger], notices, usedRecognizers: u.usedRecognizers };
  }

  if (question && spec?.field && u.choice) (slots as Record<string, unknown>)[spec.field] = u.choice;
  if (
    question &&
    BOOLEAN_FIELDS.has(question) &&
    u.yesNo !== undefined &&
    (slots as Record<string, unknown>)[question] === undefined
  ) {
    (slots as Record<string, unknown>)[question] = u.yesNo;
  }

  const givesSomething =
    Object.keys(slots).length > 0 ||
    placeAnswer.place !== undefined ||
    placeAnswer.placeChoices !== undefined;
  const yesNoOnly = (question === 'feedback' || question === 'handoff') && u.yesNo !== undefined;
  if (givesSomething || yesNoOnly) {
    // Told other things than the question asked: say it was heard before asking again.
    const field = question ? questionField(question, spec) : undefined;
    if (field !== undefined && (slots as Record<string, unknown>)[field] === undefined && danger.length === 0)
      notices.push({ say: 'noted' });
    events.push({
      type: 'ANSWER',
      slots,
      ...placeFields(placeAnswer),
      ...(u.yesNo !== undefined ? { yesNo: u.yesNo } : {}),
    });
  } else if (u.dontKnow) {
    events.push({ type: 'DONT_KNOW' });
  } else if (!firstMessage && danger.length === 0) {
    // Danger said and nothing else needs no "not understood": the crisis answer is the reply, and the
    // question comes again after it.
    if (question === 'place' && placeAnswer.notFound) notices.push({ say: 'placeNotFound' });
    events.push({ type: 'NOT_UNDERSTOOD' });
  }
  return { events: [...events, ...danger], notices, usedRecognizers: u.usedRecognizers };
}

/** The whole message names a commune (or several): typed as a first message or at the wrong question. */
function isPlaceName(text: string, deps: DialogueDeps): boolean {
  // One word ("ouais", "nan") is read as an answer first: some are also commune names.
  const words = text.trim().split(/[\s\-‐‑'’]+/).length;
  if (words < 2 || words > 6) return false;
  const status = deps.knowledge.places.resolve(text).status;
  return status === 'found' || status === 'ambiguous';
}

function placeFields(answer: PlaceAnswer): { place?: string; placeChoices?: string[] } {
  if (answer.place) return { place: answer.place };
  if (answer.placeChoices) return { placeChoices: answer.placeChoices };
  return {};
}
