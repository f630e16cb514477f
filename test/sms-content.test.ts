/**
 * The SMS texts, as a specification. Every prompt of the dialogue has a shorter variant for a basic phone in
 * locales/<lang>/sms.json (same keys as dialogue.json, plus a few SMS-only ones). Rendered exactly as the SMS
 * channel sends them (the real flow, knowledge, directory and renderer):
 *
 * - every SMS of French, English and simplified French goes as GSM-7 once folded;
 * - every SMS of any language (Arabic goes as UCS-2) takes at most 3 segments;
 * - a prompt is one SMS; a question with its numbered choices and reply hint is one SMS;
 * - every service of the directory, as a recommendation card, fits in at most 2 SMS and keeps its phone,
 *   address and hours;
 * - the safety content survives the shortening: the emergency numbers, "free even without cover", the
 *   keywords the person is told to write (and they really are keywords).
 *
 * A failing test names the language and the key, and says by how much the budget is broken.
 */
import { describe, expect, it } from 'vitest';
import { foldToGsm7, nonGsm7Characters } from '../src/channels/sms/gsm7.js';
import { renderSms, smsBudgetProblems } from '../src/channels/sms/render-sms.js';
import { MAX_SEGMENTS, measure } from '../src/channels/sms/segments.js';
import { loadKnowledge } from '../src/content/load-content.js';
import { loadDialogue } from '../src/content/load-dialogue.js';
import { flattenKeys } from '../src/content/locale-keys.js';
import { validateLocales } from '../src/content/validate-locales.js';
import { initialContext, type DialogueContext, type OutboxItem } from '../src/dialogue/context.js';
import { step, type StoredConversation } from '../src/dialogue/engine.js';
import type { Outbound } from '../src/dialogue/messages.js';
import { choiceOptions } from '../src/dialogue/interpret.js';
import { promptsFor, renderOutbox } from '../src/dialogue/render-outbox.js';
import type { ServiceRecord } from '../src/directory/service-record.js';
import type { Recommendation } from '../src/orientation/orient.js';
import { renderOpeningHours } from '../src/orientation/opening-hours.js';
import { displayPhone, renderText, renderWhere } from '../src/orientation/render-text.js';
import { LANGUAGES, type Language, type ServiceType } from '../src/orientation/situation.js';

/** A fixed day, late enough that old directory records carry their "information dates from" note. */
const TODAY = '2026-03-01';

const { knowledge, resources } = await loadKnowledge();
const deps = await loadDialogue(knowledge, { today: TODAY });

/** Languages written in Latin script: their SMS must go as GSM-7 (160 characters, not 70). */
const LATIN: readonly Language[] = ['fr', 'en', 'fr-x-falc'];
const isLatin = (lang: Language): boolean => LATIN.includes(lang);

const keysOf = (lang: Language, namespace: string): Map<string, string> =>
  flattenKeys(resources[lang]?.[namespace] ?? {});

const DIALOGUE_FR = keysOf('fr', 'dialogue');
const SMS_FR = keysOf('fr', 'sms');
const ORIENTATION_FR = keysOf('fr', 'orientation');

/**
 * The SMS variants of orientation texts (same keys as orientation.json): each reason, the generic guidance of
 * each type, and the notes of a card ("no address nor phone", "information dates from").
 */
const isOrientationKey = (key: string): boolean => /^(reason|type|where)\./.test(key);

/** The prompts of dialogue.json: everything the dialogue says, apart from the choice labels. */
const PROMPT_KEYS = [...DIALOGUE_FR.keys()].filter(
  (key) =>
    /^(say|ask|danger|recommendation|handoff)\./.test(key) ||
    key === 'notUnderstood' ||
    key === 'notUnderstoodAgain',
);
/** The choice labels of dialogue.json (options.placeChoice is a template with {{commune}} {{departement}}). */
const OPTION_KEYS = [...DIALOGUE_FR.keys()].filter((key) => key.startsWith('options.'));
/**
 * Said only by SMS: the AIDE answer (say.help, also in dialogue.json), STOP's confirmation, a picture or sound,
 * the apology when a turn fails; and the reply hint of long lists ("Répondez un numéro de 1 à 12.").
 */
const SMS_ONLY_KEYS = ['say.mediaOnly', 'say.unavailable', 'replyRange', 'recommendation.line'];
const SMS_SAYS = ['say.help', 'say.stopped', 'say.mediaOnly', 'say.unavailable'];

const SAY_KEYS = [...SMS_FR.keys()].filter((key) => key.startsWith('say.')).map((key) => key.slice(4));
const QUESTIONS = Object.keys(deps.flow.definition.questions);
const DANGER_KINDS = [...DIALOGUE_FR.keys()]
  .filter((key) => key.startsWith('danger.'))
  .map((key) => key.slice(7));

/**
 * An SMS variant may be longer than the dialogue's text only when the SMS says something more on purpose.
 */
const LONGER_BY_DESIGN: Record<string, string> = {
  'say.help':
    'by SMS, AIDE also says the SMS cost, the privacy of the number and the texts, and the 15/112/114',
  'say.stopped': 'names REPRENDRE besides START (fr)',
  'ask.emergency': "says 'if yes, call 15': the welcome's 15 moved here, so the first SMS stays short",
  'ask.resume': 'after days of silence it says why it asks',
};

/** Arabic labels that are names, written as people see them on their cards and papers. */
const LATIN_IN_ARABIC = new Set([
  'options.language.fr',
  'options.language.en',
  'options.language.fr-x-falc',
  'options.need.complementary-insurance',
  'options.placeChoice',
  'recommendation.line',
]);

// ---------------------------------------------------------------------------------------------------
// Rendering as the SMS channel does

/** Table rows with their test title ("fr say.help"): `$field` titles would quote every string. */
function named<T>(rows: readonly T[], title: (row: T) => string): [string, T][] {
  return rows.map((row) => [title(row), row]);
}

function contextFor(lang: Language, overrides: Partial<DialogueContext> = {}): DialogueContext {
  return { ...initialContext(lang), ...overrides };
}

/** The SMS bodies the channel sends for these outbox items, rendered by the dialogue for the SMS channel. */
function smsOf(items: OutboxItem[], lang: Language, context: DialogueContext = contextFor(lang)): string[] {
  return renderSms(renderOutbox(items, context, deps, 'sms'), knowledge.translator(lang));
}

/** Everything wrong with these SMS as the budget sees it, one line per breach, naming the SMS. */
function budgetBreaches(sms: string[], lang: Language): string[] {
  return sms.flatMap((text, i) => {
    const where = sms.length > 1 ? `SMS ${i + 1} of ${sms.length} ` : '';
    const problems = smsBudgetProblems(text, MAX_SEGMENTS).map((p) => `${where}${p}`);
    const m = measure(text);
    if (isLatin(lang) && m.encoding !== 'GSM-7' && problems.every((p) => !p.includes('not GSM-7'))) {
      problems.push(
        `${where}goes as ${m.encoding} (${nonGsm7Characters(foldToGsm7(text)).join(' ')}): 70 characters per SMS instead of 160`,
      );
    }
    return problems;
  });
}

function describeSms(sms: string[]): string {
  return sms
    .map((text) => {
      const m = measure(text);
      return `[${m.encoding}, ${m.characters} characters, ${m.segments} segment(s)]\n${text}`;
    })
    .join('\n---\n');
}

const ambiguous = knowledge.places.resolve('71100');
const PLACE_CHOICES = ambiguous.status === 'ambiguous' ? ambiguous.choices.map((p) => p.insee) : [];
const SAINT_DENIS = knowledge.places.resolve('93200');
const MENDE = knowledge.places.resolve('48000');
const inseeOf = (resolution: typeof SAINT_DENIS): string | null =>
  resolution.status === 'found' ? resolution.place.insee : null;

/** Numbers as dialled: "36 46" → "3646"; direction marks around them ignored. */
function numbersIn(text: string): string[] {
  const plain = text.replace(/[\u2066-\u2069\u200e\u200f]/gu, '').replace(/(\d) (?=\d)/gu, '$1');
  return [...new Set(plain.match(/\d+/gu) ?? [])];
}

// ---------------------------------------------------------------------------------------------------

describe('sms.json covers every prompt and every choice label', () => {
  it('the project has its four languages', () => {
    expect([...LANGUAGES].sort()).toEqual(['ar', 'en', 'fr', 'fr-x-falc']);
  });

  it.each([...PROMPT_KEYS, ...SMS_ONLY_KEYS])('fr sms.json has the prompt %s', (key) => {
    expect(SMS_FR.get(key), `locales/fr/sms.json has no "${key}"`).toBeTypeOf('string');
  });

  it.each(OPTION_KEYS)('fr sms.json has the choice label %s', (key) => {
    expect(SMS_FR.get(key), `locales/fr/sms.json has no "${key}"`).toBeTypeOf('string');
  });

  it.each(SMS_SAYS)('fr sms.json has the SMS keyword answer %s', (key) => {
    expect(SMS_FR.get(key), `locales/fr/sms.json has no "${key}"`).toBeTypeOf('string');
  });

  it('every key of fr sms.json is a dialogue key or an SMS-only one (a misspelt key would never be used)', () => {
    const unknown = [...SMS_FR.keys()].filter(
      (key) =>
        !(isOrientationKey(key) ? ORIENTATION_FR.has(key) : DIALOGUE_FR.has(key)) &&
        !SMS_ONLY_KEYS.includes(key),
    );
    expect(unknown).toEqual([]);
  });

  it.each(LANGUAGES.filter((l) => l !== 'fr'))('%s sms.json has exactly the keys of fr sms.json', (lang) => {
    expect([...keysOf(lang, 'sms').keys()].sort()).toEqual([...SMS_FR.keys()].sort());
  });

  it('validate-locales checks sms.json (keys and placeholders) and finds nothing wrong', () => {
    const problems = validateLocales(resources, 'locales').filter((p) => p.file.endsWith('/sms.json'));
    expect(problems).toEqual([]);
    // The check does cover sms.json: a missing key and a lost placeholder are reported.
    const en = structuredClone(resources.en?.sms) as {
      say: Record<string, string>;
      options: Record<string, string>;
    };
    delete en.say.help;
    en.options.placeChoice = '{{commune}}';
    const broken = validateLocales({ ...resources, en: { ...resources.en, sms: en } }, 'locales');
    expect(broken.map((p) => `${p.file} ${p.record}: ${p.message}`)).toEqual([
      'locales/en/sms.json say.help: has no translation',
      expect.stringMatching(/^locales\/en\/sms\.json options\.placeChoice: placeholders/),
    ]);
  });

  it.each(LANGUAGES)(
    '%s: the SMS variant is never longer than the dialogue text, unless by design',
    (lang) => {
      const dialogue = keysOf(lang, 'dialogue');
      const orientation = keysOf(lang, 'orientation');
      const full = (key: string) => (isOrientationKey(key) ? orientation : dialogue).get(key);
      const longer = [...keysOf(lang, 'sms')]
        .filter(([key, text]) => !(key in LONGER_BY_DESIGN) && text.length > (full(key)?.length ?? Infinity))
        .map(([key, text]) => `${key}: ${text.length} characters, full text ${full(key)?.length}`);
      expect(longer).toEqual([]);
    },
  );

  it.each(LANGUAGES)('%s: no link, no button, nothing to click', (lang) => {
    const clicky = [...keysOf(lang, 'sms')].filter(([, text]) =>
      /https?:|www\.|\.(fr|com|org)\b|cliqu|click|bouton|button|appuyez|tap /iu.test(text),
    );
    expect(clicky).toEqual([]);
  });

  it.each(LATIN)('%s: no typography that folding must replace (’ « » … no-break spaces)', (lang) => {
    // Accented letters GSM-7 lacks (â ê î ô û ç œ) fold well; quotes, dashes and spaces are avoidable.
    const folded = /^[âêîôûëïÿçœÂÊÎÔÛËÏŸÀÈÙŒ]$/u;
    const typography = [...keysOf(lang, 'sms')]
      .map(([key, text]) => [key, nonGsm7Characters(text).filter((c) => !folded.test(c))] as const)
      .filter(([, chars]) => chars.length > 0)
      .map(([key, chars]) => `${key}: ${chars.map((c) => JSON.stringify(c)).join(' ')}`);
    expect(typography).toEqual([]);
  });

  it('ar: written in Arabic script (not transliterated), apart from names', () => {
    const latinOnly = [...keysOf('ar', 'sms')]
      .filter(([key, text]) => !LATIN_IN_ARABIC.has(key) && !/\p{Script=Arabic}/u.test(text))
      .map(([key, text]) => `${key}: ${text}`);
    expect(latinOnly).toEqual([]);
  });
});

describe('every prompt fits in one SMS within budget', () => {
  const sayCases = LANGUAGES.flatMap((lang) => SAY_KEYS.map((key) => ({ lang, key })));
  it.each(named(sayCases, (c) => `${c.lang} say.${c.key}`))('%s', (_title, { lang, key }) => {
    const sms = smsOf([{ say: key }], lang);
    expect(sms.join(''), `${lang} say.${key} is missing`).not.toContain(`say.${key}`);
    expect(budgetBreaches(sms, lang), describeSms(sms)).toEqual([]);
    expect(sms, `${lang} say.${key} takes ${sms.length} SMS:\n${describeSms(sms)}`).toHaveLength(1);
  });

  const dangerCases = LANGUAGES.flatMap((lang) => DANGER_KINDS.map((kind) => ({ lang, kind })));
  it.each(named(dangerCases, (c) => `${c.lang} danger.${c.kind}`))('%s', (_title, { lang, kind }) => {
    const sms = smsOf([{ danger: [kind as never] }], lang);
    expect(budgetBreaches(sms, lang), describeSms(sms)).toEqual([]);
    expect(sms, `${lang} danger.${kind} takes ${sms.length} SMS:\n${describeSms(sms)}`).toHaveLength(1);
  });

  const recommendationCases = LANGUAGES.flatMap((lang) =>
    ['recommendation.header', 'recommendation.emergencyHeader', 'recommendation.none'].map((key) => ({
      lang,
      key,
    })),
  );
  it.each(named(recommendationCases, (c) => `${c.lang} ${c.key}`))('%s', (_title, { lang, key }) => {
    const p = promptsFor(knowledge.translator(lang), 'sms');
    const message: Outbound = { kind: 'recommendation', lang, text: p(key), recommendations: [] };
    const sms = renderSms([message], knowledge.translator(lang));
    expect(budgetBreaches(sms, lang), describeSms(sms)).toEqual([]);
    expect(sms).toHaveLength(1);
  });

  const handoffCases = LANGUAGES.flatMap((lang) =>
    [
      { where: 'Saint-Denis (people who help nearby)', insee: inseeOf(SAINT_DENIS) },
      { where: 'Mende (nobody listed nearby)', insee: inseeOf(MENDE) },
      { where: 'an unknown place', insee: null },
    ].map((place) => ({ lang, ...place })),
  );
  it.each(named(handoffCases, (c) => `${c.lang} handoff in ${c.where}`))('%s', (_title, { lang, insee }) => {
    const sms = smsOf([{ handoff: true }], lang, contextFor(lang, { place: insee }));
    expect(budgetBreaches(sms, lang), describeSms(sms)).toEqual([]);
    expect(sms, `${lang} handoff takes ${sms.length} SMS:\n${describeSms(sms)}`).toHaveLength(1);
  });
});

describe('a question with its numbered choices and reply hint is one SMS', () => {
  const cases = LANGUAGES.flatMap((lang) =>
    QUESTIONS.flatMap((question) => [0, 1, 2].map((misses) => ({ lang, question, misses }))),
  );
  const title = (c: (typeof cases)[number]) =>
    `${c.lang} ask.${c.question}` + (c.misses > 0 ? ` after ${c.misses} misunderstood answer(s)` : '');
  it.each(named(cases, title))('%s', (_title, { lang, question, misses }) => {
    const context = contextFor(lang, { placeChoices: PLACE_CHOICES });
    const [message] = renderOutbox([{ ask: question, misses }], context, deps, 'sms');
    const sms = renderSms(message ? [message] : [], knowledge.translator(lang));
    expect(budgetBreaches(sms, lang), describeSms(sms)).toEqual([]);
    const choices = message?.choices ?? [];
    if (misses < 2) {
      expect(sms, `${lang} ask.${question} is cut into ${sms.length} SMS:\n${describeSms(sms)}`).toHaveLength(
        1,
      );
    } else {
      // After two misses the longer reminder may go first; the choices and the hint still travel together.
      expect(sms.length, describeSms(sms)).toBeLessThanOrEqual(2);
    }
    const last = foldToGsm7(sms.at(-1) ?? '');
    for (const [i, choice] of choices.entries()) {
      expect(last, `choice ${i + 1} of ${lang} ask.${question}`).toContain(
        foldToGsm7(`${i + 1} ${choice.label}`),
      );
    }
  });

  it('the place choice is tested with a real ambiguous postcode (71100: Chalon-sur-Saône and its neighbours)', () => {
    expect(PLACE_CHOICES.length).toBeGreaterThanOrEqual(2);
  });
});

describe('an SMS choice label, typed back in words instead of its number, chooses its option', () => {
  /** Labels that are keywords and do the choice's job (in state `paused`, START resumes). */
  const AS_KEYWORD: Record<string, string> = { 'resume.resume': 'start', 'resume.restart': 'restart' };
  const cases = LANGUAGES.flatMap((lang) =>
    Object.entries(deps.flow.definition.questions).flatMap(([question, spec]) =>
      spec.expect === 'choice' && question !== 'placeChoice'
        ? (spec.options ?? []).map((id) => ({ lang, question, id }))
        : spec.expect === 'boolean' && question === 'emergency'
          ? ['yes', 'no', 'dontKnow'].map((id) => ({ lang, question: 'yesNo', id }))
          : [],
    ),
  );
  it.each(named(cases, (c) => `${c.lang} options.${c.question}.${c.id}`))(
    '%s',
    (_title, { lang, question, id }) => {
      const label = keysOf(lang, 'sms').get(`options.${question}.${id}`) ?? '';
      const keyword = deps.understander.keyword(label, lang);
      if (question === 'language' && keyword?.keyword === 'language') {
        expect(keyword.lang).toBe(id);
        return;
      }
      if (keyword) {
        expect(keyword.keyword, `"${label}" is a keyword`).toBe(AS_KEYWORD[`${question}.${id}`]);
        return;
      }
      if (question === 'yesNo') {
        const u = deps.understander.understand(label, lang, { kind: 'boolean' });
        const answer = u.dontKnow
          ? 'dontKnow'
          : u.yesNo === true
            ? 'yes'
            : u.yesNo === false
              ? 'no'
              : undefined;
        expect(answer, `"${label}"`).toBe(id);
        return;
      }
      const spec = deps.flow.definition.questions[question];
      const options = choiceOptions(question, spec, contextFor(lang), deps, lang);
      const u = deps.understander.understand(label, lang, { kind: 'choice', options });
      const field = spec?.field as keyof typeof u.slots | undefined;
      expect(u.choice ?? (field ? u.slots[field] : undefined), `"${label}"`).toBe(id);
    },
  );
});

describe('whole turns', () => {
  it.each(LANGUAGES)(
    '%s: the first reply (welcome, emergency question and its choices) is one SMS and says 15',
    (lang) => {
      const sms = smsOf([{ say: 'welcome' }, { ask: 'emergency', misses: 0 }], lang);
      expect(budgetBreaches(sms, lang), describeSms(sms)).toEqual([]);
      expect(sms, describeSms(sms)).toHaveLength(1);
      expect(numbersIn(sms[0] ?? '')).toContain('15');
    },
  );

  it.each(LANGUAGES)('%s: AIDE, then the question again, each SMS within budget', (lang) => {
    const sms = smsOf([{ say: 'help' }, { ask: 'need', misses: 0 }], lang);
    expect(budgetBreaches(sms, lang), describeSms(sms)).toEqual([]);
    expect(sms.length).toBeLessThanOrEqual(2);
  });
});

describe('every service of the directory, as an SMS card, fits in at most 2 SMS with its phone, address and hours', () => {
  const tables = [knowledge.rules.redFlags, knowledge.rules.national, ...knowledge.rules.territories];
  const reasonsByType = new Map<ServiceType, Set<string>>();
  for (const table of tables) {
    for (const rule of table.rules) {
      for (const item of rule.recommend) {
        const set = reasonsByType.get(item.type) ?? new Set<string>();
        set.add(item.reason);
        reasonsByType.set(item.type, set);
      }
    }
  }

  function card(lang: Language, record: ServiceRecord, reason: string | null): Recommendation {
    const t = knowledge.translator(lang);
    const type = record.aiguillage_type as ServiceType;
    return {
      type,
      service: record,
      reason: reason ? `reason.${reason}` : '',
      text: reason ? renderText(t, type, reason, record, TODAY) : renderWhere(t, type, record, TODAY),
      nearness: null,
      rule: 'test',
      sources: [],
    };
  }

  /** What the card must keep, as the person reads it (folded like the SMS). */
  function mustKeep(lang: Language, record: ServiceRecord): string[] {
    const t = knowledge.translator(lang);
    const street = [record.adresse, record.complement_adresse].filter(Boolean).join(', ');
    const town = [record.code_postal, record.commune].filter(Boolean).join(' ');
    const hours =
      record.aiguillage_horaires_texte ??
      (record.horaires_accueil ? renderOpeningHours(t, record.horaires_accueil) : null);
    return [
      record.telephone ? displayPhone(record.telephone) : '',
      [street, town].filter(Boolean).join(', '),
      hours ? hours.trim().replace(/[.。]+$/u, '') : '',
    ].filter(Boolean);
  }

  const cases = LANGUAGES.flatMap((lang) =>
    knowledge.directory.services.map(({ record }) => ({ lang, id: record.id, record })),
  );
  it.each(named(cases, (c) => `${c.lang} ${c.id}`))('%s', (_title, { lang, record }) => {
    const reasons = [...(reasonsByType.get(record.aiguillage_type as ServiceType) ?? [])];
    const t = knowledge.translator(lang);
    for (const reason of reasons.length > 0 ? reasons : [null]) {
      const recommendation = card(lang, record, reason);
      const message: Outbound = { kind: 'recommendation', lang, text: '', recommendations: [recommendation] };
      const sms = renderSms([message], t);
      const label = `${lang} ${record.id} with reason ${reason ?? '(none)'}`;
      expect(budgetBreaches(sms, lang), `${label}\n${describeSms(sms)}`).toEqual([]);
      expect(sms.length, `${label} takes ${sms.length} SMS:\n${describeSms(sms)}`).toBeLessThanOrEqual(2);
      const folded = sms.map((text) => foldToGsm7(text));
      for (const value of mustKeep(lang, record)) {
        expect(
          folded.some((text) => text.includes(foldToGsm7(value))),
          `${label} lost "${value}":\n${describeSms(sms)}`,
        ).toBe(true);
      }
    }
  });
});

describe('every reason a rule gives has a short SMS variant', () => {
  const tables = [knowledge.rules.redFlags, knowledge.rules.national, ...knowledge.rules.territories];
  const REASONS = [
    ...new Set(tables.flatMap((table) => table.rules.flatMap((rule) => rule.recommend.map((i) => i.reason)))),
  ].sort();
  const TYPES = [...ORIENTATION_FR.keys()]
    .filter((k) => /^type\.[^.]+\.generic$/.test(k))
    .map((k) => k.slice(5, -8));
  /** Characters a reason may take by SMS in French and English (the aim is 80; a few keep a condition). */
  const MAX_REASON = 110;

  it('the rules give many reasons', () => {
    expect(REASONS.length).toBeGreaterThanOrEqual(100);
  });

  const cases = LANGUAGES.flatMap((lang) => REASONS.map((reason) => ({ lang, reason })));
  it.each(named(cases, (c) => `${c.lang} sms:reason.${c.reason}`))('%s', (_title, { lang, reason }) => {
    const key = `reason.${reason}`;
    const sms = keysOf(lang, 'sms').get(key);
    const full = keysOf(lang, 'orientation').get(key) ?? '';
    expect(sms, `locales/${lang}/sms.json has no "${key}"`).toBeTypeOf('string');
    const text = sms ?? '';
    // A reason alone: at most 2 segments in Latin script, one SMS in Arabic (UCS-2, 67 characters a segment).
    expect(smsBudgetProblems(text, isLatin(lang) ? 2 : MAX_SEGMENTS), `${lang} ${key}: ${text}`).toEqual([]);
    if (lang === 'fr' || lang === 'en')
      expect(text.length, `${lang} ${key}: ${text}`).toBeLessThanOrEqual(MAX_REASON);
    if (isLatin(lang)) expect(measure(foldToGsm7(text)).encoding, text).toBe('GSM-7');
    // Every number of the full sentence (15, 3114, 3 months, 12-25 years, 100 %…) is still said.
    expect(
      numbersIn(full).filter((n) => !numbersIn(text).includes(n)),
      `${lang} ${key}: ${text}`,
    ).toEqual([]);
  });

  const typeCases = LANGUAGES.flatMap((lang) => TYPES.map((type) => ({ lang, type })));
  it.each(named(typeCases, (c) => `${c.lang} sms:type.${c.type}.generic keeps every number`))(
    '%s',
    (_title, { lang, type }) => {
      const key = `type.${type}.generic`;
      const sms = keysOf(lang, 'sms').get(key);
      expect(sms, `locales/${lang}/sms.json has no "${key}"`).toBeTypeOf('string');
      const full = keysOf(lang, 'orientation').get(key) ?? '';
      expect(
        numbersIn(full).filter((n) => !numbersIn(sms ?? '').includes(n)),
        sms,
      ).toEqual([]);
      expect(smsBudgetProblems(sms ?? '', isLatin(lang) ? 2 : MAX_SEGMENTS)).toEqual([]);
    },
  );

  it.each(LANGUAGES)('%s: the card notes have SMS variants that keep their placeholder', (lang) => {
    const sms = keysOf(lang, 'sms');
    expect(sms.get('where.stale')).toContain('{{year}}');
    expect(sms.get('where.noContact')).toBeTypeOf('string');
    expect(sms.get('recommendation.line')).toMatch(/\{\{name\}\}.*\{\{where\}\}/u);
  });

  it('a French answer uses the SMS reason, not the full sentence', () => {
    const place = knowledge.places.resolve('71100');
    const insee = place.status === 'found' ? place.place.insee : (PLACE_CHOICES[0] ?? null);
    const context = contextFor('fr', {
      place: insee,
      situation: { emergency: false, need: 'dental', rights: 'none', canWait: true },
    } as Partial<DialogueContext>);
    const sms = smsOf([{ recommend: true }], 'fr', context).join('\n');
    expect(sms).toContain(foldToGsm7(SMS_FR.get('reason.dental-vision-pass') ?? '?'));
    expect(sms).not.toContain(foldToGsm7(ORIENTATION_FR.get('reason.dental-vision-pass') ?? '?'));
  });
});

describe('the safety content survives the shortening', () => {
  /** Keys whose numbers (15, 112, 114, 3114, 3919, 119, 17, 3646…) the SMS must keep. */
  const NUMBERED = [
    ...DANGER_KINDS.map((kind) => `danger.${kind}`),
    'say.urgentNotice',
    'handoff.national',
    'say.placeNotFound',
  ];
  const cases = LANGUAGES.flatMap((lang) => NUMBERED.map((key) => ({ lang, key })));
  it.each(named(cases, (c) => `${c.lang} ${c.key} keeps every number of the dialogue text`))(
    '%s',
    (_title, { lang, key }) => {
      const dialogue = keysOf(lang, 'dialogue').get(key) ?? '';
      const sms = keysOf(lang, 'sms').get(key) ?? '';
      expect(numbersIn(dialogue).filter((n) => !numbersIn(sms).includes(n))).toEqual([]);
    },
  );

  /** "Calling 15 is free, even without cover", as each language says it. */
  const FREE_WITHOUT_COVER: Record<Language, RegExp[]> = {
    fr: [/gratuit/u, /sans sécurité sociale/u],
    'fr-x-falc': [/gratuit/u, /sans sécurité sociale/u],
    en: [/free/u, /without health insurance/u],
    ar: [/مجان/u, /بدون تأمين صحي/u],
  };
  const freeKinds = DANGER_KINDS.filter((kind) =>
    /sans sécurité sociale/u.test(DIALOGUE_FR.get(`danger.${kind}`) ?? ''),
  );
  const freeCases = LANGUAGES.flatMap((lang) => freeKinds.map((kind) => ({ lang, kind })));
  it.each(
    named(freeCases, (c) => `${c.lang} danger.${c.kind} says that calling 15 is free even without cover`),
  )('%s', (_title, { lang, kind }) => {
    const sms = keysOf(lang, 'sms').get(`danger.${kind}`) ?? '';
    for (const pattern of FREE_WITHOUT_COVER[lang]) expect(sms).toMatch(pattern);
  });

  it('the danger kinds that say "free even without cover" are found', () => {
    expect(freeKinds.length).toBeGreaterThanOrEqual(3);
  });

  /** The words each SMS tells the person to write, and what they must do. */
  const TOLD_KEYWORDS: Record<Language, { help: Record<string, string>; stopped: Record<string, string> }> = {
    fr: { help: { STOP: 'stop', RETOUR: 'back' }, stopped: { START: 'start', REPRENDRE: 'start' } },
    'fr-x-falc': { help: { STOP: 'stop', RETOUR: 'back' }, stopped: { START: 'start', REPRENDRE: 'start' } },
    en: { help: { STOP: 'stop', BACK: 'back' }, stopped: { START: 'start' } },
    ar: { help: { STOP: 'stop', RETOUR: 'back' }, stopped: { START: 'start' } },
  };
  const keywordCases = LANGUAGES.flatMap((lang) =>
    (['help', 'stopped'] as const).flatMap((say) =>
      Object.entries(TOLD_KEYWORDS[lang][say]).map(([word, keyword]) => ({ lang, say, word, keyword })),
    ),
  );
  it.each(
    named(keywordCases, (c) => `${c.lang} say.${c.say} tells to write ${c.word}, the ${c.keyword} keyword`),
  )('%s', (_title, { lang, say, word, keyword }) => {
    expect(keysOf(lang, 'sms').get(`say.${say}`)).toContain(word);
    expect(deps.understander.keyword(word, lang)?.keyword).toBe(keyword);
  });

  /** AIDE: what the service is, free apart from the SMS, privacy, and the emergency numbers. */
  const HELP_SAYS: Record<Language, RegExp[]> = {
    fr: [
      /soigner/u,
      /droits santé/u,
      /gratuit/iu,
      /prix normal d'un SMS/u,
      /nom/u,
      /messages/u,
      /numéro est codé/u,
    ],
    'fr-x-falc': [
      /soigner/u,
      /droits santé/u,
      /gratuit/iu,
      /prix normal d'un SMS/u,
      /nom/u,
      /messages/u,
      /numéro est gardé codé/u,
    ],
    en: [
      /care/u,
      /health cover/u,
      /free/iu,
      /price of a text/u,
      /name/u,
      /messages/u,
      /number is kept coded/u,
    ],
    ar: [/تتعالج/u, /حقوقك الصحية/u, /مجاني/u, /ثمن الرسالة/u, /اسمك/u, /رسائلك/u, /رقمك مشفر/u],
  };
  it.each(LANGUAGES)(
    '%s say.help says what the service is, its cost, its privacy, and 15, 112, 114',
    (lang) => {
      const help = keysOf(lang, 'sms').get('say.help') ?? '';
      for (const pattern of HELP_SAYS[lang]) expect(help).toMatch(pattern);
      expect(numbersIn(help)).toEqual(expect.arrayContaining(['15', '112', '114']));
    },
  );
});

describe('opting out and back in by SMS', () => {
  const STOP_WORDS = [
    'STOP',
    'Stop.',
    'STOP SMS',
    'ARRET',
    'ARRÊT',
    'arreter',
    'Arrêtez',
    'STOPALL',
    'UNSUBSCRIBE',
    'CANCEL',
    'END',
    'QUIT',
    'DESABONNER',
    'DÉSABONNER',
    'stop svp',
    'توقف',
    'إيقاف',
  ];
  const stopCases = LANGUAGES.flatMap((lang) => STOP_WORDS.map((word) => ({ lang, word })));
  it.each(named(stopCases, (c) => `${c.lang}: "${c.word}" is the STOP keyword`))(
    '%s',
    (_title, { lang, word }) => {
      expect(deps.understander.keyword(word, lang)?.keyword).toBe('stop');
    },
  );

  const START_WORDS = ['START', 'REPRENDRE', 'UNSTOP', 'ابدأ'];
  const startCases = LANGUAGES.flatMap((lang) => START_WORDS.map((word) => ({ lang, word })));
  it.each(named(startCases, (c) => `${c.lang}: "${c.word}" is the START keyword`))(
    '%s',
    (_title, { lang, word }) => {
      expect(deps.understander.keyword(word, lang)?.keyword).toBe('start');
    },
  );

  it.each(['oui', 'yes', 'Oui', 'نعم'])('"%s" answers questions: it is no keyword', (word) => {
    for (const lang of LANGUAGES) expect(deps.understander.keyword(word, lang)).toBeNull();
  });

  const sms = (stored: StoredConversation | null, text: string) =>
    step(stored, { type: 'text', channel: 'sms', text }, deps);

  it('STOP gets one confirmation; REPRENDRE starts again with the welcome', () => {
    const first = sms(null, 'Bonjour');
    const stopped = sms(first.stored, 'STOP SMS');
    expect(stopped.stored.state).toBe('optedOut');
    expect(stopped.outbound.map((m) => m.text)).toEqual([keysOf('fr', 'sms').get('say.stopped')]);
    const again = sms(stopped.stored, 'REPRENDRE');
    expect(again.outbound[0]?.text).toBe(keysOf('fr', 'sms').get('say.welcome'));
  });

  it('after a long silence, REPRENDRE resumes the question where the person was', () => {
    let stored = sms(null, 'Bonjour').stored;
    stored = sms(stored, 'non').stored;
    const asked = step(stored, { type: 'timeout', channel: 'sms' }, deps);
    expect(asked.outbound.at(-1)?.question).toBe('resume');
    const resumed = sms(asked.stored, 'reprendre');
    expect(resumed.outbound.at(-1)?.question).toBe('need');
    expect(resumed.stored.context.situation).toEqual(stored.context.situation);
  });
});
