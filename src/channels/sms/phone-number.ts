/**
 * Phone numbers as the SMS channel keeps them: never in clear. A number is normalised (so "06 12…",
 * "+33612…" and "0033612…" are one person) and replaced by a keyed hash (HMAC-SHA256 with a secret from
 * the environment), which cannot be reversed without the secret or matched against a list of numbers.
 */
import { createHmac } from 'node:crypto';
import { toE164 } from '../../directory/phone.js';

/**
 * E.164 when the number can be read as one: French national numbers (0 and 9 digits) get +33, 00 becomes
 * +. Anything else (short codes, alphanumeric senders) is kept as digits and letters only.
 */
export function normalizePhone(raw: string): string {
  const compact = raw.trim().replace(/[\s.\-()]/g, '');
  if (/^\+\d{6,15}$/.test(compact)) return compact;
  if (/^00\d{6,15}$/.test(compact)) return `+${compact.slice(2)}`;
  // National form, overseas départements included (their own country codes).
  const national = toE164(compact);
  if (national) return national;
  return compact.replace(/[^0-9A-Za-z+]/g, '').toUpperCase();
}

/** The keyed hash that stands for a number in stores and conversation ids (hex, 128 bits). */
export function hashPhone(secret: string, raw: string): string {
  return createHmac('sha256', secret).update(normalizePhone(raw)).digest('hex').slice(0, 32);
}

/**
 * A mobile number in France (06, 07) or in an overseas département (Guadeloupe, Martinique, Guyane,
 * La Réunion, Mayotte: +590/+596/+594/+262 then 6…): the only numbers the web and staff send to.
 */
export function isFrenchMobile(raw: string): boolean {
  return /^\+(33[67]\d{8}|(262|590|594|596)6\d{8})$/.test(normalizePhone(raw));
}
