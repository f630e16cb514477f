/** A translation function already bound to one language: `t('reason.none-pass')`. */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Gives the translation function of a language; built at the edge from the `locales/` resources. */
export type Translator = (lang: string) => Translate;
