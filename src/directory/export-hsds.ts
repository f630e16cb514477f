/**
 * The directory as Open Referral HSDS 3.0 services (https://docs.openreferral.org/en/latest/hsds/):
 * one service object per record, with its organization, phones, schedule, area, location and address
 * nested, and the aiguillage service type as an attribute. HSDS wants UUIDs: each is a name-based
 * (version 5 style) UUID of the record id, so exports are stable from one run to the next.
 */
import { createHash } from 'node:crypto';
import type { ServiceRecord } from './service-record.js';

/** A fixed namespace for aiguillage's name-based UUIDs. */
const NAMESPACE = 'aiguillage:hsds:v1';

export function stableUuid(name: string): string {
  const hash = createHash('sha1').update(`${NAMESPACE}:${name}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export interface HsdsService {
  id: string;
  name: string;
  description: string;
  status: 'active';
  [field: string]: unknown;
}

function ageLimits(record: ServiceRecord): { minimum_age?: number; maximum_age?: number } {
  const age = record.aiguillage_conditions?.age;
  if (typeof age !== 'object' || age === null || Array.isArray(age)) return {};
  return {
    ...(age.min !== undefined ? { minimum_age: age.min } : {}),
    ...(age.max !== undefined ? { maximum_age: age.max } : {}),
  };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

export function toHsdsService(record: ServiceRecord): HsdsService {
  const id = stableUuid(`service:${record.source}:${record.id}`);
  const organizationId = stableUuid(`organization:${record.source}:${record.structure_id}`);
  const hours = record.aiguillage_horaires_texte ?? record.horaires_accueil;
  const hasAddress = record.adresse || record.commune || record.code_postal;
  const locationId = stableUuid(`location:${record.source}:${record.id}`);
  return defined({
    id,
    organization_id: organizationId,
    name: record.nom,
    description: record.description,
    url: record.lien_source ?? undefined,
    email: record.courriel ?? undefined,
    status: 'active' as const,
    fees_description: [record.frais, record.frais_precisions].filter(Boolean).join(' : ') || undefined,
    eligibility_description:
      [record.publics_precisions, record.conditions_acces].filter(Boolean).join(' ') || undefined,
    application_process: record.mobilisation_precisions ?? undefined,
    assured_date: record.date_maj,
    ...ageLimits(record),
    organization: { id: organizationId, name: record.nom, description: record.description },
    phones: record.telephone
      ? [{ id: stableUuid(`phone:${id}`), service_id: id, number: record.telephone }]
      : [],
    schedules: hours ? [{ id: stableUuid(`schedule:${id}`), service_id: id, description: hours }] : [],
    service_areas: (record.zone_eligibilite ?? []).map((code) => ({
      id: stableUuid(`area:${id}:${code}`),
      service_id: id,
      name: code === 'france' ? 'France' : code,
      description: code === 'france' ? 'France entière' : `Code officiel géographique ${code}`,
    })),
    service_at_locations: hasAddress
      ? [
          {
            id: stableUuid(`sal:${id}`),
            service_id: id,
            location: {
              id: locationId,
              location_type: 'physical',
              name: record.nom,
              addresses: [
                defined({
                  id: stableUuid(`address:${locationId}`),
                  location_id: locationId,
                  address_1: record.adresse ?? '',
                  address_2: record.complement_adresse ?? undefined,
                  city: record.commune ?? '',
                  region: record.code_insee ?? undefined,
                  state_province: '',
                  postal_code: record.code_postal ?? '',
                  country: 'FR',
                  address_type: 'physical',
                }),
              ],
            },
          },
        ]
      : [],
    attributes: [
      {
        id: stableUuid(`attribute:${id}`),
        link_id: id,
        link_type: 'service',
        link_entity: 'service',
        taxonomy_term_id: stableUuid(`term:${record.aiguillage_type}`),
        taxonomy_term: {
          id: stableUuid(`term:${record.aiguillage_type}`),
          code: record.aiguillage_type,
          name: record.aiguillage_type,
          description: 'aiguillage service type (taxonomy.md)',
          vocabulary: 'aiguillage',
        },
      },
    ],
    metadata: [
      {
        id: stableUuid(`metadata:${id}`),
        resource_id: id,
        resource_type: 'service',
        last_action_date: record.date_maj,
        last_action_type: 'update',
        field_name: 'source',
        previous_value: '',
        replacement_value: record.lien_source ?? record.aiguillage_reference ?? record.source,
        updated_by: record.source,
      },
    ],
  });
}

export function toHsds(records: readonly ServiceRecord[]): HsdsService[] {
  return records.map(toHsdsService);
}
