/**
 * The service directory in memory: records indexed by id, and by type then département, each with its
 * location resolved once against the places data. A lookup reads only the records that can serve the
 * person's département (plus national and zoned ones), so it stays fast with the whole country loaded.
 *
 * Which record comes first, for a type and a place:
 * 1. confirmed records that serve the place locally (commune, EPCI, département), nearest first; at the same
 *    nearness, the content's own records (written by the coordinator) before imported ones (FINESS);
 * 2. inferred records (a public hospital for `pass`): only when no confirmed record serves the place;
 * 3. national records.
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
  /** Loaded from an imported directory (DATA_DIR), not written in the content. */
  imported: boolean;
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
  /** The nearest usable services of a type for these facts and this place, best first (see above). */
  find(type: ServiceType, facts: Facts, place: Place | null): Found[];
  /** The first of `find`, without sorting the others: what an orientation needs, at every turn. */
  best(type: ServiceType, facts: Facts, place: Place | null): Found | null;
  /** One pinned record, if this person can use it from there. */
  pinned(id: string, facts: Facts, place: Place | null): Found | null;
}

/** What the directory needs from the places data. */
export interface CommuneLookup {
  byInsee(code: string): Place | undefined;
}

/**
 * Records that give only an address share their commune's location object: the whole country from FINESS
 * is tens of thousands of records in a few thousand communes.
 */
function locator(places: CommuneLookup): (record: ServiceRecord) => ServiceLocation {
  const byCommune = new Map<string, ServiceLocation>();
  return (record) => {
    if (record.zone_eligibilite || !record.code_insee) return locate(record, places);
    let location = byCommune.get(record.code_insee);
    if (!location) {
      location = locate(record, places);
      byCommune.set(record.code_insee, location);
    }
    return location;
  };
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

/** One type's services, split by how they can be found. */
interface TypeIndex {
  /** National, or open to a zone (`zone_eligibilite`): few, always considered. */
  everywhere: LocatedService[];
  /** With only an address: they serve their département at most, so only its people look at them. */
  byDepartement: Map<string, LocatedService[]>;
}

function indexByType(services: readonly LocatedService[]): Map<ServiceType, TypeIndex> {
  const byType = new Map<ServiceType, TypeIndex>();
  for (const service of services) {
    let index = byType.get(service.record.aiguillage_type);
    if (!index) {
      index = { everywhere: [], byDepartement: new Map() };
      byType.set(service.record.aiguillage_type, index);
    }
    const { location } = service;
    if (location.national || location.zone) index.everywhere.push(service);
    else if (location.commune) {
      const list = index.byDepartement.get(location.commune.departement);
      if (list) list.push(service);
      else index.byDepartement.set(location.commune.departement, [service]);
    }
    // A record with neither zone nor commune can never be found (validation reports it): not indexed.
  }
  return byType;
}

interface Hit extends Found {
  /** 0 confirmed and local, 1 inferred, 2 national. */
  group: number;
  imported: boolean;
  order: number;
}

/** What decides which of two services comes first: group, nearness, content before imported, content order. */
type Rank = Pick<Hit, 'group' | 'nearness' | 'imported' | 'order'>;

function compareHits(a: Rank, b: Rank): number {
  return (
    a.group - b.group ||
    compareNearness(a.nearness, b.nearness) ||
    Number(a.imported) - Number(b.imported) ||
    a.order - b.order
  );
}

const groupOf = (level: Nearness, service: LocatedService): number =>
  level === 'national' ? 2 : service.record.aiguillage_inferred ? 1 : 0;

/**
 * `records` are the content's own; `imported` come from imported directories and never replace a content
 * record with the same id.
 */
export function createDirectory(
  records: readonly ServiceRecord[],
  places: CommuneLookup,
  imported: readonly ServiceRecord[] = [],
): Directory {
  const located = locator(places);
  const services: LocatedService[] = records.map((record, order) => ({
    record,
    location: located(record),
    imported: false,
    order,
  }));
  const ids = new Map(services.map((service) => [service.record.id, service]));
  for (const record of imported) {
    if (ids.has(record.id)) continue;
    const service = { record, location: located(record), imported: true, order: services.length };
    services.push(service);
    ids.set(record.id, service);
  }
  const byType = indexByType(services);

  function usable(service: LocatedService, facts: Facts, place: Place | null): Found | null {
    if (!matches(service.record.aiguillage_conditions ?? undefined, facts)) return null;
    const level = nearness(service.location, place);
    return level === null ? null : { record: service.record, nearness: level };
  }

  function hit(service: LocatedService, facts: Facts, place: Place | null): Hit | null {
    const found = usable(service, facts, place);
    if (!found) return null;
    return {
      ...found,
      group: groupOf(found.nearness, service),
      imported: service.imported,
      order: service.order,
    };
  }

  /** The services that may serve this place: national and zoned ones, and those of its département. */
  function candidates(type: ServiceType, place: Place | null): readonly (readonly LocatedService[])[] {
    const index = byType.get(type);
    if (!index) return [];
    const local = place ? index.byDepartement.get(place.departement.code) : undefined;
    return local ? [index.everywhere, local] : [index.everywhere];
  }

  return {
    services,
    byId: (id) => ids.get(id),
    find(type, facts, place) {
      const hits: Hit[] = [];
      for (const list of candidates(type, place)) {
        for (const service of list) {
          const found = hit(service, facts, place);
          if (found) hits.push(found);
        }
      }
      hits.sort(compareHits);
      return hits.map(({ record, nearness: level }) => ({ record, nearness: level }));
    },
    best(type, facts, place) {
      // The first of `find` without sorting: one pass, and one reused rank object rather than a hit per
      // usable record (a département may hold a thousand records of a type).
      let best: LocatedService | null = null;
      const bestRank: Rank = { group: 3, nearness: 'national', imported: false, order: 0 };
      const rank: Rank = { ...bestRank };
      for (const list of candidates(type, place)) {
        for (const service of list) {
          if (!matches(service.record.aiguillage_conditions ?? undefined, facts)) continue;
          const level = nearness(service.location, place);
          if (level === null) continue;
          rank.group = groupOf(level, service);
          rank.nearness = level;
          rank.imported = service.imported;
          rank.order = service.order;
          if (best === null || compareHits(rank, bestRank) < 0) {
            best = service;
            Object.assign(bestRank, rank);
          }
        }
      }
      return best ? { record: best.record, nearness: bestRank.nearness } : null;
    },
    pinned(id, facts, place) {
      const service = ids.get(id);
      return service ? usable(service, facts, place) : null;
    },
  };
}
