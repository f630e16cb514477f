/**
 * One turn of the dialogue as the SMS texts to send to a basic phone.
 *
 * - A question lists its choices one per line, number first ("1 Carte Vitale"), then a reply hint.
 * - One full card, then one line each. The first recommendation of an answer becomes a card of at most 2
 *   SMS: the service's name, why it fits, then its address, phone and hours, one per line, and its notes.
 *   Under pressure the card loses its parenthesised asides first, then extra reason sentences, then the
 *   "information dates from" note; never a phone, address or hours. Each following recommendation is one
 *   line, "name: phone" (`sms:recommendation.line`), or its address when it has no phone, or what its card
 *   says instead (where to ask for the address; the generic guidance, numbers included, when no service is
 *   known); it joins the SMS before it when it fits. A card of an emergency service (15, urgences, 3114)
 *   always stays whole, wherever it comes, so that every emergency number is said in full.
 * - By SMS the card says the short variants of `locales/<lang>/sms.json` when they exist: `sms:reason.<key>`,
 *   `sms:type.<type>.generic`, `sms:where.noContact`, `sms:where.stale`, `sms:where.inferred.<type>`; else the
 *   full sentence of orientation.json. The web, "send to my phone" and staff slips share this renderer.
 * - Every SMS takes at most 3 segments. A text is folded to GSM-7 when folding makes it pure GSM-7
 *   (French, English); otherwise (Arabic, emoji) it is sent as it is, in UCS-2, and measured as such.
 * - Long texts are cut between sections, then lines, then sentences, then words; never inside a word
 *   unless a single word is longer than a whole SMS.
 *
 * Example (French, with `sms.replyHint` = "Répondez {{numbers}}." and `sms.or` = "ou"):
 * ```
 * Quel age avez-vous ?
 * 1 Moins de 16 ans
 * 2 16 a 25 ans
 * 3 Plus de 25 ans
 * Répondez 1, 2 ou 3.
 * ```
 */
import type { Outbound } from '../../dialogue/messages.js';
import type { Recommendation } from '../../orientation/orient.js';
import { addressOf, displayPhone } from '../../orientation/render-text.js';
import { optionalText, type Translate } from '../../orientation/translate.js';
import { foldToGsm7, isGsm7, nonGsm7Characters, toSmsText } from './gsm7.js';
import { MAX_SEGMENTS, countSegments, measure, type SmsEncoding } from './segments.js';

export interface SmsRenderOptions {
  /** Segments one SMS may take (default 3). */
  maxSegments?: number;
  /** SMS one recommendation may take before it is shortened (default 2). */
  maxSmsPerRecommendation?: number;
}

// ---------------------------------------------------------------------------------------------------
// Measuring and cutting

const segmentCache = new Map<string, number>();

/** Segments `text` costs once prepared for sending (folded when that makes it GSM-7). */
function segmentsOf(text: string): number {
  let segments = segmentCache.get(text);
  if (segments === undefined) {
    segments = countSegments(toSmsText(text));
    // Trial cuts repeat across a card's attempts; keep the cache small, it only serves one turn.
    if (segmentCache.size >= 2000) segmentCache.clear();
    segmentCache.set(text, segments);
  }
  return segments;
}

const SECTION = 0;
const LINE = 1;
const SENTENCE = 2;
const WORD = 3;
const GRAPHEME = 4;
type Level = typeof SECTION | typeof LINE | typeof SENTENCE | typeof WORD | typeof GRAPHEME;

interface Piece {
  text: string;
  /** What joins it to the text before it in the same SMS. */
  sep: string;
  level: Level;
}

/** A sentence ends with . ! ? … ; (or the Arabic ؟) followed by a space and something that is not punctuation. */
const SENTENCE_BREAK = /(?<=[.!?…;؟])\s+(?=[^\s.,:;!?؟،])/u;

function cut(text: string, level: Level): { parts: string[]; sep: string } {
  switch (level) {
    case SECTION:
      return { parts: text.split('\n'), sep: '\n' };
    case LINE:
      return { parts: text.split(SENTENCE_BREAK), sep: ' ' };
    case SENTENCE:
      return { parts: text.split(/ +/), sep: ' ' };
    case WORD:
    case GRAPHEME:
      return {
        parts: [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map(
          (s) => s.segment,
        ),
        sep: '',
      };
  }
}

/** Splits a piece at the first level that gives more than one part. */
function finer(piece: Piece): Piece[] {
  for (let level = piece.level; level <= GRAPHEME; level++) {
    const { parts, sep } = cut(piece.text, level as Level);
    const kept = parts.filter((part) => part !== '');
    if (kept.length > 1 || level === GRAPHEME) {
      return kept.map((text, i) => ({
        text,
        sep: i === 0 ? piece.sep : sep,
        level: Math.min(level + 1, GRAPHEME) as Level,
      }));
    }
  }
  return [piece];
}

/**
 * Packs pieces, in order, into as few SMS as possible, each within `maxSegments`: a piece joins the current
 * SMS when it fits, starts the next one when it fits alone, and is cut finer otherwise (its first parts
 * then fill the current SMS). Returns raw texts (not yet folded).
 */
function pack(pieces: Piece[], maxSegments: number): string[] {
  const queue = pieces.filter((p) => p.text.trim() !== '');
  const out: string[] = [];
  let current = '';
  while (queue.length > 0) {
    const piece = queue.shift() as Piece;
    const candidate = current === '' ? piece.text : current + piece.sep + piece.text;
    if (segmentsOf(candidate) <= maxSegments) {
      current = candidate;
      continue;
    }
    if (current !== '' && segmentsOf(piece.text) <= maxSegments) {
      out.push(current);
      current = piece.text;
      continue;
    }
    const parts = finer(piece);
    if (parts.length === 1 && parts[0]?.text === piece.text) {
      // A single grapheme longer than an SMS cannot happen; keep going rather than loop.
      if (current !== '') out.push(current);
      current = piece.text;
      continue;
    }
    queue.unshift(...parts);
  }
  if (current !== '') out.push(current);
  return out.map((sms) => sms.replace(/[ \t]+$/gm, '').trim()).filter((sms) => sms !== '');
}

/**
 * Cuts `text` into SMS of at most `maxSegments` segments each, between paragraphs, lines, sentences, then
 * words, preferring fewer SMS; each returned text is ready to send (folded to GSM-7 when possible).
 */
export function splitSms(text: string, maxSegments: number = MAX_SEGMENTS): string[] {
  return pack([{ text, sep: '\n', level: SECTION }], maxSegments).map(toSmsText);
}

// ---------------------------------------------------------------------------------------------------
// Questions

/** "1", "1 ou 2", "1, 2 ou 3": `or` is the localised last separator. */
export function numbersList(count: number, or: string): string {
  const numbers = Array.from({ length: count }, (_, i) => String(i + 1));
  if (numbers.length <= 1) return numbers.join('');
  return `${numbers.slice(0, -1).join(', ')} ${or.trim()} ${numbers[numbers.length - 1] ?? ''}`;
}

/** "Répondez 1, 2 ou 3." — or, for a list longer than 6, "Répondez un numéro de 1 à 12." when the language has it. */
function replyHint(count: number, t: Translate): string {
  if (count > 6) {
    const range = optionalText(t, 'sms:replyRange', { first: 1, last: count });
    if (range) return range;
  }
  return t('sms.replyHint', { numbers: numbersList(count, t('sms.or')) });
}

function questionPieces(message: Outbound, t: Translate): Piece[] {
  const pieces: Piece[] = [{ text: message.text.trim(), sep: '\n', level: SECTION }];
  const choices = message.choices ?? [];
  if (choices.length > 0) {
    const lines = choices.map((choice, i) => `${i + 1} ${choice.label.trim()}`);
    lines.push(replyHint(choices.length, t));
    // Choices and hint form one section: they stay together when the question itself must be cut.
    pieces.push({ text: lines.join('\n'), sep: '\n', level: SECTION });
  }
  return pieces;
}

// ---------------------------------------------------------------------------------------------------
// Recommendations

type LineKind = 'name' | 'reason' | 'service' | 'address' | 'phone' | 'hours' | 'stale' | 'other';

interface CardLine {
  kind: LineKind;
  text: string;
}

/** Lines that carry a phone, an address or hours: never dropped nor shortened. */
const PROTECTED: ReadonlySet<LineKind> = new Set<LineKind>(['address', 'phone', 'hours']);

const SENTINEL = '\uE000';

/** "Tél. : " for `where.phone` = "Tél. : {{phone}}.": what the template writes before its value. */
function templatePrefix(t: Translate, key: string, variable: string): string | null {
  // The SMS variant when there is one: `smsVariant` has put it in the text.
  const filled = smsText(t, key, { [variable]: SENTINEL }) ?? t(key, { [variable]: SENTINEL });
  const at = filled.indexOf(SENTINEL);
  return at > 0 ? filled.slice(0, at) : null;
}

const WHERE_PARTS: [LineKind, string, string][] = [
  ['service', 'where.service', 'name'],
  ['address', 'where.address', 'address'],
  ['phone', 'where.phone', 'phone'],
  ['hours', 'where.hours', 'hours'],
  ['stale', 'where.stale', 'year'],
];

/**
 * Takes `renderText`'s sentence apart again: reason, then the "Où / Adresse / Tél. / Horaires" parts,
 * found by the prefixes their templates write in the current language.
 */
function cardLines(rec: Recommendation, t: Translate): CardLine[] {
  const lines: CardLine[] = [];
  const name = rec.service?.nom.trim() || typeName(rec, t);
  if (name) lines.push({ kind: 'name', text: name });

  let rest = smsVariant(rec, t).trim();
  const reason = smsReason(rec, t);
  let reasonFound = false;
  if (reason && rest.startsWith(reason)) {
    lines.push({ kind: 'reason', text: reason });
    rest = rest.slice(reason.length).trim();
    reasonFound = true;
  }

  const cuts: { at: number; kind: LineKind }[] = [];
  for (const [kind, key, variable] of WHERE_PARTS) {
    const prefix = templatePrefix(t, key, variable);
    if (!prefix) continue;
    for (let at = rest.indexOf(prefix); at >= 0; at = rest.indexOf(prefix, at + 1)) {
      if (at === 0 || /\s/u.test(rest[at - 1] ?? '')) cuts.push({ at, kind });
    }
  }
  cuts.sort((a, b) => a.at - b.at);
  const head = rest.slice(0, cuts[0]?.at ?? rest.length).trim();
  if (head) lines.push({ kind: reasonFound ? 'other' : 'reason', text: head });
  cuts.forEach((c, i) => {
    const text = rest.slice(c.at, cuts[i + 1]?.at ?? rest.length).trim();
    // "Où : <name>." repeats the card's first line; what follows it ("we have no address…") stays.
    const own = rec.service ? t('where.service', { name: rec.service.nom }) : null;
    if (c.kind === 'service' && own && text.startsWith(own)) {
      const after = text.slice(own.length).trim();
      if (after) lines.push({ kind: 'other', text: after });
      return;
    }
    if (text) lines.push({ kind: c.kind, text });
  });
  return lines;
}

/** The reason's key: `rec.reason` is "reason.none-pass", or the bare id ("none-pass"); null if unknown. */
function reasonKey(rec: Recommendation, t: Translate): string | null {
  if (!rec.reason) return null;
  const keys = rec.reason.startsWith('reason.') ? [rec.reason] : [rec.reason, `reason.${rec.reason}`];
  return keys.find((key) => optionalText(t, key) !== null) ?? null;
}

/** `sms:<key>` from locales/<lang>/sms.json when the language has it, else null. */
function smsText(t: Translate, key: string, vars?: Record<string, string | number>): string | null {
  return optionalText(t, `sms:${key}`, vars);
}

/** The reason's sentence as the SMS says it: `sms:reason.<key>` when it exists, else the full sentence. */
function smsReason(rec: Recommendation, t: Translate): string {
  const key = reasonKey(rec, t);
  if (!key) return '';
  return smsText(t, key) ?? optionalText(t, key) ?? '';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `rec.text` (built by `renderText` with the full sentences) with the SMS variants put in: the reason, the
 * "no address nor phone" note, what to ask at the desk of an inferred service, the generic guidance when no
 * service is known, and the "information dates from" note. A part without an SMS variant stays as it is.
 */
function smsVariant(rec: Recommendation, t: Translate): string {
  let text = rec.text;
  const swap = (full: string | null, short: string | null): void => {
    if (full && short && full !== short) text = text.replace(full, () => short);
  };
  const key = reasonKey(rec, t);
  const reason = key ? optionalText(t, key) : null;
  if (key && reason && text.startsWith(reason)) swap(reason, smsText(t, key));
  swap(optionalText(t, 'where.noContact'), smsText(t, 'where.noContact'));
  swap(optionalText(t, `where.inferred.${rec.type}`), smsText(t, `where.inferred.${rec.type}`));
  if (!rec.service) swap(optionalText(t, `type.${rec.type}.generic`), smsText(t, `type.${rec.type}.generic`));
  const [before, after] = t('where.stale', { year: SENTINEL }).split(SENTINEL);
  if (before !== undefined && after !== undefined) {
    const stale = new RegExp(`${escapeRegExp(before)}(\\d{4})${escapeRegExp(after)}`, 'u');
    const year = stale.exec(text)?.[1];
    if (year) swap(t('where.stale', { year }), smsText(t, 'where.stale', { year }));
  }
  return text;
}

function typeName(rec: Recommendation, t: Translate): string {
  return optionalText(t, `type.${rec.type}.name`)?.trim() ?? '';
}

/** Removes "(…)" asides that hold no digit (so "(ou le 112)" stays, "(gratuit)" goes). */
function withoutAsides(text: string): string {
  return text
    .replace(/\s*\(([^()]*)\)/gu, (whole, inside: string) => (/\d/u.test(inside) ? whole : ''))
    .trim();
}

function firstSentence(text: string): string {
  return text.split(SENTENCE_BREAK)[0] ?? text;
}

function cardPieces(lines: CardLine[]): Piece[] {
  return lines.map((line) => ({ text: line.text, sep: '\n', level: LINE }));
}

/** Services whose card always stays whole, wherever it comes: their numbers (15, 112, 114, 3114) are the answer. */
const EMERGENCY_TYPES: ReadonlySet<string> = new Set(['samu-15', 'police-17', 'urgences', 'ligne-3114']);

/** Whether the `index`-th recommendation of an answer gets its full card (else one line). */
function fullCard(rec: Recommendation, index: number): boolean {
  return index === 0 || EMERGENCY_TYPES.has(rec.type);
}

/**
 * A recommendation after the first, in one line: its name and how to reach it, so that the person can
 * call. The phone; else the address; else what the card says instead (where to ask for the address, or the
 * generic guidance when no service is known, which keeps any number it gives). "Information dates from" and
 * the reason are left to the full card.
 */
function oneLine(rec: Recommendation, t: Translate): string {
  const lines = cardLines(rec, t);
  const name = lines.find((line) => line.kind === 'name')?.text ?? '';
  let where: string;
  if (rec.service?.telephone) where = displayPhone(rec.service.telephone);
  else if (rec.service && addressOf(rec.service)) where = addressOf(rec.service);
  else {
    // No phone, no address: the card's own guidance ("ask your mairie…", the type's generic text).
    const guidance = lines.filter((line) => line.kind === 'other' || line.kind === 'service');
    const fallback = lines.filter((line) => line.kind === 'reason');
    where = (guidance.length > 0 ? guidance : fallback).map((line) => line.text).join(' ');
  }
  if (!name) return where;
  if (!where) return name;
  return smsText(t, 'recommendation.line', { name, where }) ?? `${name}: ${where}`;
}

/** The SMS of one recommendation card (raw, not yet folded). */
function renderCard(rec: Recommendation, t: Translate, maxSegments: number, maxSms: number): string[] {
  const full = cardLines(rec, t);
  const shortenable = (line: CardLine): boolean => !PROTECTED.has(line.kind);
  const noAsides = full.map((line) =>
    shortenable(line) ? { ...line, text: withoutAsides(line.text) } : line,
  );
  let firstReasonSeen = false;
  const oneReason = noAsides.flatMap((line) => {
    if (line.kind !== 'reason') return [line];
    if (firstReasonSeen) return [];
    firstReasonSeen = true;
    return [{ ...line, text: firstSentence(line.text) }];
  });
  const lean = oneReason.filter((line) => line.kind !== 'stale');

  const attempts: [CardLine[], number][] = [
    [full, 1],
    [noAsides, 1],
    [full, maxSms],
    [noAsides, maxSms],
    [oneReason, maxSms],
    [lean, maxSms],
  ];
  for (const [lines, count] of attempts) {
    const sms = pack(cardPieces(lines), maxSegments);
    if (sms.length <= count) return sms;
  }
  // Only when phone, address and hours alone exceed the budget: keep them all, in more SMS.
  return pack(cardPieces(lean), maxSegments);
}

// ---------------------------------------------------------------------------------------------------
// A turn

interface Sms {
  text: string;
  /** Whether the next plain message may be appended to it. */
  open: boolean;
}

/** `prev` + `next` in one SMS, if that stays within budget and costs no more segments than two SMS. */
function merged(prev: string, next: string, maxSegments: number): string | null {
  const text = `${prev}\n${next}`;
  const segments = segmentsOf(text);
  if (segments > maxSegments || segments > segmentsOf(prev) + segmentsOf(next)) return null;
  return text;
}

/**
 * Renders one turn's outbound messages as the SMS texts to send, in order, each at most `maxSegments`
 * (3) segments. Consecutive plain messages share an SMS when that costs no extra segment; an emergency
 * stands alone; a recommendation message's own text introduces its first card when it fits there.
 * `t` is bound to the person's language and knows `sms.replyHint` ({{numbers}}) and `sms.or`.
 */
export function renderSms(messages: Outbound[], t: Translate, options: SmsRenderOptions = {}): string[] {
  const maxSegments = options.maxSegments ?? MAX_SEGMENTS;
  const maxSms = options.maxSmsPerRecommendation ?? 2;
  const out: Sms[] = [];

  const append = (texts: string[], mode: 'plain' | 'card' | 'alone'): void => {
    texts.forEach((text, i) => {
      const last = out[out.length - 1];
      if (i === 0 && mode !== 'alone' && last?.open) {
        const both = merged(last.text, text, maxSegments);
        if (both !== null) {
          last.text = both;
          last.open = mode === 'plain';
          return;
        }
      }
      out.push({ text, open: mode === 'plain' });
    });
  };
  // A one-line recommendation joins the SMS before it (the answer's previous card) when it fits there.
  const appendLine = (line: string): void => {
    const last = out[out.length - 1];
    const both = last ? merged(last.text, line, maxSegments) : null;
    if (last && both !== null) last.text = both;
    else
      out.push(
        ...pack([{ text: line, sep: '\n', level: LINE }], maxSegments).map((text) => ({ text, open: false })),
      );
  };

  for (const message of messages) {
    const recommendations = message.recommendations ?? [];
    const mode = message.kind === 'emergency' ? 'alone' : 'plain';
    if (recommendations.length > 0) {
      // The dialogue's `text` is a header then the recommendations' own sentences: keep the header only,
      // the cards say the rest.
      const said = (line: string) =>
        recommendations.some((rec) => rec.text && line.includes(rec.text.trim()));
      const intro = message.text
        .split('\n')
        .filter((line) => line.trim() && !said(line))
        .join('\n')
        .trim();
      if (intro) append(pack([{ text: intro, sep: '\n', level: SECTION }], maxSegments), mode);
      recommendations.forEach((rec, i) => {
        if (fullCard(rec, i)) append(renderCard(rec, t, maxSegments, maxSms), 'card');
        else appendLine(oneLine(rec, t));
      });
      if (message.choices?.length) {
        append(pack(questionPieces({ ...message, text: '' }, t), maxSegments), 'plain');
      }
      if (mode === 'alone') out.forEach((sms) => (sms.open = false));
      continue;
    }
    append(pack(questionPieces(message, t), maxSegments), mode);
    if (mode === 'alone') out.forEach((sms) => (sms.open = false));
  }
  return out.map((sms) => toSmsText(sms.text));
}

// ---------------------------------------------------------------------------------------------------
// Content checks

/** Latin script: every letter is Latin or in GSM-7 (Δ, Ω…). Digits and punctuation alone count as Latin. */
function isLatinScript(text: string): boolean {
  for (const [letter] of text.matchAll(/\p{L}/gu)) {
    if (!/\p{Script=Latin}/u.test(letter) && !isGsm7(letter)) return false;
  }
  return true;
}

function describe(char: string): string {
  const codes = [...char].map(
    (c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
  return `"${char}" (${codes.join(' ')})`;
}

function capacity(encoding: SmsEncoding, segments: number): number {
  if (encoding === 'GSM-7') return segments === 1 ? 160 : 153 * segments;
  return segments === 1 ? 70 : 67 * segments;
}

/**
 * What is wrong with `text` as one SMS: more than `maxSegments` segments once prepared for sending, or,
 * for a text in a Latin-script language, characters that folding cannot bring into GSM-7 (they would
 * switch the whole SMS to UCS-2, 70 characters instead of 160). Arabic and other scripts are UCS-2 by
 * nature and only checked for length. Empty when fine.
 */
export function smsBudgetProblems(text: string, maxSegments: number = MAX_SEGMENTS): string[] {
  const problems: string[] = [];
  const folded = foldToGsm7(text);
  const sent = isGsm7(folded) ? folded : text;
  const { encoding, segments, characters } = measure(sent);
  if (segments > maxSegments) {
    problems.push(
      `takes ${segments} SMS segments (${characters} characters in ${encoding}); one SMS may take at most ` +
        `${maxSegments} (${capacity(encoding, maxSegments)} characters in ${encoding})`,
    );
  }
  if (!isGsm7(folded) && isLatinScript(text)) {
    problems.push(
      `is not GSM-7 even after folding, so it would go as UCS-2 (70 characters per SMS instead of 160): ` +
        nonGsm7Characters(folded).map(describe).join(', '),
    );
  }
  return problems;
}
