/**
 * The element helpers every view uses: `h` builds an element (text through textContent only, never HTML),
 * `byId` finds one the page must have, failing loudly when the HTML and the script disagree, and
 * `checkedValue` reads a radio group, `closeOnEscape` gives panels their Escape key.
 */

/** Creates an element with classes and text (textContent only), appended to `parent` when given. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  cls?: string,
  text?: string,
  parent?: Element,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error('staff page: #' + id + ' is missing');
  return e as T;
}

/** The value of the radio group `name` checked within `scope`; '' when none is. */
export function checkedValue(name: string, scope: HTMLElement): string {
  const checked = scope.querySelector<HTMLInputElement>('input[name="' + name + '"]:checked');
  return checked ? checked.value : '';
}

/** A panel opened by `button` closes on Escape from inside it and gives the focus back to its button. */
export function closeOnEscape(panel: HTMLElement, close: () => void, button: HTMLElement): void {
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden && panel.contains(document.activeElement)) {
      close();
      button.focus();
    }
  });
}
