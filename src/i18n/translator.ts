/**
 * Builds the translation function from `locales/` resources already in memory (i18next, no backend):
 * resident-facing text never lives in TypeScript. Simplified French (fr-x-falc) and every other language
 * fall back to French key by key, so a missing translation shows French rather than a raw key.
 */
import i18next from 'i18next';
import { LANGUAGES } from '../orientation/situation.js';
import type { Translate, Translator } from '../orientation/translate.js';

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
  const bound = new Map<string, Translate>();
  return (lang) => {
    let translate = bound.get(lang);
    if (!translate) {
      const fixed = instance.getFixedT(lang);
      // i18next resolves a key (language, fallback) once; the template is kept and filled here, because
      // its lookup costs more than the rest of an orientation. Placeholders are plain {{name}}.
      const templates = new Map<string, string>();
      translate = (key, vars) => {
        let template = templates.get(key);
        if (template === undefined) {
          template = String(fixed(key, { skipInterpolation: true }));
          templates.set(key, template);
        }
        if (!vars) return template;
        return template.replace(/{{\s*(\w+)\s*}}/g, (whole, name: string) =>
          name in vars ? String(vars[name]) : whole,
        );
      };
      bound.set(lang, translate);
    }
    return translate;
  };
}
