/**
 * The place field: what staff typed (a postcode, a commune, or free text such as "71100 Chalon") turned
 * into the situation's `place`, and the server's reading of it shown back. Choices (a shared postcode,
 * homonyms) and suggestions are radios; once one is chosen its INSEE code is what is asked.
 */
import type { PlaceAnswer, PlaceChoice } from './api-types.js';
import { h } from './dom.js';
import { tx } from './texts.js';

export interface PlaceField {
  /** The situation's `place`, or undefined when the field is empty. */
  query(): unknown;
  /** A commune picked among the choices (its radio's value and data-commune). */
  choose(insee: string, commune: string | null): void;
  /** Typing drops the commune picked before. */
  typed(): void;
  /** Next person: nothing picked, no choices. */
  reset(): void;
  render(place: PlaceAnswer | undefined): void;
}

function departementOf(choice: PlaceChoice): string {
  return typeof choice.departement === 'string' ? choice.departement : choice.departement.code;
}

export function placeField(input: HTMLInputElement, status: HTMLElement, choices: HTMLElement): PlaceField {
  let chosenInsee = '';

  function query(): unknown {
    const text = input.value.trim();
    if (chosenInsee) return { insee: chosenInsee };
    if (!text) return undefined;
    if (/^\d{5}$/.test(text)) return { postcode: text };
    if (!/\d/.test(text)) return { commune: text };
    return text; // "71100 Chalon": the server reads free text typed by staff
  }

  /**
   * Once a choice is made the list stays, so the arrow keys can still change the commune. The list is
   * rebuilt only when it changes, and the focus never falls back to the top of the page.
   */
  function showChoices(kind: string, list: PlaceChoice[], legend: string): void {
    const key = kind + JSON.stringify(list.map((c) => c.insee));
    if (choices.getAttribute('data-key') === key) return;
    choices.setAttribute('data-key', key);
    const hadFocus = choices.contains(document.activeElement);
    choices.textContent = '';
    choices.hidden = !list.length;
    if (!list.length) {
      if (hadFocus) input.focus();
      return;
    }
    const group = h('fieldset', 'choices', '', choices);
    h('legend', '', legend, group);
    const options = h('div', 'options', '', group);
    list.forEach((choice, i) => {
      const option = h('label', 'option', '', options);
      const radio = h('input', '', '', option);
      radio.type = 'radio';
      radio.name = 'place-choice';
      radio.value = choice.insee;
      radio.id = 'place-choice-' + i;
      radio.setAttribute('data-commune', choice.commune);
      const postcodes = choice.postcodes && choice.postcodes.length ? ' ' + choice.postcodes.join(', ') : '';
      h(
        'span',
        '',
        tx('place.choice', { commune: choice.commune, departement: departementOf(choice) }) + postcodes,
        option,
      );
    });
    if (hadFocus) input.focus();
  }

  function render(place: PlaceAnswer | undefined): void {
    input.removeAttribute('aria-invalid');
    if (place && place.status === 'found') {
      status.textContent = tx('place.found', {
        commune: place.commune,
        departement: place.departement ? place.departement.code : '',
      });
      if (!chosenInsee) showChoices('', [], '');
      return;
    }
    if (!place) {
      status.textContent = '';
      showChoices('', [], '');
      return;
    }
    const list = place.status === 'ambiguous' ? place.choices : place.suggestions;
    status.textContent =
      place.status === 'ambiguous'
        ? tx('place.ambiguous')
        : tx('place.notFound') + ' ' + (list.length ? '' : tx('place.noSuggestion'));
    if (place.status === 'not-found') input.setAttribute('aria-invalid', 'true');
    showChoices(
      place.status,
      list,
      place.status === 'ambiguous' ? tx('place.choose') : tx('place.suggestions'),
    );
  }

  return {
    query,
    choose(insee, commune) {
      chosenInsee = insee;
      input.value = commune || input.value;
    },
    typed() {
      chosenInsee = '';
    },
    reset() {
      chosenInsee = '';
      showChoices('', [], '');
    },
    render,
  };
}
