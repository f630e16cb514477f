/**
 * Typo-tolerant lookup over normalised names with `fastest-levenshtein`. Names are bucketed by length, so a
 * query only measures names whose length could be within the allowed distance.
 *
 * Example:
 * ```ts
 * const names = createFuzzyNames(['marseille', 'marseillette', 'paris']);
 * names.search('marseile', 2); // [{ key: 'marseille', distance: 1 }]
 * ```
 */
import { distance } from 'fastest-levenshtein';

export interface FuzzyHit {
  key: string;
  distance: number;
}

export interface FuzzyNames {
  /** Names within `maxDistance` of `query` that `accept` keeps, closest first. */
  search(query: string, maxDistance: number, accept?: (key: string) => boolean): FuzzyHit[];
}

/**
 * The distance a typo may have, by the length of the normalised query: none under 4 characters (too many
 * short names are one letter apart), 1 up to 6 characters, 2 beyond.
 */
export function allowedDistance(length: number): number {
  if (length < 4) return 0;
  return length <= 6 ? 1 : 2;
}

/** The distance up to which close names are offered as suggestions when none is accepted. */
export function suggestionDistance(length: number): number {
  return length < 4 ? 0 : allowedDistance(length) + 1;
}

export function createFuzzyNames(keys: Iterable<string>): FuzzyNames {
  const byLength = new Map<number, string[]>();
  for (const key of new Set(keys)) {
    const bucket = byLength.get(key.length);
    if (bucket) bucket.push(key);
    else byLength.set(key.length, [key]);
  }
  return {
    search(query, maxDistance, accept) {
      const hits: FuzzyHit[] = [];
      if (maxDistance <= 0 || query === '') return hits;
      for (let length = query.length - maxDistance; length <= query.length + maxDistance; length++) {
        for (const key of byLength.get(length) ?? []) {
          const d = distance(query, key);
          if (d <= maxDistance && (accept === undefined || accept(key))) hits.push({ key, distance: d });
        }
      }
      return hits.sort((a, b) => a.distance - b.distance || a.key.localeCompare(b.key));
    },
  };
}
