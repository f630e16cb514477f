/**
 * Finds the part of a message that names a place, as typed, for the places index to resolve: a postcode
 * ("71100", "75 013"), else the words after a place preposition ("à Chalon-sur-Saône", "in Lyon",
 * "près de Mâcon", "في ليون"), else — when the question asked for a place — the whole message without
 * its lead-in ("j'habite", "I live") and politeness.
 */
import type { Language } from '../../orientation/situation.js';
import type { Token } from './normalize-text.js';

const STRONG = new Set(['a', 'au', 'aux', 'sur', 'dans', 'in', 'at', 'near', 'vers', 'في', 'ب']);
const WEAK = new Set(['a', 'de', 'du', 'd']);
const DARIJA = new Set(['fi', 'f']);

/** Words after which "a" (without its accent) or "de" introduce a place: "j'habite a lyon", "près de Mâcon". */
const ANCHORS = new Set([
  'habite',
  'habites',
  'habitons',
  'habitent',
  'vis',
  'vit',
  'vivons',
  'suis',
  'es',
  'est',
  'sommes',
  'reste',
  'restons',
  'trouve',
  'dors',
  'loge',
  'heberge',
  'hebergee',
  'vais',
  'va',
  'allons',
  'viens',
  'vient',
  'venons',
  'moi',
  'situe',
  'situee',
  'ici',
  'domicilie',
  'domiciliee',
  'demeure',
  'installe',
  'installee',
  'arrive',
  'arrivee',
  'actuellement',
  'pres',
  'proche',
  'cote',
  'region',
  'coin',
  'quartier',
  'originaire',
  'banlieue',
  'environs',
  'alentours',
  'vers',
  'live',
  'lives',
  'm',
  'am',
  're',
  'from',
]);

/** Words that cannot start a place name. */
const NOT_A_PLACE = new Set([
  'mon',
  'ma',
  'mes',
  'ton',
  'ta',
  'tes',
  'son',
  'sa',
  'ses',
  'notre',
  'nos',
  'votre',
  'vos',
  'leur',
  'leurs',
  'moi',
  'toi',
  'lui',
  'elle',
  'eux',
  'nous',
  'vous',
  'cause',
  'cote',
  'peu',
  'part',
  'chaque',
  'tout',
  'toute',
  'tous',
  'toutes',
  'rien',
  'personne',
  'quelqu',
  'quelque',
  'un',
  'une',
  'des',
  'du',
  'de',
  'd',
  'cette',
  'cet',
  'ce',
  'ces',
  'qui',
  'quoi',
  'quel',
  'quelle',
  'faire',
  'voir',
  'prendre',
  'passer',
  'sortir',
  'recevoir',
  'perdre',
  'tomber',
  'arriver',
  'commencer',
  'finir',
  'rentrer',
  'partir',
  'manger',
  'dormir',
  'etre',
  'avoir',
  'aller',
  'besoin',
  'mal',
  'peur',
  'faim',
  'froid',
  'chaud',
  'envie',
  'fait',
  'pas',
  'plus',
  'jamais',
  'moins',
  'pire',
  'temps',
  'heure',
  'heures',
  'h',
  'internet',
  'site',
  'telephone',
  'tel',
  'place',
  'rue',
  'secours',
  'travail',
  'boulot',
  'chomage',
  'rsa',
  'bout',
  'lycee',
  'college',
  'fac',
  'ecole',
  'hopital',
  'urgences',
  'medecin',
  'pharmacie',
  'maison',
  'domicile',
  'moment',
  'jour',
  'jours',
  'semaine',
  'semaines',
  'mois',
  'an',
  'ans',
  'matin',
  'soir',
  'nuit',
  'midi',
  'minuit',
  'present',
  'priori',
  'propos',
  'vie',
  'attente',
  'urgence',
  'home',
  'night',
  'least',
  'all',
  'pain',
  'danger',
  'hurry',
  'street',
  'my',
  'your',
  'his',
  'her',
  'our',
  'their',
  'me',
  'you',
  'him',
  'them',
  'this',
  'that',
  'these',
  'those',
  'some',
  'any',
  'here',
  'there',
  'last',
  'first',
  'time',
  'way',
  'fact',
  'order',
  'case',
  'need',
  'trouble',
  'touch',
  'work',
  'school',
  'a',
  'an',
  'ca',
  'y',
  'en',
  'le',
  'je',
  'j',
  'i',
  'it',
  'ne',
  'n',
  'se',
  's',
  'quand',
  'comme',
  'coeur',
  'ventre',
  'dos',
  'tete',
  'pied',
  'pieds',
  'bras',
  'jambe',
  'jambes',
  'genou',
  'genoux',
  'dent',
  'dents',
  'yeux',
  'oeil',
  'gorge',
  'oreille',
  'oreilles',
  'poitrine',
  'cou',
  'epaule',
  'main',
  'mains',
  'doigt',
  'hanche',
  'nez',
  'peau',
]);

/** Words where a place name stops ("à Lyon et j'ai…", "in Paris but…"). */
const STOP = new Set([
  'et',
  'mais',
  'pour',
  'car',
  'parce',
  'ou',
  'donc',
  'merci',
  'svp',
  'stp',
  'depuis',
  'avec',
  'sans',
  'je',
  'j',
  'il',
  'elle',
  'on',
  'nous',
  'vous',
  'ils',
  'elles',
  'qui',
  'que',
  'quand',
  'mon',
  'ma',
  'mes',
  'c',
  'est',
  'and',
  'but',
  'because',
  'thanks',
  'thank',
  'please',
  'since',
  'with',
  'i',
  'my',
  'it',
  'for',
  'so',
  'who',
  'و',
  'شكرا',
  'انا',
  'ana',
  'w',
  'o',
  'ou',
  'bach',
  'ms',
  'hit',
  'walakin',
]);

const ARTICLES = new Set(['le', 'la', 'les', 'l', 'the']);
const TRAILING = new Set([
  'de',
  'du',
  'des',
  'd',
  'a',
  'au',
  'aux',
  'en',
  'le',
  'la',
  'les',
  'l',
  'sur',
  'the',
  'in',
  'at',
]);

/** Lead-ins dropped from a whole-message answer to "where are you?". */
const LEAD_INS = new Set([
  'j',
  'habite',
  'je',
  'vis',
  'suis',
  'reste',
  'on',
  'est',
  'c',
  'moi',
  'ici',
  'actuellement',
  'maintenant',
  'en',
  'ce',
  'moment',
  'i',
  'live',
  'm',
  'am',
  'we',
  're',
  'currently',
  'now',
  'ana',
  'انا',
  'ساكن',
  'ساكنه',
  'كنسكن',
  'نسكن',
  'kanskon',
  'saken',
  'sakna',
  'nskon',
]);
const LEADING_PREPOSITIONS = new Set([
  'a',
  'au',
  'aux',
  'sur',
  'dans',
  'in',
  'at',
  'near',
  'vers',
  'pres',
  'proche',
  'cote',
  'de',
  'du',
  'd',
  'fi',
  'f',
  'في',
  'ب',
  'from',
  'around',
]);
const POLITENESS = new Set([
  'merci',
  'svp',
  'stp',
  'thanks',
  'thank',
  'please',
  'you',
  'شكرا',
  'choukran',
  'shukran',
]);

function isDigits(t: Token | undefined): boolean {
  return t !== undefined && /^\d+$/.test(t.norm);
}

function validPostcode(code: string): boolean {
  const dep = Number(code.slice(0, 2));
  return /^\d{5}$/.test(code) && dep >= 1 && dep <= 98;
}

function postcode(tokens: readonly Token[]): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined || !isDigits(t)) continue;
    if (t.norm.length === 5 && validPostcode(t.norm)) return t.norm;
    const next = tokens[i + 1];
    if (
      t.norm.length === 2 &&
      next !== undefined &&
      next.norm.length === 3 &&
      isDigits(next) &&
      !t.breakAfter
    ) {
      const code = t.norm + next.norm;
      if (validPostcode(code) && !isDigits(tokens[i - 1]) && !isDigits(tokens[i + 2])) return code;
    }
  }
  return undefined;
}

function slice(text: string, tokens: readonly Token[], from: number, to: number): string | undefined {
  const first = tokens[from];
  const last = tokens[to];
  if (first === undefined || last === undefined || to < from) return undefined;
  const out = text.slice(first.start, last.end).trim();
  return out === '' ? undefined : out;
}

/**
 * The place words of a message, or undefined. `covered[i]` is true when token i belongs to a phrase the
 * lexicon recognised ("mal à la gorge", "à la rue"), which is never a place.
 */
export function findPlaceText(
  text: string,
  tokens: readonly Token[],
  covered: readonly boolean[],
  lang: Language,
  placeExpected: boolean,
): string | undefined {
  const code = postcode(tokens);
  if (code !== undefined) return code;
  if (placeExpected) return wholeAnswer(text, tokens, covered);

  for (let i = 0; i < tokens.length - 1; i++) {
    const t = tokens[i];
    if (t === undefined || covered[i] || t.breakAfter) continue;
    const word = t.norm;
    const accented = /^à$/i.test(text.slice(t.start, t.end));
    const strong = (STRONG.has(word) && (word !== 'a' || accented)) || (lang === 'ar' && DARIJA.has(word));
    const weak = WEAK.has(word) && i > 0 && ANCHORS.has(tokens[i - 1]?.norm ?? '');
    const leading = word === 'a' && i === 0 && (lang === 'fr' || lang === 'fr-x-falc');
    if (!strong && !weak && !leading) continue;
    if (tokens[i - 1]?.norm === 'mal') continue;

    const first = tokens[i + 1];
    if (first === undefined || covered[i + 1]) continue;
    if (!ARTICLES.has(first.norm) && (/^\d/.test(first.norm) || NOT_A_PLACE.has(first.norm))) continue;
    let end = i;
    for (let j = i + 1; j < tokens.length && j <= i + 6; j++) {
      const tj = tokens[j];
      if (tj === undefined || covered[j] || (j > i + 1 && STOP.has(tj.norm))) break;
      end = j;
      if (tj.breakAfter) break;
    }
    while (end > i && TRAILING.has(tokens[end]?.norm ?? '')) end--;
    if (end <= i) continue;
    const words = tokens.slice(i + 1, end + 1).map((x) => x.norm);
    const named = words.filter((w) => !ARTICLES.has(w));
    if (named.length === 0 || NOT_A_PLACE.has(named[0] ?? '') || /^\d/.test(named[0] ?? '')) continue;
    const found = slice(text, tokens, i + 1, end);
    if (found === undefined) continue;
    if (word === 'au') return `Le ${found}`;
    if (word === 'aux') return `Les ${found}`;
    return found;
  }

  return undefined;
}

/** The answer to "where are you?" without lead-in, preposition and politeness: "j'habite à Lyon merci" → "Lyon". */
function wholeAnswer(
  text: string,
  tokens: readonly Token[],
  covered: readonly boolean[],
): string | undefined {
  let from = 0;
  while (from < tokens.length - 1 && LEAD_INS.has(tokens[from]?.norm ?? '')) from++;
  let prefix = '';
  while (from < tokens.length - 1 && LEADING_PREPOSITIONS.has(tokens[from]?.norm ?? '')) {
    const word = tokens[from]?.norm;
    prefix = word === 'au' ? 'Le ' : word === 'aux' ? 'Les ' : '';
    from++;
  }
  if (covered[from]) return undefined;
  let to = from;
  while (to + 1 < tokens.length && !tokens[to]?.breakAfter && !covered[to + 1]) to++;
  while (to > from && (POLITENESS.has(tokens[to]?.norm ?? '') || TRAILING.has(tokens[to]?.norm ?? ''))) to--;
  const found = slice(text, tokens, from, to);
  return found === undefined ? undefined : prefix + found;
}
