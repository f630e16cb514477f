/**
 * The sentence a person reads for one recommendation: why (the rule's reason) and where (the service's
 * name, phone, address and hours; or honest generic guidance when the directory knows no service nearby).
 */
import { toNational } from '../directory/phone.js';
import type { ServiceRecord } from '../directory/service-record.js';
import type { ServiceType } from './situation.js';
import { renderOpeningHours } from './opening-hours.js';
import { optionalText, type Translate } from './translate.js';

/** Records older than this many years are shown with "call before you go". */
export const STALE_AFTER_YEARS = 3;

/**
 * As people dial it in France: "+33385441234" → "03 85 44 12 34", overseas "+590590276027" →
 * "05 90 27 60 27", free numbers "+33800231313" → "0 800 23 13 13"; short numbers ("15", "3114") unchanged.
 */
export function displayPhone(phone: string): string {
  const national = toNational(phone).replace(/\s+/g, '');
  if (/^08\d{8}$/.test(national))
    return `0 ${national.slice(1, 4)} ${national.slice(4).replace(/(\d{2})(?=\d)/g, '$1 ')}`;
  if (/^0\d{9}$/.test(national)) return national.replace(/(\d{2})(?=\d)/g, '$1 ').trim();
  return phone;
}

/** "4 rue X, bâtiment B, 71100 Chalon-sur-Saône": the street, its complement, then the town. */
export function addressOf(record: ServiceRecord): string {
  const street = [record.adresse, record.complement_adresse].filter(Boolean).join(', ');
  const town = [record.code_postal, record.commune].filter(Boolean).join(' ');
  return [street, town].filter(Boolean).join(', ');
}

export function isStale(record: ServiceRecord, today: string | undefined): boolean {
  if (!today) return false;
  const year = Number(record.date_maj.slice(0, 4));
  return Number(today.slice(0, 4)) - year > STALE_AFTER_YEARS;
}

/**
 * "Où : <name>.", after what to ask there when the record is inferred (a public hospital offered for `pass`):
 * "Demandez la PASS à l'accueil de l'hôpital. Où : <name>.", when the locale has that sentence for the type.
 */
function whereIs(t: Translate, type: ServiceType, record: ServiceRecord): string {
  const where = t('where.service', { name: record.nom });
  if (!record.aiguillage_inferred) return where;
  const ask = optionalText(t, `where.inferred.${type}`);
  return ask ? `${ask} ${where}` : where;
}

export function renderWhere(
  t: Translate,
  type: ServiceType,
  record: ServiceRecord | null,
  today: string | undefined,
): string {
  if (!record) return t(`type.${type}.generic`);
  const parts = [whereIs(t, type, record)];
  const address = addressOf(record);
  if (address) parts.push(t('where.address', { address }));
  if (record.telephone) parts.push(t('where.phone', { phone: displayPhone(record.telephone) }));
  else if (!address) parts.push(t('where.noContact'));
  // The source's own wording first; OSM syntax only when it renders in the reader's language.
  const hours =
    record.aiguillage_horaires_texte ??
    (record.horaires_accueil ? renderOpeningHours(t, record.horaires_accueil) : null);
  if (hours) parts.push(t('where.hours', { hours: hours.trim().replace(/[.。]+$/, '') }));
  if (isStale(record, today)) parts.push(t('where.stale', { year: record.date_maj.slice(0, 4) }));
  return parts.join(' ');
}

export function renderText(
  t: Translate,
  type: ServiceType,
  reason: string,
  record: ServiceRecord | null,
  today: string | undefined,
): string {
  return `${t(`reason.${reason}`)} ${renderWhere(t, type, record, today)}`;
}
