/**
 * Renders the common subset of OpenStreetMap `opening_hours` (the syntax of data·inclusion's
 * `horaires_accueil`) in the reader's language: "Mo-Fr 08:30-12:30,14:00-17:00; Sa 09:00-12:00; PH off"
 * becomes "lun.–ven. 8 h 30–12 h 30, 14 h–17 h ; sam. 9 h–12 h ; jours fériés : fermé".
 * Anything outside that subset returns null: the caller then shows the source's own wording, never a guess.
 */
import type { Translate } from './translate.js';

const DAY = /^(Mo|Tu|We|Th|Fr|Sa|Su|PH)$/;
const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;

function time(t: Translate, text: string): string | null {
  const match = TIME.exec(text);
  if (!match) return null;
  const hours = String(Number(match[1]));
  return match[2] === '00'
    ? t('hours.onTheHour', { h: hours })
    : t('hours.time', { h: hours, m: match[2] ?? '00' });
}

function days(t: Translate, text: string): string | null {
  const parts: string[] = [];
  for (const group of text.split(',')) {
    const [from, to, extra] = group.split('-');
    if (extra !== undefined || !from || !DAY.test(from) || (to !== undefined && !DAY.test(to))) return null;
    parts.push(
      to
        ? t('hours.dayRange', { from: t(`hours.day.${from}`), to: t(`hours.day.${to}`) })
        : t(`hours.day.${from}`),
    );
  }
  return parts.join(', ');
}

function times(t: Translate, text: string): string | null {
  if (text === 'off' || text === 'closed') return t('hours.closed');
  if (text === 'unknown') return t('hours.unknown');
  const spans: string[] = [];
  for (const span of text.split(',')) {
    const [from, to, extra] = span.split('-');
    const start = from ? time(t, from) : null;
    const end = to ? time(t, to) : null;
    if (extra !== undefined || start === null || end === null) return null;
    spans.push(t('hours.timeRange', { from: start, to: end }));
  }
  return spans.join(', ');
}

export function renderOpeningHours(t: Translate, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '24/7') return t('hours.always');
  const rules: string[] = [];
  for (const rule of trimmed.split(';')) {
    const [dayPart, ...rest] = rule.trim().split(/\s+/);
    if (!dayPart || rest.length !== 1 || !rest[0]) return null;
    const when = days(t, dayPart);
    const what = times(t, rest[0]);
    if (when === null || what === null) return null;
    rules.push(t('hours.rule', { days: when, times: what }));
  }
  return rules.length > 0 ? rules.join(t('hours.separator')) : null;
}
