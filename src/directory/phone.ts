/**
 * French phone numbers between the national form registers publish ("0474454647") and E.164, the form
 * data·inclusion prefers ("+33474454647"). Pure.
 *
 * The overseas départements share the national plan (people dial "05 90 27 60 27" from anywhere in France) but
 * have their own country codes in E.164, so their prefixes are listed here.
 *
 * Example:
 * ```ts
 * toE164('04 74 45 46 47'); // '+33474454647'
 * toE164('0590276027');     // '+590590276027' (Guadeloupe)
 * toNational('+262262905050'); // '0262905050'
 * ```
 */

/** National prefix (0 + 3 digits) → E.164 country code, for the overseas départements (ARCEP numbering plan). */
const OVERSEAS: Readonly<Record<string, string>> = {
  '0590': '590', // Guadeloupe, Saint-Barthélemy, Saint-Martin: fixed
  '0690': '590', // mobiles
  '0691': '590',
  '0596': '596', // Martinique: fixed
  '0696': '596',
  '0697': '596',
  '0594': '594', // Guyane: fixed
  '0694': '594',
  '0262': '262', // La Réunion: fixed
  '0263': '262',
  '0692': '262',
  '0693': '262',
  '0269': '262', // Mayotte: fixed
  '0639': '262', // Mayotte: mobiles
};

const COUNTRY_CODES = new Set([...Object.values(OVERSEAS), '33']);

/**
 * E.164 for a 10-digit French number (spaces, dots and dashes allowed), or null when it is not one: a register's
 * number is kept only when it can be read without guessing.
 */
export function toE164(phone: string): string | null {
  const digits = phone.replace(/[\s.-]/g, '');
  if (!/^0[1-9]\d{8}$/.test(digits)) return null;
  const country = OVERSEAS[digits.slice(0, 4)] ?? '33';
  return `+${country}${digits.slice(1)}`;
}

/** The national form of a French E.164 number ("+33385441234" → "0385441234"); other numbers unchanged. */
export function toNational(phone: string): string {
  const compact = phone.replace(/\s+/g, '');
  const match = /^\+(33|590|596|594|262)(\d{9})$/.exec(compact);
  if (!match || !COUNTRY_CODES.has(match[1] ?? '')) return phone;
  const national = `0${match[2] ?? ''}`;
  // An overseas country code must come with one of its own prefixes; anything else is not a French number.
  if (match[1] !== '33' && OVERSEAS[national.slice(0, 4)] !== match[1]) return phone;
  return national;
}
