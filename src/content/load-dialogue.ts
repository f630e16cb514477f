/**
 * The edge that reads the dialogue's content (flows/*.yaml, locales/<lang>/lexicon.json and danger.json)
 * and wires the pure engine: compiled flow, understanding with the lexicons and the danger patterns,
 * recognizers loaded once.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileFlow } from '../dialogue/compile-flow.js';
import type { DialogueDeps } from '../dialogue/engine.js';
import { isFlowDefinition, type FlowDefinition } from '../dialogue/flow-definition.js';
import type { Understander } from '../dialogue/interpret.js';
import { compileDanger, parseDangerRules, type DangerIndex, type DangerRules } from '../dialogue/danger/index.js';
import {
  compileLexicon,
  detectKeyword,
  lexiconFor,
  parseLexicon,
  recognizers,
  normalizeTokens,
  understand,
  type Lexicon,
} from '../dialogue/understand/index.js';
import type { Knowledge } from '../orientation/orient.js';
import { LANGUAGES, type Language } from '../orientation/situation.js';
import { DEFAULT_PATHS, PROJECT_ROOT, type ContentPaths } from './load-content.js';
import type { Problem } from './problem.js';
import { parseYaml } from './read-yaml.js';

export const FLOW_FILE = join(PROJECT_ROOT, 'flows', 'orientation.yaml');

export function readFlowDefinition(path: string = FLOW_FILE): FlowDefinition {
  const raw = parseYaml(readFileSync(path, 'utf8'));
  if (!isFlowDefinition(raw)) throw new Error(`${path}: not a flow definition (id, version, questions, machine)`);
  return raw;
}

export function loadLexicons(localesDir: string, problems: Problem[]): Partial<Record<Language, Lexicon>> {
  const lexicons: Partial<Record<Language, Lexicon>> = {};
  for (const lang of LANGUAGES) {
    const file = join(localesDir, lang, 'lexicon.json');
    try {
      const parsed = parseLexicon(JSON.parse(readFileSync(file, 'utf8')), file);
      problems.push(...parsed.problems);
      lexicons[lang] = parsed.lexicon;
    } catch (error) {
      problems.push({ file, message: `cannot be read: ${(error as Error).message}`, severity: 'error' });
    }
  }
  return lexicons;
}

/**
 * Every language's danger files (danger.json, then danger-<part>.json, e.g. ar/danger-darija.json for Arabic in
 * Latin letters): danger is looked for in every message, whatever its language. Each file has its own classes.
 */
export function loadDangerRules(localesDir: string, problems: Problem[]): DangerRules[] {
  const all: DangerRules[] = [];
  for (const file of LANGUAGES.flatMap((lang) => dangerFiles(join(localesDir, lang)))) {
    try {
      const parsed = parseDangerRules(JSON.parse(readFileSync(file, 'utf8')), file, normalizeTokens);
      problems.push(...parsed.problems);
      all.push(parsed.rules);
    } catch (error) {
      problems.push({ file, message: `cannot be read: ${(error as Error).message}`, severity: 'error' });
    }
  }
  return all;
}

function dangerFiles(dir: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => /^danger-[a-z0-9-]+\.json$/.test(n)).sort();
  } catch {
    // A missing language folder is reported by the danger.json read below.
  }
  return [join(dir, 'danger.json'), ...names.map((n) => join(dir, n))];
}

/** The danger index, with the lexicons' words as words a typo must not be corrected from. */
export function dangerIndexFor(rules: readonly DangerRules[], lexicons: Partial<Record<Language, Lexicon>>): DangerIndex {
  const known = new Set<string>();
  for (const lexicon of Object.values(lexicons)) {
    for (const section of [lexicon.rights, lexicon.need, lexicon.substance, lexicon.flags]) {
      for (const list of Object.values(section) as (readonly string[] | undefined)[])
        for (const phrase of list ?? []) for (const word of normalizeTokens(phrase)) known.add(word);
    }
    for (const phrase of [...lexicon.yes, ...lexicon.no, ...lexicon.dontKnow])
      for (const word of normalizeTokens(phrase)) known.add(word);
  }
  return compileDanger(rules, known);
}

const ARABIC = /[\u0600-\u06FF]/;
/** A first SMS is often a bare greeting: enough to answer in English (anything else stays French). */
const ENGLISH_GREETING = /^\s*(hello|hi|hey|good (morning|afternoon|evening)|hello there)\b[\s!.,?]*$/i;

/** Builds the understanding functions the engine needs, with one merged lexicon per language. */
export function createUnderstander(
  lexicons: Partial<Record<Language, Lexicon>>,
  danger: DangerIndex,
): Understander {
  const merged = new Map<Language, Lexicon>();
  for (const lang of LANGUAGES) {
    const lexicon = lexiconFor(lang, lexicons);
    compileLexicon(lexicon); // compile once now, not on the first message
    merged.set(lang, lexicon);
  }
  const lexiconOf = (lang: Language): Lexicon => merged.get(lang) ?? lexiconFor(lang, lexicons);
  const score = (text: string, lang: Language): number => {
    const u = understand(text, lang, { kind: 'free' }, { lexicon: lexiconOf(lang), danger, recognizers });
    return Object.keys(u.slots).length + (u.yesNo !== undefined ? 1 : 0) + (u.dontKnow ? 1 : 0);
  };
  return {
    understand: (text, lang, expect) =>
      understand(text, lang, expect, { lexicon: lexiconOf(lang), danger, recognizers }),
    keyword: (text, lang) => detectKeyword(text, lexiconOf(lang)),
    guessLanguage: (text) => {
      if (ARABIC.test(text)) return 'ar';
      if (ENGLISH_GREETING.test(text)) return 'en';
      return score(text, 'en') > score(text, 'fr') ? 'en' : 'fr';
    },
  };
}

export interface DialogueOptions {
  paths?: ContentPaths;
  today?: string;
}

export async function loadDialogue(knowledge: Knowledge, options: DialogueOptions = {}): Promise<DialogueDeps> {
  const paths = options.paths ?? DEFAULT_PATHS;
  const problems: Problem[] = [];
  const lexicons = loadLexicons(paths.localesDir, problems);
  const dangerRules = loadDangerRules(paths.localesDir, problems);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length > 0) throw new Error(errors.map((p) => `${p.file}: ${p.message}`).join('\n'));
  const flow = compileFlow(readFlowDefinition(), {
    rules: knowledge.rules,
    placeOf: (insee) => knowledge.places.byInsee(insee),
  });
  return { flow, knowledge, understander: createUnderstander(lexicons, dangerIndexFor(dangerRules, lexicons)), ...(options.today ? { today: options.today } : {}) };
}
