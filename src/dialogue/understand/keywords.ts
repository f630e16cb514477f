/**
 * Whole-message keywords (STOP, AIDE, RETOUR, MENU, FR/EN/عربي…). Detection only: the dialogue decides
 * whether a keyword wins over the answer the current question expects ("0" may also be a menu choice).
 */
import { compileLexicon } from './lexicon.js';
import type { Lexicon } from './lexicon.js';
import { normalizeTokens } from './normalize-text.js';
import type { KeywordHit } from './types.js';

/**
 * The keyword when the WHOLE message (normalised, punctuation removed) is one of the keyword phrases of
 * `lexicon`, which `lexiconFor` builds with the French and English keywords as well.
 */
export function detectKeyword(text: string, lexicon: Lexicon): KeywordHit | null {
  if (text.length > 80) return null;
  const norm = normalizeTokens(text).join(' ');
  if (norm === '') return null;
  const hit = compileLexicon(lexicon).keywords.get(norm);
  return hit ? { ...hit } : null;
}
