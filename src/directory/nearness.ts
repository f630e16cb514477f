/**
 * Administrative nearness of a service to a person: same commune, same EPCI, same département, or a
 * national service. No coordinates: the directory and the places data share INSEE, EPCI and département
 * codes, which is what a mediator means by "near" (and what sectorised services use).
 */
import type { Place } from '../places/place.js';

export const NEARNESS = ['commune', 'epci', 'departement', 'national'] as const;
export type Nearness = (typeof NEARNESS)[number];

/** Where a service is and who it is open to, as codes. */
export interface ServiceLocation {
  national: boolean;
  /** Commune of the service's address, with its EPCI and département, when known. */
  commune: { insee: string; epci: string | null; departement: string } | null;
  /** `zone_eligibilite` codes (communes, EPCI SIREN, départements); null when the record gives none. */
  zone: string[] | null;
}

const NATIONAL_CODES = new Set(['france', '99100']);

export function isNationalZone(zone: readonly string[] | null | undefined): boolean {
  return !!zone && zone.some((code) => NATIONAL_CODES.has(code));
}

function levelOfZone(zone: readonly string[], place: Place): Nearness | null {
  if (zone.includes(place.insee) || zone.includes(place.communeInsee)) return 'commune';
  if (place.epci && zone.includes(place.epci.code)) return 'epci';
  if (zone.includes(place.departement.code)) return 'departement';
  return null;
}

function levelOfAddress(commune: NonNullable<ServiceLocation['commune']>, place: Place): Nearness | null {
  if (commune.insee === place.insee || commune.insee === place.communeInsee) return 'commune';
  if (commune.epci && place.epci && commune.epci === place.epci.code) return 'epci';
  if (commune.departement === place.departement.code) return 'departement';
  return null;
}

const ORDER: Record<Nearness, number> = { commune: 0, epci: 1, departement: 2, national: 3 };

/**
 * How near a service is, or null when the person cannot use it from where they are. A record with a
 * `zone_eligibilite` is open only there; a record with just an address serves its département at most.
 */
export function nearness(location: ServiceLocation, place: Place | null): Nearness | null {
  if (location.national) return 'national';
  if (!place) return null;
  const byAddress = location.commune ? levelOfAddress(location.commune, place) : null;
  if (location.zone) {
    const byZone = levelOfZone(location.zone, place);
    if (byZone === null) return null;
    // Inside its zone, an address in the person's own commune or EPCI is nearer than the zone says.
    return byAddress !== null && ORDER[byAddress] < ORDER[byZone] ? byAddress : byZone;
  }
  return byAddress;
}

export function compareNearness(a: Nearness, b: Nearness): number {
  return ORDER[a] - ORDER[b];
}
