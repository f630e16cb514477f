/** The understanding layer: from one message and the question just asked, to slots, answers and danger. */
export * from './types.js';
export { understand } from './understand.js';
export type { UnderstandDeps } from './understand.js';
export {
  FLAGS,
  compileLexicon,
  countPhrases,
  emptyLexicon,
  lexiconFor,
  mergeLexicons,
  parseLexicon,
} from './lexicon.js';
export type { CompiledLexicon, FlagName, Lexicon, LexiconKeywords, PhraseList } from './lexicon.js';
export { detectKeyword } from './keywords.js';
export { createRecognizers, recognizerCulture, recognizers, warmUpRecognizers } from './recognizers.js';
export type {
  RecognizedAge,
  RecognizedBoolean,
  RecognizedNumber,
  RecognizerCulture,
  Recognizers,
  WarmUpReport,
} from './recognizers.js';
export { normalizeText, normalizeTokens, tokenize } from './normalize-text.js';
