import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { dangerIndexFor, loadDangerRules } from '../src/content/load-dialogue.js';
import type { Problem } from '../src/content/problem.js';
import { parseYaml } from '../src/content/read-yaml.js';
import { detectKeyword } from '../src/dialogue/understand/keywords.js';
import {
  compileLexicon,
  countPhrases,
  emptyLexicon,
  lexiconFor,
  mergeLexicons,
  parseLexicon,
  type Lexicon,
} from '../src/dialogue/understand/lexicon.js';
import { normalizeText, tokenize } from '../src/dialogue/understand/normalize-text.js';
import { recognizers, warmUpRecognizers, type Recognizers } from '../src/dialogue/understand/recognizers.js';
import type { ChoiceOption, Expectation, Understanding } from '../src/dialogue/understand/types.js';
import { understand } from '../src/dialogue/understand/understand.js';
import { LANGUAGES, type Language } from '../src/orientation/situation.js';

// ---------------------------------------------------------------------------------------------------
// Lexicons, as the content loader will give them.

function readLexicon(lang: Language): {
  lexicon: Lexicon;
  problems: ReturnType<typeof parseLexicon>['problems'];
} {
  const file = `locales/${lang}/lexicon.json`;
  const json: unknown = JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));
  return parseLexicon(json, file);
}

const LOCALES = fileURLToPath(new URL('../locales', import.meta.url));
const parsed = Object.fromEntries(LANGUAGES.map((lang) => [lang, readLexicon(lang)])) as Record<
  Language,
  ReturnType<typeof readLexicon>
>;
const own = Object.fromEntries(LANGUAGES.map((lang) => [lang, parsed[lang].lexicon])) as Record<
  Language,
  Lexicon
>;
const lexicons = Object.fromEntries(LANGUAGES.map((lang) => [lang, lexiconFor(lang, own)])) as Record<
  Language,
  Lexicon
>;
const dangerProblems: Problem[] = [];
const danger = dangerIndexFor(loadDangerRules(LOCALES, dangerProblems), own);

/** The real recognizers, counting the calls so `usedRecognizers` can be checked against what happened. */
let calls = 0;
const counting: Recognizers = {
  number: (t, c) => (calls++, recognizers.number(t, c)),
  ordinal: (t, c) => (calls++, recognizers.ordinal(t, c)),
  age: (t, c) => (calls++, recognizers.age(t, c)),
  boolean: (t, c) => (calls++, recognizers.boolean(t, c)),
};
const refusing: Recognizers = {
  number: () => {
    throw new Error('number recognizer called');
  },
  ordinal: () => {
    throw new Error('ordinal recognizer called');
  },
  age: () => {
    throw new Error('age recognizer called');
  },
  boolean: () => {
    throw new Error('boolean recognizer called');
  },
};

function run(
  text: string,
  lang: Language,
  expectation: Expectation,
  recognizersUsed: Recognizers = counting,
) {
  return understand(text, lang, expectation, {
    lexicon: lexicons[lang],
    danger,
    recognizers: recognizersUsed,
  });
}

// ---------------------------------------------------------------------------------------------------
// Table-driven cases

interface CaseResult {
  choice?: string | null;
  yesNo?: boolean | null;
  age?: number | null;
  dontKnow?: boolean | null;
  slots?: Record<string, string | number | boolean | null>;
  placeText?: string | null;
  danger?: string[];
  usedRecognizers?: boolean;
}
interface Case {
  text: string;
  lang: Language;
  expect: { kind: Expectation['kind']; options?: string | ChoiceOption[] };
  result: CaseResult;
}
interface CaseFile {
  options?: Record<string, ChoiceOption[]>;
  cases: Case[];
}

function loadCases(name: string): (Case & { expectation: Expectation; title: string })[] {
  const file = parseYaml(readFileSync(new URL(`./cases/${name}`, import.meta.url), 'utf8')) as CaseFile;
  return file.cases.map((c) => {
    let expectation: Expectation;
    if (c.expect.kind === 'choice') {
      const options =
        typeof c.expect.options === 'string' ? file.options?.[c.expect.options] : c.expect.options;
      if (options === undefined) throw new Error(`${name}: no options for "${c.text}"`);
      expectation = { kind: 'choice', options };
    } else expectation = { kind: c.expect.kind } as Expectation;
    return { ...c, expectation, title: `[${c.lang} ${c.expect.kind}] ${c.text}` };
  });
}

const CASE_FILES = ['understand-fr.yaml', 'understand-en.yaml', 'understand-ar.yaml'];
const allCases = CASE_FILES.flatMap((f) => loadCases(f).map((c) => ({ ...c, file: f })));

function checkField<K extends keyof Understanding>(u: Understanding, key: K, wanted: unknown): void {
  if (wanted === undefined) return;
  if (wanted === null) expect(u[key], `${String(key)} should be absent`).toBeUndefined();
  else expect(u[key], String(key)).toEqual(wanted);
}

beforeAll(() => {
  warmUpRecognizers(['fr', 'en']);
}, 60_000);

describe('understanding messages (test/cases/understand-*.yaml)', () => {
  it('has at least 150 cases over the three languages', () => {
    expect(allCases.length).toBeGreaterThanOrEqual(150);
    for (const lang of ['fr', 'en', 'ar']) expect(allCases.some((c) => c.lang === lang)).toBe(true);
  });

  it.each(allCases)('$title', (c) => {
    const before = calls;
    const u = run(c.text, c.lang, c.expectation);
    const r = c.result;
    checkField(u, 'choice', r.choice);
    checkField(u, 'yesNo', r.yesNo);
    checkField(u, 'age', r.age);
    checkField(u, 'dontKnow', r.dontKnow);
    checkField(u, 'placeText', r.placeText);
    checkField(u, 'usedRecognizers', r.usedRecognizers);
    if (r.danger !== undefined) expect([...u.danger].sort(), 'danger').toEqual([...r.danger].sort());
    for (const [key, value] of Object.entries(r.slots ?? {})) {
      const got = (u.slots as Record<string, unknown>)[key];
      if (value === null) expect(got, `slots.${key} should be absent`).toBeUndefined();
      else expect(got, `slots.${key}`).toEqual(value);
    }
    // usedRecognizers says exactly whether the recognizers were called.
    expect(u.usedRecognizers).toBe(calls > before);
  });
});

// ---------------------------------------------------------------------------------------------------

describe('the recognizers are called only for the value the question expects', () => {
  const free: Expectation = { kind: 'free' };
  const place: Expectation = { kind: 'place' };
  const options: ChoiceOption[] = [
    { id: 'a', labels: ['Alpha'] },
    { id: 'b', labels: ['Bêta'] },
  ];

  it('never for free text or a place, whatever the message says', () => {
    for (const text of ['dix-sept', 'oui', 'le deuxième', 'quarante-deux ans', 'vendredi prochain', 'sept']) {
      for (const lang of ['fr', 'en', 'fr-x-falc'] as const) {
        expect(run(text, lang, free, refusing).usedRecognizers).toBe(false);
        expect(run(text, lang, place, refusing).usedRecognizers).toBe(false);
      }
    }
  });

  it('never for Arabic, whatever the question', () => {
    const expectations: Expectation[] = [
      { kind: 'age' },
      { kind: 'boolean' },
      { kind: 'choice', options },
      free,
      place,
    ];
    for (const e of expectations) {
      for (const text of ['سبعة عشر', 'ربما', 'الثالث', 'dix-sept', 'twenty']) {
        expect(run(text, 'ar', e, refusing).usedRecognizers).toBe(false);
      }
    }
  });

  it('not when the lexicon or the digits already answered', () => {
    expect(run('oui', 'fr', { kind: 'boolean' }, refusing).yesNo).toBe(true);
    expect(run("j'ai 17 ans", 'fr', { kind: 'age' }, refusing).age).toBe(17);
    expect(run('2', 'en', { kind: 'choice', options }, refusing).choice).toBe('b');
    expect(run('beta', 'fr', { kind: 'choice', options }, refusing).choice).toBe('b');
  });

  it('fr-x-falc uses the French models', () => {
    const u = run('dix-neuf', 'fr-x-falc', { kind: 'age' });
    expect(u).toMatchObject({ age: 19, usedRecognizers: true });
  });

  it('does not take "sept" for September: only numbers are asked for', () => {
    expect(run('dix-sept', 'fr', { kind: 'age' }).age).toBe(17);
    expect(run('sept', 'fr', { kind: 'age' }).age).toBe(7);
  });
});

describe('danger is looked up in every language', () => {
  it('finds Arabic, English and French danger whatever the message language', () => {
    for (const lang of LANGUAGES) {
      expect(run('نبغي نموت', lang, { kind: 'free' }).danger, lang).toEqual(['suicide']);
      expect(run('I want to kill myself', lang, { kind: 'free' }).danger, lang).toEqual(['suicide']);
      expect(run('il me frappe', lang, { kind: 'free' }).danger, lang).toEqual(['violence']);
    }
  });

  it('deduplicates the kinds and stays empty for ordinary complaints', () => {
    expect(run('je veux mourir, je veux mourir, je veux me tuer', 'fr', { kind: 'free' }).danger).toEqual([
      'suicide',
    ]);
    for (const text of [
      "j'ai mal aux dents",
      'test de grossesse',
      'mal à la gorge',
      'arrêter de fumer',
      'je voudrais un test de grossesse et arrêter de fumer',
      "j'ai mal au ventre depuis hier",
      'my teeth hurt',
      'I want to stop drinking',
      'وجع الراس',
    ]) {
      expect(run(text, 'fr', { kind: 'free' }).danger, text).toEqual([]);
    }
  });
});

describe('keywords (whole message only)', () => {
  it('recognises a keyword in the language, in French and in English', () => {
    expect(detectKeyword('STOP', lexicons.ar)).toEqual({ keyword: 'stop' });
    expect(detectKeyword('Stop !!!', lexicons.en)).toEqual({ keyword: 'stop' });
    expect(detectKeyword('arrêt', lexicons.en)).toEqual({ keyword: 'stop' });
    expect(detectKeyword('توقف', lexicons.ar)).toEqual({ keyword: 'stop' });
    expect(detectKeyword('Aide', lexicons.fr)).toEqual({ keyword: 'help' });
    expect(detectKeyword('help', lexicons.fr)).toEqual({ keyword: 'help' });
    expect(detectKeyword('0', lexicons.fr)).toEqual({ keyword: 'back' });
    expect(detectKeyword('MENU', lexicons['fr-x-falc'])).toEqual({ keyword: 'restart' });
    expect(detectKeyword('urgence', lexicons.fr)).toEqual({ keyword: 'urgent' });
    expect(detectKeyword('un conseiller', lexicons.fr)).toEqual(null);
    expect(detectKeyword('conseiller', lexicons.fr)).toEqual({ keyword: 'human' });
  });

  it('gives the language asked for', () => {
    expect(detectKeyword('English', lexicons.fr)).toEqual({ keyword: 'language', lang: 'en' });
    expect(detectKeyword('عربي', lexicons.fr)).toEqual({ keyword: 'language', lang: 'ar' });
    expect(detectKeyword('العربية', lexicons.en)).toEqual({ keyword: 'language', lang: 'ar' });
    expect(detectKeyword('Français', lexicons.ar)).toEqual({ keyword: 'language', lang: 'fr' });
    expect(detectKeyword('FALC', lexicons.fr)).toEqual({ keyword: 'language', lang: 'fr-x-falc' });
  });

  it('ignores a keyword inside a longer message', () => {
    expect(detectKeyword('stop fumer', lexicons.fr)).toBeNull();
    expect(detectKeyword('aide pour ma mutuelle', lexicons.fr)).toBeNull();
    expect(detectKeyword('I need help', lexicons.en)).toBeNull();
    expect(detectKeyword('', lexicons.fr)).toBeNull();
    expect(detectKeyword('!!!', lexicons.fr)).toBeNull();
  });
});

describe('the lexicon files', () => {
  it.each(LANGUAGES)('%s parses without any problem', (lang) => {
    expect(parsed[lang].problems).toEqual([]);
  });

  it('is broad enough', () => {
    const counts = Object.fromEntries(LANGUAGES.map((l) => [l, countPhrases(own[l])]));
    expect(counts.fr).toBeGreaterThanOrEqual(400);
    expect(counts.en).toBeGreaterThanOrEqual(250);
    expect(counts.ar).toBeGreaterThanOrEqual(200);
  });

  it('covers every slot value and keyword in fr, en and ar (danger: see danger.test.ts)', () => {
    for (const lang of ['fr', 'en', 'ar'] as const) {
      const l = own[lang];
      for (const [section, values] of [
        ['rights', ['none', 'pending', 'basic', 'full', 'ame', 'unknown']],
        ['flags', ['precarious', 'forRelative', 'cannotWait', 'canWait', 'knownToCmp']],
      ] as const) {
        for (const v of values) {
          const list = (l[section] as Record<string, readonly string[] | undefined>)[v];
          expect(list?.length ?? 0, `${lang} ${section}/${v}`).toBeGreaterThan(0);
        }
      }
      expect(l.yes.length && l.no.length && l.dontKnow.length, lang).toBeGreaterThan(0);
    }
  });

  it('fr-x-falc is merged over French, and Arabic also matches French phrases', () => {
    expect(run("j'ai pas de mutuelle", 'fr-x-falc', { kind: 'free' }).slots.rights).toBe('basic');
    expect(run("j'ai pas de mutuelle", 'ar', { kind: 'free' }).slots.rights).toBe('basic');
    expect(run("j'ai pas de mutuelle", 'en', { kind: 'free' }).slots.rights).toBeUndefined();
  });
});

describe('parseLexicon reports what the content validator needs', () => {
  it('reports unknown values, malformed phrases and unknown sections', () => {
    const { lexicon, problems } = parseLexicon(
      {
        rights: { none: ['pas de secu', 42, '  !! '], nothing: ['x'] },
        need: { dental: 'dents' },
        flags: { precarious: ['sdf'], homeless: ['sdf'] },
        yes: ['oui', 'Oui'],
        no: ['oui'],
        danger: { fire: ['au feu'] },
        keywords: { stop: ['stop'], dance: ['danse'], language: { de: ['deutsch'], en: ['english'] } },
        colours: {},
      },
      'locales/xx/lexicon.json',
    );
    const messages = problems.map((p) => `${p.severity} ${p.field}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^error rights\/none\/1: a phrase must be a string/),
        expect.stringMatching(/^error rights\/none\/2: .* empty once normalised/),
        expect.stringMatching(/^error rights\/nothing: unknown value "nothing"/),
        expect.stringMatching(/^error need\/dental: must be a list of phrases/),
        expect.stringMatching(/^error flags\/homeless: unknown value/),
        expect.stringMatching(/^warning yes\/1: .* listed twice/),
        expect.stringMatching(/^warning no: .*also listed under yes/),
        expect.stringMatching(/^warning danger: unknown section/),
        expect.stringMatching(/^error keywords\/dance: unknown keyword/),
        expect.stringMatching(/^error keywords\/language\/de: unknown language/),
        expect.stringMatching(/^warning colours: unknown section/),
      ]),
    );
    expect(problems.every((p) => p.file === 'locales/xx/lexicon.json')).toBe(true);
    expect(lexicon.rights.none).toEqual(['pas de secu']);
    expect(lexicon.keywords.language).toEqual({ en: ['english'] });
  });

  it('warns about a phrase under two values of a section, and rejects a non-object', () => {
    const { problems } = parseLexicon(
      { rights: { none: ['pas de secu'], basic: ['Pas de sécu'] } },
      'f.json',
    );
    expect(problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        field: 'rights/basic',
        message: expect.stringContaining('rights/none'),
      }),
    ]);
    expect(parseLexicon([], 'f.json').problems[0]).toMatchObject({ severity: 'error' });
  });

  it('merges lexicons section by section without duplicates', () => {
    const a = { ...emptyLexicon(), yes: ['oui'], rights: { none: ['pas de secu'] } };
    const b = { ...emptyLexicon(), yes: ['oui', 'ouais'], rights: { none: ['sans secu'], ame: ['ame'] } };
    const m = mergeLexicons(a, b);
    expect(m.yes).toEqual(['oui', 'ouais']);
    expect(m.rights).toEqual({ none: ['pas de secu', 'sans secu'], ame: ['ame'] });
  });
});

describe('normalisation', () => {
  it('folds case, accents, punctuation, SMS shortcuts, Arabic letters and digits', () => {
    expect(normalizeText("J'AI PAS de Sécu !!")).toBe('j ai pas de secu');
    expect(normalizeText('jai pa de mutuel')).toBe('j ai pas de mutuelle');
    expect(normalizeText('Chalon-sur-Saône')).toBe('chalon sur saone');
    expect(normalizeText('c.m.u-c, A.M.E.')).toBe('cmu c ame');
    expect(normalizeText('Ouiiiii')).toBe('oui');
    expect(normalizeText('cœur')).toBe('coeur');
    expect(normalizeText('عمري ١٧ سنة')).toBe('عمري 17 سنه');
    expect(normalizeText('الأسنان')).toBe('اسنان');
    expect(normalizeText("I'm 17, I don't know")).toBe('i m 17 i don t know');
  });

  it('keeps the offsets of the original text', () => {
    const text = "J'habite à L'Isle-Adam";
    const tokens = tokenize(text);
    const last = tokens.at(-1);
    expect(last?.norm).toBe('adam');
    expect(text.slice(last?.start, last?.end)).toBe('Adam');
  });
});

// ---------------------------------------------------------------------------------------------------

const FREE_TEXTS = [
  "Bonjour, je n'ai pas de sécurité sociale et j'ai de la fièvre depuis 3 jours, j'habite à Chalon-sur-Saône",
  'ma carte vitale marche plus et mon fils a mal aux dents',
  'je fume trop de shit, je veux arrêter, c est pas urgent',
  'jsuis sans papiers et jai mal o ventre',
  "j'ai 17 ans et je suis enceinte, je sais pas si j'ai des droits",
  'g pa de secu ni mutuel',
  'je me sens deprimé, je dors plus depuis des semaines',
  'I have no health insurance and I am sick, I live in Lyon',
  'my carte vitale does not work and I need a dentist asap',
  'i think i am pregnant, where can I get a test',
  'ma3andich la sécu w bghit tbib',
  'ما عنديش الضمان و عندي وجع الضرس',
  'ana 7amla w ma3andich la secu, kanskon f marseille',
  'oui',
  'non merci',
  '75 013',
];

describe('performance', () => {
  it('understands a free message in well under 2 ms (warm)', () => {
    const langs: Language[] = [
      'fr',
      'fr',
      'fr',
      'fr',
      'fr',
      'fr',
      'fr',
      'en',
      'en',
      'en',
      'ar',
      'ar',
      'ar',
      'fr',
      'fr',
      'fr',
    ];
    const free: Expectation = { kind: 'free' };
    for (let i = 0; i < 50; i++) FREE_TEXTS.forEach((t, k) => run(t, langs[k] ?? 'fr', free, refusing));
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      FREE_TEXTS.forEach((t, k) => {
        const began = performance.now();
        run(t, langs[k] ?? 'fr', free, refusing);
        times.push(performance.now() - began);
      });
    }
    times.sort((a, b) => a - b);
    const p50 = times[Math.floor(times.length * 0.5)] ?? Infinity;
    const p99 = times[Math.floor(times.length * 0.99)] ?? Infinity;
    console.log(
      `understand() free text: p50 ${(p50 * 1000).toFixed(0)} µs, p99 ${(p99 * 1000).toFixed(0)} µs over ${times.length} calls`,
    );
    expect(p50).toBeLessThan(2);
  });

  it('compiles each lexicon once', () => {
    const began = performance.now();
    const fresh = lexiconFor('fr', own);
    const compiled = compileLexicon(fresh);
    const ms = performance.now() - began;
    console.log(`compiling the French lexicon: ${ms.toFixed(1)} ms, ${compiled.phraseCount} phrases`);
    expect(compileLexicon(fresh)).toBe(compiled);
  });
});
