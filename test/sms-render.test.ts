import { readFileSync } from 'node:fs';
import { SegmentedMessage } from 'sms-segments-calculator';
import { describe, expect, it } from 'vitest';
import {
  GSM7_BASIC,
  GSM7_EXTENSION,
  foldToGsm7,
  gsm7Septets,
  isGsm7,
  nonGsm7Characters,
  toSmsText,
} from '../src/channels/sms/gsm7.js';
import { numbersList, renderSms, smsBudgetProblems, splitSms } from '../src/channels/sms/render-sms.js';
import { MAX_SEGMENTS, countSegments, measure } from '../src/channels/sms/segments.js';
import { parseYaml } from '../src/content/read-yaml.js';
import { loadLocales } from '../src/content/load-content.js';
import type { Problem } from '../src/content/problem.js';
import type { Outbound } from '../src/dialogue/messages.js';
import type { ServiceRecord } from '../src/directory/service-record.js';
import { createTranslator } from '../src/i18n/translator.js';
import type { Recommendation } from '../src/orientation/orient.js';
import { renderText } from '../src/orientation/render-text.js';
import type { ServiceType } from '../src/orientation/situation.js';
import type { Translate } from '../src/orientation/translate.js';

interface FoldCase {
  name: string;
  input: string;
  output: string;
  gsm7: boolean;
}

const foldCases = parseYaml(
  readFileSync(new URL('./cases/gsm7.yaml', import.meta.url), 'utf8'),
) as FoldCase[];

/** A fixed French translation: the SMS keys the lead writes, and the orientation templates renderText uses. */
const FR: Record<string, string> = {
  'sms.replyHint': 'Répondez {{numbers}}.',
  'sms.or': 'ou',
  'where.service': 'Où : {{name}}.',
  'where.address': 'Adresse : {{address}}.',
  'where.phone': 'Tél. : {{phone}}.',
  'where.hours': 'Horaires : {{hours}}.',
  'where.stale': 'Ces informations datent de {{year}}. Elles ont peut-être changé.',
  'where.noContact': "Nous n'avons pas son adresse ni son téléphone : demandez-les à votre mairie.",
  'reason.none-pass':
    "Sans sécurité sociale, la PASS de l'hôpital vous soigne. Une assistante sociale vous aide à ouvrir vos droits.",
  'reason.emergency-call-15': "C'est une urgence : appelez le 15 maintenant, même sans sécurité sociale.",
  'reason.mental-cmp-call':
    "Le CMP reçoit les adultes de son secteur sans avance d'argent (consultations remboursées à 100 %, sans " +
    "dépassement d'honoraires). Appelez d'abord : on vous donne un rendez-vous selon les places (parfois " +
    'plusieurs semaines), et on vous oriente ailleurs si votre situation ne relève pas du CMP.',
  'type.samu-15.name': 'SAMU, le 15',
  'type.samu-15.generic':
    "Appelez le 15 (ou le 112). C'est gratuit, jour et nuit (même depuis un téléphone sans crédit). Si vous " +
    'ne pouvez pas parler, envoyez un SMS au 114.',
  'type.cmp.name': 'CMP (centre médico-psychologique)',
};

function fakeT(templates: Record<string, string>): Translate {
  return (key, vars) =>
    (templates[key] ?? key).replace(/{{\s*(\w+)\s*}}/g, (whole, name: string) =>
      vars && name in vars ? String(vars[name]) : whole,
    );
}
const t = fakeT(FR);

function record(overrides: Partial<ServiceRecord> = {}): ServiceRecord {
  return {
    source: 'aiguillage',
    structure_id: 'test',
    id: 'test--pass',
    nom: 'PASS du Centre hospitalier William Morey',
    description: '',
    date_maj: '2025-01-01',
    adresse: '4 rue Capitaine Drillien',
    code_postal: '71100',
    commune: 'Chalon-sur-Saône',
    telephone: '+33385446688',
    aiguillage_horaires_texte: 'du lundi au vendredi, de 8 h 30 à 16 h 30',
    aiguillage_type: 'pass',
    ...overrides,
  };
}

function recommendation(
  translate: Translate,
  type: ServiceType,
  reason: string,
  service: ServiceRecord | null,
  today = '2025-06-01',
): Recommendation {
  return {
    type,
    service,
    reason: `reason.${reason}`,
    text: renderText(translate, type, reason, service, today),
    nearness: null,
    rule: 'test/r1',
    sources: [],
  };
}

function question(text: string, labels: string[]): Outbound {
  return { kind: 'question', lang: 'fr', text, choices: labels.map((label, i) => ({ id: `c${i}`, label })) };
}

/** Every SMS fits the budget, and a Latin-script SMS goes as GSM-7. */
function expectWithinBudget(sms: string[], latin = true): void {
  for (const text of sms) {
    const m = measure(text);
    expect(m.segments, text).toBeLessThanOrEqual(MAX_SEGMENTS);
    if (latin) expect(m.encoding, text).toBe('GSM-7');
    expect(smsBudgetProblems(text), text).toEqual([]);
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The words of a text after folding, to check that cutting lost or broke none. */
function words(text: string): string[] {
  return toSmsText(text).split(/\s+/).filter(Boolean);
}

describe('foldToGsm7', () => {
  it('has at least 40 table cases', () => {
    expect(foldCases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(foldCases)('$name', ({ input, output, gsm7 }) => {
    const folded = foldToGsm7(input);
    expect(folded).toBe(output);
    expect(isGsm7(folded)).toBe(gsm7);
    // The calculator agrees on the encoding of the folded text.
    expect(new SegmentedMessage(folded, 'auto').encodingName).toBe(gsm7 ? 'GSM-7' : 'UCS-2');
    // Folding is idempotent.
    expect(foldToGsm7(folded)).toBe(folded);
  });

  it('agrees with the calculator on every character of the first 0x3000 code points', () => {
    const disagreements: string[] = [];
    for (let code = 0; code < 0x3000; code++) {
      const char = String.fromCharCode(code);
      const message = new SegmentedMessage(char, 'auto');
      const septets = message.encodingName === 'GSM-7' ? message.numberOfCharacters : 0;
      if (gsm7Septets(char) !== septets) disagreements.push(`U+${code.toString(16)}`);
    }
    expect(disagreements).toEqual([]);
    expect([...GSM7_BASIC]).toHaveLength(127);
    expect([...GSM7_EXTENSION].map(gsm7Septets)).toEqual(Array(10).fill(2));
  });

  it('lists the characters that stay outside GSM-7', () => {
    expect(nonGsm7Characters('Quel âge avez-vous\u00A0?')).toEqual(['â', '\u00A0']);
    expect(nonGsm7Characters(foldToGsm7('Ça va être bien 😀 😀'))).toEqual(['😀']);
    expect(nonGsm7Characters('été')).toEqual([]);
  });

  it('sends the folded text only when it is pure GSM-7', () => {
    expect(toSmsText('Quel âge avez-vous ?')).toBe('Quel age avez-vous ?');
    expect(toSmsText('مرحبا ⁨PASS⁩')).toBe('مرحبا ⁨PASS⁩');
    // UCS-2 anyway because of the emoji: keep the real accents.
    expect(toSmsText('Ça va être bien 😀')).toBe('Ça va être bien 😀');
  });
});

describe('measure', () => {
  it.each([
    ['Quel âge avez-vous ?', 'UCS-2', 1, 20],
    ['Quel age avez-vous ?', 'GSM-7', 1, 20],
    ['a'.repeat(160), 'GSM-7', 1, 160],
    ['a'.repeat(161), 'GSM-7', 2, 161],
    ['a'.repeat(153 * 3), 'GSM-7', 3, 459],
    ['a'.repeat(153 * 3 + 1), 'GSM-7', 4, 460],
    ['€'.repeat(80), 'GSM-7', 1, 160],
    ['€'.repeat(81), 'GSM-7', 2, 162],
    ['[15]', 'GSM-7', 1, 6],
    ['ê'.repeat(70), 'UCS-2', 1, 70],
    ['ê'.repeat(71), 'UCS-2', 2, 71],
    ['ي'.repeat(67 * 3), 'UCS-2', 3, 201],
    ['ي'.repeat(67 * 3 + 1), 'UCS-2', 4, 202],
    ['Merci 🙏', 'UCS-2', 1, 7],
    ['', 'GSM-7', 1, 0],
  ] as const)('%j', (text, encoding, segments, characters) => {
    expect(measure(text)).toEqual({ encoding, segments, characters });
    const reference = new SegmentedMessage(text, 'auto');
    expect(measure(text).segments).toBe(reference.segmentsCount);
    expect(measure(text).encoding).toBe(reference.encodingName);
  });

  it('countSegments agrees with the calculator, at segment boundaries too', () => {
    const texts: string[] = foldCases.flatMap((c) => [c.input, c.output]);
    for (const n of [...range(150, 162), ...range(300, 310), ...range(455, 462)]) {
      texts.push('a'.repeat(n), `${'a'.repeat(n - 1)}€`, `${'a'.repeat(n - 2)}€a`, `€${'a'.repeat(n)}`);
    }
    for (const n of [...range(65, 72), ...range(130, 136), ...range(198, 204)]) {
      texts.push('ê'.repeat(n), `${'ê'.repeat(n - 1)}😀`, `${'ê'.repeat(n - 2)}😀ê`, 'ي'.repeat(n));
      texts.push(`${'a'.repeat(n - 1)}\r\n${'b'.repeat(n)}`, `${'ê'.repeat(n - 1)}\r\n${'b'.repeat(n)}`);
      texts.push(`${'ê'.repeat(n - 3)}👨‍👩‍👧${'ê'.repeat(5)}`);
    }
    for (const text of texts) expect(countSegments(text), JSON.stringify(text)).toBe(measure(text).segments);
  });

  it('"Quel âge avez-vous ?" is UCS-2 before folding and GSM-7 after', () => {
    expect(measure('Quel âge avez-vous\u00A0?').encoding).toBe('UCS-2');
    expect(measure(foldToGsm7('Quel âge avez-vous\u00A0?'))).toEqual({
      encoding: 'GSM-7',
      segments: 1,
      characters: 20,
    });
  });

  it('one â costs a French message its 160 characters', () => {
    const long = `${'Votre médecin peut vous écouter et vous orienter. '.repeat(4)}À bientôt.`;
    expect(measure(long)).toMatchObject({ encoding: 'UCS-2', segments: 4 });
    expect(measure(toSmsText(long))).toMatchObject({ encoding: 'GSM-7', segments: 2 });
  });
});

describe('smsBudgetProblems', () => {
  it('accepts French that folds into one to three segments', () => {
    expect(
      smsBudgetProblems('Quel âge avez-vous\u00A0? Répondez «\u00A01\u00A0» ou «\u00A02\u00A0»…'),
    ).toEqual([]);
    expect(smsBudgetProblems('a'.repeat(459))).toEqual([]);
  });

  it('reports an SMS longer than 3 segments', () => {
    const problems = smsBudgetProblems('a'.repeat(460));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/4 SMS segments.*at most 3.*459 characters in GSM-7/);
  });

  it('reports a Latin-script text that stays UCS-2, naming the characters', () => {
    const problems = smsBudgetProblems('Merci 🙏 à bientôt');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('"🙏" (U+1F64F)');
    expect(smsBudgetProblems('Łódź')[0]).toContain('U+0141');
  });

  it('accepts Arabic as UCS-2 but still checks its length', () => {
    expect(smsBudgetProblems('اتصل بالرقم 15 الآن، حتى لو لم يكن لديك تأمين صحي.')).toEqual([]);
    const problems = smsBudgetProblems('ي'.repeat(202));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/4 SMS segments.*201 characters in UCS-2/);
  });

  it('takes another budget', () => {
    expect(smsBudgetProblems('a'.repeat(161), 1)[0]).toMatch(/at most 1 \(160 characters in GSM-7\)/);
  });
});

describe('splitSms', () => {
  it('keeps a short text whole', () => {
    expect(splitSms('Bonjour.')).toEqual(['Bonjour.']);
  });

  it('cuts a long paragraph between sentences, into as few SMS as possible', () => {
    const sentence = "Le centre de santé sexuelle répond à vos questions sur la contraception et l'IVG. ";
    const text = sentence.repeat(12).trim(); // ~ 1000 characters
    const sms = splitSms(text);
    expectWithinBudget(sms);
    expect(sms).toHaveLength(Math.ceil(measure(toSmsText(text)).characters / 459));
    for (const part of sms) expect(part).toMatch(/\.$/);
    expect(words(sms.join(' '))).toEqual(words(text));
  });

  it('cuts a single sentence longer than 3 segments between words, never inside one', () => {
    const text = Array.from({ length: 120 }, (_, i) => `mot${i}`).join(' ') + '.';
    const sms = splitSms(text);
    expect(sms.length).toBeGreaterThan(1);
    expectWithinBudget(sms);
    expect(sms.join(' ').split(' ')).toEqual(text.split(' '));
  });

  it('cuts Arabic by UCS-2 limits', () => {
    const sentence = 'تساعدك أخصائية اجتماعية على فتح حقوقك في التأمين الصحي. ';
    const text = sentence.repeat(8).trim(); // ~ 450 characters
    const sms = splitSms(text);
    expect(sms.length).toBe(3);
    for (const part of sms) {
      expect(measure(part).encoding).toBe('UCS-2');
      expect(measure(part).segments).toBeLessThanOrEqual(3);
    }
    expect(sms.join(' ')).toBe(text);
  });
});

describe('renderSms: questions', () => {
  it('builds the reply hint with the localised "or"', () => {
    expect(numbersList(1, 'ou')).toBe('1');
    expect(numbersList(2, 'ou')).toBe('1 ou 2');
    expect(numbersList(3, 'ou')).toBe('1, 2 ou 3');
    expect(numbersList(6, ' or ')).toBe('1, 2, 3, 4, 5 or 6');
  });

  it('lists choices number first, one per line, then the hint, folded to GSM-7', () => {
    const sms = renderSms(
      [question('Quel âge avez-vous\u00A0?', ['Moins de 16 ans', 'De 16 à 25 ans', 'Plus de 25 ans'])],
      t,
    );
    expect(sms).toEqual([
      'Quel age avez-vous ?\n1 Moins de 16 ans\n2 De 16 à 25 ans\n3 Plus de 25 ans\nRépondez 1, 2 ou 3.',
    ]);
    expectWithinBudget(sms);
  });

  it('keeps a question with 6 choices in one SMS within budget', () => {
    const sms = renderSms(
      [
        question('Quelle est votre couverture santé aujourd’hui\u00A0?', [
          'Carte Vitale et complémentaire santé',
          'Carte Vitale sans complémentaire',
          'Complémentaire santé solidaire (C2S)',
          'Aide médicale de l’État (AME)',
          'Aucune couverture, ou droits coupés',
          'Je ne sais pas',
        ]),
      ],
      t,
    );
    expect(sms).toHaveLength(1);
    expectWithinBudget(sms);
    expect(sms[0]).toContain("\n4 Aide médicale de l'État (AME)\n");
    expect(sms[0]).toContain('\n6 Je ne sais pas\nRépondez 1, 2, 3, 4, 5 ou 6.');
  });

  it('keeps choices and hint together, with the question, when a long question must be cut', () => {
    const text =
      'Pour vous orienter, nous avons besoin de savoir où vous en êtes avec l’Assurance Maladie. '.repeat(5) +
      'Quelle est votre situation\u00A0?';
    const labels = [
      'J’ai une carte Vitale et une mutuelle',
      'J’ai une carte Vitale sans mutuelle',
      'J’ai la Complémentaire santé solidaire',
      'J’ai l’Aide médicale de l’État',
      'Je n’ai rien, ou mes droits sont coupés',
      'Je ne sais pas',
    ];
    const sms = renderSms([question(text, labels)], t);
    expect(sms).toHaveLength(2);
    expectWithinBudget(sms);
    const last = sms[sms.length - 1] ?? '';
    // The question's last sentence goes with its choices, which are never separated from the hint.
    expect(last.startsWith("Quelle est votre situation ?\n1 J'ai une carte Vitale")).toBe(true);
    expect(last.endsWith('Répondez 1, 2, 3, 4, 5 ou 6.')).toBe(true);
    expect(words(sms.join('\n'))).toEqual(
      words([text, ...labels.map((l, i) => `${i + 1} ${l}`), 'Répondez 1, 2, 3, 4, 5 ou 6.'].join('\n')),
    );
  });

  it('puts consecutive short messages in one SMS, but an emergency alone', () => {
    const info: Outbound = { kind: 'info', lang: 'fr', text: 'Merci\u00A0!' };
    const emergency: Outbound = { kind: 'emergency', lang: 'fr', text: 'Appelez le 15 maintenant.' };
    const ask = question('Où êtes-vous\u00A0?', ['À la maison', 'Dehors']);
    expect(renderSms([info, ask], t)).toEqual([
      'Merci !\nOù etes-vous ?\n1 A la maison\n2 Dehors\nRépondez 1 ou 2.',
    ]);
    expect(renderSms([info, emergency, info], t)).toEqual([
      'Merci !',
      'Appelez le 15 maintenant.',
      'Merci !',
    ]);
  });

  it('does not merge a GSM-7 message with an Arabic one when that costs more segments', () => {
    const french: Outbound = { kind: 'info', lang: 'fr', text: 'a'.repeat(150) };
    const arabic: Outbound = { kind: 'info', lang: 'ar', text: 'مرحبا' };
    const sms = renderSms([french, arabic], t);
    expect(sms).toEqual(['a'.repeat(150), 'مرحبا']);
  });
});

describe('renderSms: recommendations', () => {
  it('renders a card: name, reason, then address, phone and hours on their own lines', () => {
    const rec = recommendation(t, 'pass', 'none-pass', record());
    const sms = renderSms(
      [{ kind: 'recommendation', lang: 'fr', text: 'Voici où aller :', recommendations: [rec] }],
      t,
    );
    expect(sms).toEqual([
      [
        'Voici où aller :',
        'PASS du Centre hospitalier William Morey',
        "Sans sécurité sociale, la PASS de l'hopital vous soigne. Une assistante sociale vous aide à ouvrir vos droits.",
        'Adresse : 4 rue Capitaine Drillien, 71100 Chalon-sur-Saone.',
        'Tél. : 03 85 44 66 88.',
        'Horaires : du lundi au vendredi, de 8 h 30 à 16 h 30.',
      ].join('\n'),
    ]);
    expectWithinBudget(sms);
  });

  it('splits a long recommendation into at most 2 SMS of at most 3 segments, keeping phone, address and hours', () => {
    const service = record({
      nom: 'Centre médico-psychologique adultes du secteur 71G03 (pôle de psychiatrie générale, hôpital de jour)',
      aiguillage_type: 'cmp',
      adresse: '12 avenue de l’Hôpital, bâtiment B (entrée par le parking visiteurs, suivre « CMP »)',
      complement_adresse: 'rez-de-chaussée, porte 3',
      telephone: '+33385441234',
      aiguillage_horaires_texte:
        'du lundi au vendredi de 9 h à 12 h 30 et de 13 h 30 à 17 h 30 ; permanence infirmière sans ' +
        'rendez-vous le mardi et le jeudi de 14 h à 16 h ; fermé les jours fériés et la première semaine d’août',
      date_maj: '2019-03-01',
    });
    const rec = recommendation(t, 'cmp', 'mental-cmp-call', service);
    expect(measure(toSmsText(rec.text)).characters).toBeGreaterThan(700);
    const sms = renderSms([{ kind: 'recommendation', lang: 'fr', text: '', recommendations: [rec] }], t);
    expect(sms).toHaveLength(2);
    expectWithinBudget(sms);
    const all = sms.join('\n');
    const phoneSms = sms.filter((s) => s.includes('03 85 44 12 34'));
    expect(phoneSms).toHaveLength(1);
    expect(all).toContain(
      '12 avenue de l\'Hopital, batiment B (entrée par le parking visiteurs, suivre "CMP")',
    );
    expect(all).toContain('rez-de-chaussée, porte 3, 71100 Chalon-sur-Saone.');
    expect(all).toContain(toSmsText(`Horaires : ${service.aiguillage_horaires_texte ?? ''}.`));
    expect(all).toContain("Le CMP recoit les adultes de son secteur sans avance d'argent");
    expect(sms[0]?.startsWith('Centre médico-psychologique adultes du secteur 71G03')).toBe(true);
    // Every word of the card comes from the recommendation or the name: nothing is cut inside a word.
    const source = new Set(words(`${service.nom} ${rec.text}`));
    for (const word of words(all)) expect(source.has(word), word).toBe(true);
  });

  it('drops parenthesised asides first, but not those carrying a number', () => {
    const rec = recommendation(t, 'samu-15', 'emergency-call-15', null);
    const long = {
      ...rec,
      text: `${rec.text} ${'Restez près du téléphone (il peut sonner). '.repeat(6).trim()}`,
    };
    const sms = renderSms([{ kind: 'emergency', lang: 'fr', text: '', recommendations: [long] }], t);
    expect(sms).toHaveLength(1);
    expectWithinBudget(sms);
    expect(sms[0]).toContain('SAMU, le 15\n');
    expect(sms[0]).toContain('Appelez le 15 (ou le 112).');
    expect(sms[0]).not.toContain('(il peut sonner)');
    expect(sms[0]).not.toContain('(même depuis un téléphone sans crédit)');
    expect(sms[0]).toContain('envoyez un SMS au 114.');
  });

  it('gives each recommendation its own SMS and does not repeat a text already in the cards', () => {
    const recs = [
      recommendation(t, 'pass', 'none-pass', record()),
      recommendation(t, 'samu-15', 'emergency-call-15', null),
    ];
    const message: Outbound = {
      kind: 'recommendation',
      lang: 'fr',
      text: recs.map((r) => r.text).join('\n'),
      recommendations: recs,
    };
    const sms = renderSms([message, { kind: 'end', lang: 'fr', text: 'Bonne journée.' }], t);
    expect(sms).toHaveLength(3);
    expect(sms[0]?.startsWith('PASS du Centre hospitalier William Morey\n')).toBe(true);
    expect(sms[1]?.startsWith('SAMU, le 15\n')).toBe(true);
    expect(sms[2]).toBe('Bonne journée.');
    expectWithinBudget(sms);
  });

  it('keeps the first card whole, then gives each other recommendation one line: name and phone', () => {
    const recs = [
      recommendation(t, 'pass', 'none-pass', record()),
      recommendation(
        t,
        'cmp',
        'mental-cmp-call',
        record({ nom: 'CMP adultes', aiguillage_type: 'cmp', telephone: '+33385441234' }),
      ),
      recommendation(
        t,
        'pass',
        'none-pass',
        record({ nom: 'PASS sans contact', adresse: '', code_postal: '', commune: '', telephone: '' }),
      ),
    ];
    const sms = renderSms(
      [{ kind: 'recommendation', lang: 'fr', text: 'Voici où aller :', recommendations: recs }],
      t,
    );
    expectWithinBudget(sms);
    const lines = sms.join('\n').split('\n');
    // The first card: name, why, address, phone, hours.
    expect(lines.slice(0, 6)).toEqual([
      'Voici où aller :',
      'PASS du Centre hospitalier William Morey',
      toSmsText(FR['reason.none-pass'] ?? ''),
      'Adresse : 4 rue Capitaine Drillien, 71100 Chalon-sur-Saone.',
      'Tél. : 03 85 44 66 88.',
      'Horaires : du lundi au vendredi, de 8 h 30 à 16 h 30.',
    ]);
    // Then one line each: name and phone, or where to ask when there is no phone nor address.
    expect(lines.slice(6)).toEqual([
      'CMP adultes: 03 85 44 12 34',
      toSmsText(`PASS sans contact: ${FR['where.noContact'] ?? ''}`),
    ]);
    expect(sms.join('\n')).not.toContain('Le CMP reçoit');
  });

  it('gives the generic guidance, with its numbers, on the line of a recommendation without a service', () => {
    const T = fakeT({
      ...FR,
      'type.cmp.generic': 'Demandez le CMP de votre secteur, ou appelez le 0 800 23 13 13.',
    });
    const recs = [
      recommendation(T, 'pass', 'none-pass', record()),
      recommendation(T, 'cmp', 'mental-cmp-call', null),
    ];
    const sms = renderSms([{ kind: 'recommendation', lang: 'fr', text: '', recommendations: recs }], T);
    expect(sms.join('\n').split('\n').at(-1)).toBe(
      'CMP (centre médico-psychologique): Demandez le CMP de votre secteur, ou appelez le 0 800 23 13 13.',
    );
  });

  it('in an emergency, every emergency card stays whole with all its numbers, wherever it comes', () => {
    const recs = [
      recommendation(t, 'pass', 'none-pass', record()),
      recommendation(t, 'samu-15', 'emergency-call-15', null),
      recommendation(t, 'pass', 'none-pass', record({ nom: 'Autre PASS', telephone: '+33385000000' })),
    ];
    const sms = renderSms(
      [{ kind: 'emergency', lang: 'fr', text: "C'est une urgence :", recommendations: recs }],
      t,
    );
    expectWithinBudget(sms);
    const all = sms.join('\n');
    expect(all).toContain('SAMU, le 15\n');
    expect(all).toContain(toSmsText(FR['reason.emergency-call-15'] ?? ''));
    expect(all).toContain('Appelez le 15 (ou le 112).');
    expect(all).toContain('envoyez un SMS au 114.');
    expect(all.split('\n').at(-1)).toBe('Autre PASS: 03 85 00 00 00');
  });

  it('says the SMS variants of the reason and of the notes when the language has them', () => {
    const T = fakeT({
      ...FR,
      'sms:reason.none-pass': 'Sans sécurité sociale, la PASS vous soigne et aide pour vos droits.',
      'sms:where.stale': 'Infos de {{year}} : elles ont pu changer.',
      'sms:where.noContact': 'Adresse et tél. : demandez-les à votre mairie.',
      'sms:recommendation.line': '{{name}} : {{where}}',
    });
    const recs = [
      recommendation(T, 'pass', 'none-pass', record({ date_maj: '2018-01-01' })),
      recommendation(
        T,
        'pass',
        'none-pass',
        record({ nom: 'PASS sans contact', adresse: '', code_postal: '', commune: '', telephone: '' }),
      ),
    ];
    const sms = renderSms([{ kind: 'recommendation', lang: 'fr', text: '', recommendations: recs }], T);
    expect(sms).toEqual([
      [
        'PASS du Centre hospitalier William Morey',
        'Sans sécurité sociale, la PASS vous soigne et aide pour vos droits.',
        'Adresse : 4 rue Capitaine Drillien, 71100 Chalon-sur-Saone.',
        'Tél. : 03 85 44 66 88.',
        'Horaires : du lundi au vendredi, de 8 h 30 à 16 h 30.',
        'Infos de 2018 : elles ont pu changer.',
        'PASS sans contact : Adresse et tél. : demandez-les à votre mairie.',
      ].join('\n'),
    ]);
  });

  it('keeps the stale-record note when there is room', () => {
    const rec = recommendation(t, 'pass', 'none-pass', record({ date_maj: '2018-01-01' }));
    const sms = renderSms([{ kind: 'recommendation', lang: 'fr', text: '', recommendations: [rec] }], t);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toContain('Ces informations datent de 2018. Elles ont peut-etre changé.');
  });
});

describe('renderSms with the real locales', () => {
  const problems: Problem[] = [];
  const translator = createTranslator(loadLocales(new URL('../locales', import.meta.url).pathname, problems));
  const service = record({
    complement_adresse: 'Bâtiment C (rez-de-chaussée), porte 3',
    aiguillage_horaires_texte:
      'du lundi au vendredi de 8 h 30 à 16 h 30 (sauf jours fériés), le samedi matin sur rendez-vous uniquement',
    date_maj: '2019-01-01',
  });
  const withSms = (lang: string): Translate => {
    const base = translator(lang);
    return (key, vars) => (key.startsWith('sms.') ? t(key, vars) : base(key, vars));
  };

  it.each(['fr', 'en', 'fr-x-falc'])('%s: one card, GSM-7, phone and address kept', (lang) => {
    const tl = withSms(lang);
    const rec = recommendation(tl, 'pass', 'none-pass', service);
    const sms = renderSms([{ kind: 'recommendation', lang: 'fr', text: '', recommendations: [rec] }], tl);
    expect(sms.length).toBeLessThanOrEqual(2);
    expectWithinBudget(sms);
    expect(sms.filter((s) => s.includes('03 85 44 66 88'))).toHaveLength(1);
    expect(sms.join('\n')).toContain('4 rue Capitaine Drillien');
    expect(sms[0]?.split('\n')[0]).toBe('PASS du Centre hospitalier William Morey');
  });

  it('ar: UCS-2 cards within 2 SMS of 3 segments, phone and address kept', () => {
    const tl = withSms('ar');
    const rec = recommendation(tl, 'pass', 'none-pass', service);
    const sms = renderSms([{ kind: 'recommendation', lang: 'ar', text: '', recommendations: [rec] }], tl);
    expect(sms.length).toBeLessThanOrEqual(2);
    for (const text of sms) {
      expect(measure(text).encoding).toBe('UCS-2');
      expect(measure(text).segments).toBeLessThanOrEqual(3);
      expect(smsBudgetProblems(text)).toEqual([]);
    }
    const all = sms.join('\n');
    expect(sms.filter((s) => s.includes('03 85 44 66 88'))).toHaveLength(1);
    expect(all).toContain('4 rue Capitaine Drillien, Bâtiment C (rez-de-chaussée), porte 3');
    expect(all).toContain(service.aiguillage_horaires_texte);
    expect(problems).toEqual([]);
  });
});
