/**
 * Builds the translation function from `locales/` resources already in memory (i18next, no backend):
 * resident-facing text never lives in TypeScript. Simplified French (fr-x-falc) and every other language
 * fall back to French key by key, so a missing translation shows French rather than a raw key.
 */
import i18next from 'i18next';
import { LANGUAGES } from '../orientation/situation.js';
import type { Translator } from '../orientation/translate.js';

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

export function createTranslator(resources: Resources): Translator {
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'fr',
    fallbackLng: 'fr',
    supportedLngs: [...LANGUAGES],
    load: 'currentOnly',
    ns: Object.keys(resources.fr ?? { orientation: {} }),
    defaultNS: 'orientation',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const bound = new Map<string, ReturnType<typeof instance.getFixedT>>();
  return (lang) => {
    let t = bound.get(lang);
    if (!t) {
      t = instance.getFixedT(lang);
      bound.set(lang, t);
    }
    const fixed = t;
    return (key, vars) => String(fixed(key, vars ?? {}));
  };
}
