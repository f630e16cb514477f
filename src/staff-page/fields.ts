/**
 * The situation's controls: native radio groups (arrow keys, Space) built from the server's taxonomy codes,
 * the person's language, and reading them back into a Situation (taxonomy.md) with only the fields given.
 * Fields the server found invalid are marked with aria-invalid.
 */
import type { Session, Situation, TriageAnswer } from './api-types.js';
import { checkedValue, h } from './dom.js';
import { tx } from './texts.js';

const BOOLEANS = ['emergency', 'canWait', 'knownToCmp', 'precarious', 'forRelative'];
const DEFAULT_LANGUAGES = ['fr', 'en', 'ar', 'fr-x-falc'];

/** Fills the `[data-field]` box's `.options` with one radio per [value, label]. */
function radios(field: string, values: [string, string][], defaultValue?: string): void {
  const box = document.querySelector('[data-field="' + field + '"] .options');
  if (!box) throw new Error('staff page: no options for ' + field);
  values.forEach(([value, label], i) => {
    const option = h('label', 'option', '', box);
    const input = h('input', '', '', option);
    input.type = 'radio';
    input.name = field;
    input.value = value;
    input.id = field + '-' + (value || 'unset') + '-' + i;
    if (value === defaultValue) input.checked = input.defaultChecked = true;
    h('span', '', label, option);
  });
}

/** Builds every radio group of the page (the hand-off's contact too) and the language list. */
export function buildFields(session: Session, langSelect: HTMLSelectElement): void {
  const yesNo: [string, string][] = [
    ['yes', tx('answer.yes')],
    ['no', tx('answer.no')],
    ['', tx('answer.unknown')],
  ];
  BOOLEANS.forEach((field) => radios(field, yesNo, ''));
  // A danger said brings its crisis line first (3114, 3919, 119, 15): one at a time, none by default.
  radios(
    'danger',
    [['', tx('danger.none')] as [string, string]].concat(
      session.codes.danger.map((d): [string, string] => [d, tx('danger.' + d)]),
    ),
    '',
  );
  radios(
    'need',
    session.codes.need.map((n): [string, string] => [n, tx('need.' + n)]),
  );
  radios(
    'rights',
    session.codes.rights.map((r): [string, string] => [r, tx('rights.' + r)]),
  );
  radios(
    'substance',
    session.codes.substance.map((s): [string, string] => [s, tx('substance.' + s)]),
  );
  radios(
    'contact',
    session.codes.contact.map((value): [string, string] => [value, tx('handoff.contactBy.' + value)]),
    'phone',
  );
  for (const lang of session.languages || DEFAULT_LANGUAGES) {
    const option = h('option', '', tx('language.' + lang) || lang, langSelect);
    option.value = lang;
    option.lang = lang;
  }
  langSelect.value = 'fr';
}

/** The situation as the fields say it; `place` is the place field's query (undefined when empty). */
export function readSituation(form: HTMLElement, ageInput: HTMLInputElement, place: unknown): Situation {
  const s: Situation = {};
  for (const field of BOOLEANS) {
    const v = checkedValue(field, form);
    if (v) s[field] = v === 'yes';
  }
  const danger = checkedValue('danger', form);
  if (danger) s.danger = [danger];
  const need = checkedValue('need', form);
  if (need) s.need = need;
  const rights = checkedValue('rights', form);
  if (rights) s.rights = rights;
  const substance = checkedValue('substance', form);
  if (need === 'addiction' && substance) s.substance = substance;
  const age = ageInput.value.trim();
  if (/^\d{1,3}$/.test(age)) s.age = Number(age);
  if (place !== undefined) s.place = place;
  return s;
}

/** Marks the typed fields the server refused (after the place's own marking, which it may add to). */
export function markInvalid(
  answer: TriageAnswer | null,
  ageInput: HTMLInputElement,
  placeInput: HTMLInputElement,
): void {
  const fields = (answer && answer.error && answer.error.fields) || [];
  const bad = (name: string) => fields.some((f) => f.field === name || f.field.indexOf(name + '.') === 0);
  if (bad('age')) ageInput.setAttribute('aria-invalid', 'true');
  else ageInput.removeAttribute('aria-invalid');
  if (bad('place')) placeInput.setAttribute('aria-invalid', 'true');
}
