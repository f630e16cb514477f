/**
 * The service directory in memory: records indexed by id and by type, each with its location resolved
 * once against the places data, so a lookup is a filter over a few records of one type.
 */
import { matches, type Facts } from '../orientation/conditions.js';
import type { ServiceType } from '../orientation/situation.js';
import type { Place } from '../places/place.js';
import {
  compareNearness,
  isNationalZone,
  nearness,
  type Nearness,
  type ServiceLocation,
} from './nearness.js';
import type { ServiceRecord } from './service-record.js';

export interface LocatedService {
  record: ServiceRecord;
  location: ServiceLocation;
  /** Position in the loaded content, the tie-break between equally near services. */
  order: number;
}

export interface Found {
  record: ServiceRecord;
  nearness: Nearness;
}

export interface Directory {
  readonly services: readonly LocatedService[];
  byId(id: string): LocatedService | undefined;
  /** The nearest usable services of a type for these facts and this place, nearest first. */
  find(type: ServiceType, facts: Facts, place: Place | null): Found[];
  /** One pinned record, if this person can use it from there. */
  pinned(id: string, facts: Facts, place: Place | null): Found | null;
}

/** What the directory needs from the places data. */
export interface CommuneLookup {
  byInsee(code: string): Place | undefined;
}

export function locate(record: ServiceRecord, places: CommuneLookup): ServiceLocation {
  const zone = record.zone_eligibilite ?? null;
  const commune = record.code_insee ? places.byInsee(record.code_insee) : undefined;
  return {
    national: isNationalZone(zone),
    commune: commune
      ? { insee: commune.insee, epci: commune.epci?.code ?? null, departement: commune.departement.code }
      : null,
    zone,
  };
}

export function createDirectory(records: readonly ServiceRecord[], places: CommuneLookup): Directory {
  const services = records.map((record, order) => ({ record, location: locate(record, places), order }));
  const ids = new Map(services.map((service) => [service.record.id, service]));
  const byType = new Map<ServiceType, LocatedService[]>();
  for (const service of services) {
    const list = byType.get(service.record.aiguillage_type) ?? [];
    list.push(service);
    byType.set(service.record.aiguillage_type, list);
  }

  function usable(service: LocatedService, facts: Facts, place: Place | null): Found | null {
    if (!matches(service.record.aiguillage_conditions ?? undefined, facts)) return null;
    const level = nearness(service.location, place);
    return level === null ? null : { record: service.record, nearness: level };
  }

  return {
    services,
    byId: (id) => ids.get(id),
    find(type, facts, place) {
      const found: (Found & { order: number })[] = [];
      for (const service of byType.get(type) ?? []) {
        const hit = usable(service, facts, place);
        if (hit) found.push({ ...hit, order: service.order });
      }
      found.sort((a, b) => compareNearness(a.nearness, b.nearness) || a.order - b.order);
      return found.map(({ record, nearness: level }) => ({ record, nearness: level }));
    },
    pinned(id, facts, place) {
      const service = ids.get(id);
      return service ? usable(service, facts, place) : null;
    },
  };
}
