/**
 * The turn's outbox (keys) → messages in the person's language. Recommendations come from `orient()` on
 * the situation the conversation has gathered; the handoff names the people nearby who help in person.
 * A danger is answered with its crisis lines (`crisisLines()`), as cards, unless the full answer follows
 * in the same turn (it gives them first); the handoff gives them first too.
 */
import { crisisLines, orient, type OrientResult } from '../orientation/orient.js';
import type { DangerKind } from '../orientation/situation.js';
import { renderWhere } from '../orientation/render-text.js';
import type { Language, ServiceType } from '../orientation/situation.js';
import type { DialogueContext, OutboxItem } from './context.js';
import type { DialogueDeps } from './engine.js';
import { choiceOptions } from './interpret.js';
import type { ChannelKind, Choice, Outbound } from './messages.js';
import { optionalText, type Translate } from '../orientation/translate.js';

/**
 * A prompt's text for a channel. By SMS each prompt has a shorter variant in `locales/<lang>/sms.json`
 * (same keys as in dialogue.json); a prompt without one uses the dialogue's text.
 */
export function promptsFor(t: Translate, channel: ChannelKind): Translate {
  if (channel !== 'sms') return (key, vars) => t(`dialogue:${key}`, vars);
  return (key, vars) => optionalText(t, `sms:${key}`, vars) ?? t(`dialogue:${key}`, vars);
}

/** People who help in person, nearest kinds first. */
const HUMAN_HELP: readonly ServiceType[] = ['mediation-sante', 'permanence-droits', 'ccas'];

function choicesFor(
  question: string,
  context: DialogueContext,
  deps: DialogueDeps,
  lang: Language,
  p: Translate,
): Choice[] | undefined {
  const spec = deps.flow.definition.questions[question];
  if (!spec) return undefined;
  if (question === 'placeChoice') {
    return context.placeChoices.map((insee) => {
      const place = deps.knowledge.places.byInsee(insee);
      const label = place
        ? p('options.placeChoice', { commune: place.commune, departement: place.departement.nom })
        : insee;
      return { id: insee, label };
    });
  }
  if (spec.expect === 'boolean') {
    return ['yes', 'no', 'dontKnow'].map((id) => ({ id, label: p(`options.yesNo.${id}`) }));
  }
  if (spec.expect === 'choice') {
    // The label shown is the channel's (shorter by SMS); the labels understood stay the dialogue's.
    return choiceOptions(question, spec, context, deps, lang).map((option) => ({
      id: option.id,
      label: p(`options.${question}.${option.id}`),
    }));
  }
  return undefined;
}

function placeOf(context: DialogueContext): { insee: string } | undefined {
  return context.place ? { insee: context.place } : undefined;
}

function recommendation(
  context: DialogueContext,
  deps: DialogueDeps,
  lang: Language,
  p: Translate,
): Outbound {
  const result = orient(situationOf(context), deps.knowledge, {
    lang,
    ...(deps.today ? { today: deps.today } : {}),
  });
  return recommendationMessage(result, lang, p);
}

/** An orientation as the message a channel renders: a header, then each recommendation's sentence. */
export function recommendationMessage(result: OrientResult, lang: Language, p: Translate): Outbound {
  if (result.recommendations.length === 0) {
    return { kind: 'recommendation', lang, text: p('recommendation.none'), recommendations: [] };
  }
  const header = p(result.emergency ? 'recommendation.emergencyHeader' : 'recommendation.header');
  const lines = result.recommendations.map((r, i) => `${i + 1}. ${r.text}`);
  return {
    kind: result.emergency ? 'emergency' : 'recommendation',
    lang,
    text: [header, ...lines].join('\n'),
    recommendations: result.recommendations,
  };
}

/** The situation orient() reads: the gathered fields and the place chosen. */
function situationOf(context: DialogueContext): Record<string, unknown> {
  const place = placeOf(context);
  return { ...context.situation, ...(place ? { place } : {}) };
}

/**
 * A danger said: its own words ("Une douleur dans la poitrine peut être grave…"), then its crisis lines as
 * cards, unless `withLines` is false (the full answer follows in the same turn and gives them first).
 */
function crisisMessage(
  kinds: readonly DangerKind[],
  context: DialogueContext,
  deps: DialogueDeps,
  lang: Language,
  p: Translate,
  withLines: boolean,
): Outbound {
  const intro = kinds.map((kind) => p(`danger.${kind}`));
  const lines = withLines
    ? crisisLines(situationOf(context), deps.knowledge, {
        lang,
        ...(deps.today ? { today: deps.today } : {}),
      })
    : [];
  return {
    kind: 'emergency',
    lang,
    text: [...intro, ...lines.map((r, i) => `${i + 1}. ${r.text}`)].join('\n'),
    ...(lines.length > 0 ? { recommendations: lines } : {}),
  };
}

/** The dangers the conversation remembers (a doubt about the emergency is not one). */
function dangersOf(context: DialogueContext): DangerKind[] {
  return (context.situation.danger ?? []).filter((d): d is DangerKind => d !== 'unsure');
}

function handoff(context: DialogueContext, deps: DialogueDeps, lang: Language, p: Translate): Outbound {
  const t = deps.knowledge.translator(lang);
  const place = context.place ? (deps.knowledge.places.byInsee(context.place) ?? null) : null;
  const facts = { ...context.situation, lang };
  const local = HUMAN_HELP.flatMap((type) => {
    const found = deps.knowledge.directory.find(type, facts, place)[0];
    return found && found.nearness !== 'national' ? [renderWhere(t, type, found.record, deps.today)] : [];
  });
  const lines = [
    p('handoff.intro'),
    ...(local.length > 0 ? local : [p('handoff.noLocal')]),
    p('handoff.national'),
  ];
  return { kind: 'handoff', lang, text: lines.join('\n') };
}

export function renderOutbox(
  items: readonly OutboxItem[],
  context: DialogueContext,
  deps: DialogueDeps,
  channel: ChannelKind,
): Outbound[] {
  const lang: Language = context.lang ?? 'fr';
  const p = promptsFor(deps.knowledge.translator(lang), channel);
  const out: Outbound[] = [];
  // A turn ends with one question: an earlier one in the same turn was answered or superseded.
  const lastAsk = items.reduce((last, item, i) => ('ask' in item ? i : last), -1);
  const answered = items.some((item) => 'recommend' in item);
  for (const [i, item] of items.entries()) {
    if ('ask' in item && i !== lastAsk) continue;
    if ('say' in item)
      out.push({ kind: item.say === 'goodbye' ? 'end' : 'info', lang, text: p(`say.${item.say}`) });
    else if ('danger' in item) out.push(crisisMessage(item.danger, context, deps, lang, p, !answered));
    else if ('recommend' in item) out.push(recommendation(context, deps, lang, p));
    else if ('handoff' in item) {
      // Someone in danger who asks for a person gets the crisis lines first, never the CCAS first.
      const dangers = dangersOf(context);
      const crisisSaid = items.some((other) => 'danger' in other);
      if (dangers.length > 0 && !crisisSaid) out.push(crisisMessage(dangers, context, deps, lang, p, true));
      out.push(handoff(context, deps, lang, p));
    } else {
      // The offer of a person after a danger gives its lines first.
      const dangers = dangersOf(context);
      if (item.ask === 'handoff' && dangers.length > 0 && !items.some((other) => 'danger' in other))
        out.push(crisisMessage(dangers, context, deps, lang, p, true));
      const prefix = item.misses >= 2 ? p('notUnderstoodAgain') : item.misses === 1 ? p('notUnderstood') : '';
      const question = p(`ask.${item.ask}`);
      const choices = choicesFor(item.ask, context, deps, lang, p);
      out.push({
        kind: 'question',
        lang,
        question: item.ask,
        text: prefix ? `${prefix} ${question}` : question,
        ...(choices ? { choices } : {}),
      });
    }
  }
  return out;
}
