/**
 * The interface strings: every one comes from GET /staff/api/session (locales/fr/staff.json), none is
 * written in the script. `tx` looks one up; `fillTexts` puts them into the page's `[data-t]` elements.
 */
import type { Texts } from './api-types.js';

let texts: Texts = {};

export function setTexts(value: Texts): void {
  texts = value;
}

/** The text at `key` ("card.phone"), with {{name}} placeholders filled; '' when there is none. */
export function tx(key: string, vars?: Record<string, string | number>): string {
  let value: unknown = texts[key];
  if (value === undefined) {
    value = texts;
    for (const part of key.split('.')) {
      value = value && typeof value === 'object' ? (value as Texts)[part] : undefined;
    }
  }
  let text = typeof value === 'string' ? value : '';
  if (vars) {
    for (const name of Object.keys(vars)) text = text.split('{{' + name + '}}').join(String(vars[name]));
  }
  return text;
}

export function fillTexts(): void {
  const marked = document.querySelectorAll<HTMLElement>('[data-t]');
  for (let i = 0; i < marked.length; i++) {
    const e = marked[i];
    if (e) e.textContent = tx(e.getAttribute('data-t') || '');
  }
  const title = tx('title');
  if (title) document.title = title;
}
