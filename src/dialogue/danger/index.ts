/** Danger detection: the words of danger of every language (locales/<lang>/danger.json), always looked up. */
export { parseDangerRules, DEFAULT_GAP, DEFAULT_WINDOW } from './danger-rules.js';
export type { DangerRules, CategoryRules, Pattern, Negation } from './danger-rules.js';
export { compileDanger, fold } from './compile-danger.js';
export type { DangerIndex } from './compile-danger.js';
export { detectDanger, MAX_TOKENS } from './detect-danger.js';
export type { DangerMatch } from './detect-danger.js';
