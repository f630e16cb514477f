/** A translation function already bound to one language: `t('reason.none-pass')`. */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Gives the translation function of a language; built at the edge from the `locales/` resources. */
export type Translator = (lang: string) => Translate;

/**
 * The text of `key`, or null when no locale has it. i18next answers a missing key with the key itself
 * (without its namespace): every optional text (an SMS variant, a sentence some types have) asks here.
 */
export function optionalText(
  t: Translate,
  key: string,
  vars?: Record<string, string | number>,
): string | null {
  const text = t(key, vars);
  return text === '' || text === key || text === key.slice(key.indexOf(':') + 1) ? null : text;
}
