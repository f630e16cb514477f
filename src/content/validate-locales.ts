/**
 * Every language has every key French has (and no stale extra ones), every service type has its generic
 * guidance, and interpolation placeholders match: a translated sentence must not lose the phone number.
 */
import { SERVICE_TYPES, LANGUAGES } from '../orientation/situation.js';
import type { Resources } from '../i18n/translator.js';
import { flattenKeys } from './locale-keys.js';
import type { Problem } from './problem.js';

export const LEXICON = 'lexicon';
/** Word lists, not translations: each language lists its own words (checked by their own parsers). */
const isWordList = (namespace: string): boolean => namespace === LEXICON || /^danger(-|$)/.test(namespace);
const REQUIRED_PER_TYPE = ['name', 'generic'];
const REQUIRED = ['where.service', 'where.address', 'where.phone', 'where.hours', 'where.stale', 'where.noContact'];

function placeholders(text: string): string {
  return [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort().join(',');
}

export function validateLocales(resources: Resources, localesDir: string): Problem[] {
  const problems: Problem[] = [];
  const french = resources.fr;
  if (!french) return [{ file: `${localesDir}/fr`, message: 'French is the source language and is missing', severity: 'error' }];
  for (const [namespace, content] of Object.entries(french)) {
    if (isWordList(namespace)) continue;
    const source = flattenKeys(content);
    const file = `${localesDir}/fr/${namespace}.json`;
    if (namespace === 'orientation') {
      for (const key of REQUIRED) if (!source.has(key)) problems.push({ file, record: key, message: 'is required', severity: 'error' });
      for (const type of SERVICE_TYPES) {
        for (const part of REQUIRED_PER_TYPE) {
          const key = `type.${type}.${part}`;
          if (!source.has(key)) problems.push({ file, record: key, message: 'is required for every service type', severity: 'error' });
        }
      }
    }
    for (const lang of LANGUAGES.filter((l) => l !== 'fr')) {
      const otherFile = `${localesDir}/${lang}/${namespace}.json`;
      const other = resources[lang]?.[namespace];
      if (!other) {
        problems.push({ file: otherFile, message: 'is missing', severity: 'error' });
        continue;
      }
      const translated = flattenKeys(other);
      for (const [key, text] of source) {
        const theirs = translated.get(key);
        if (theirs === undefined) problems.push({ file: otherFile, record: key, message: 'has no translation', severity: 'error' });
        else if (placeholders(theirs) !== placeholders(text)) {
          problems.push({ file: otherFile, record: key, message: `placeholders {{${placeholders(theirs)}}} differ from French {{${placeholders(text)}}}`, severity: 'error' });
        }
      }
      for (const key of translated.keys()) {
        if (!source.has(key)) problems.push({ file: otherFile, record: key, message: 'is not in the French source (stale key?)', severity: 'error' });
      }
    }
  }
  return problems;
}
