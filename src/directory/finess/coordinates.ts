/**
 * FINESS coordinates → WGS84 latitude and longitude, with proj4. FINESS gives projected metres and names the
 * projection at the end of `sourcecoordet` ("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93"): Lambert-93 in
 * metropolitan France, UTM in the overseas départements.
 *
 * Example:
 * ```ts
 * toWgs84(870215.7, 6571590.5, 'LAMBERT_93'); // { latitude: 46.222745, longitude: 5.208596 }
 * ```
 */
import proj4 from 'proj4';

/**
 * The projections FINESS uses, as proj4 definitions. The national frames (RGF93, RGAF09, RGFG95, RGR92, RGM04,
 * RGSPM06) are ITRF-based, within a metre of WGS84, so no datum shift is applied (towgs84 = 0).
 */
const PROJECTIONS: Readonly<Record<string, string>> = {
  // RGF93 / Lambert-93 (EPSG:2154): metropolitan France and Corsica.
  LAMBERT_93:
    '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  // UTM zone 20 N: Guadeloupe, Martinique, Saint-Barthélemy, Saint-Martin.
  UTM_N20: '+proj=utm +zone=20 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  // UTM zone 21 N: Saint-Pierre-et-Miquelon.
  UTM_N21: '+proj=utm +zone=21 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  // UTM zone 22 N: Guyane.
  UTM_N22: '+proj=utm +zone=22 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  // UTM zone 38 S: Mayotte.
  UTM_S38: '+proj=utm +zone=38 +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
  // UTM zone 40 S: La Réunion.
  UTM_S40: '+proj=utm +zone=40 +south +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs',
};

const converters = new Map<string, proj4.Converter>();

function converter(system: string): proj4.Converter | undefined {
  const definition = PROJECTIONS[system];
  if (definition === undefined) return undefined;
  let found = converters.get(system);
  if (!found) {
    found = proj4(definition, 'WGS84');
    converters.set(system, found);
  }
  return found;
}

export interface LatLon {
  latitude: number;
  longitude: number;
}

/** The projection named at the end of FINESS's `sourcecoordet`. */
export function projectionOf(sourcecoordet: string): string {
  return sourcecoordet.split(',').pop()?.trim() ?? '';
}

export function isKnownProjection(system: string): boolean {
  return PROJECTIONS[system] !== undefined;
}

/** Rounded to 6 decimals (about 10 cm): more would only pretend to a precision the source does not have. */
const round = (value: number): number => Math.round(value * 1e6) / 1e6;

/** WGS84 latitude and longitude, or null for an unknown projection or a point outside the Earth. */
export function toWgs84(x: number, y: number, system: string): LatLon | null {
  const convert = converter(system);
  if (!convert || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  const [longitude, latitude] = convert.forward([x, y]);
  if (
    longitude === undefined ||
    latitude === undefined ||
    !Number.isFinite(latitude) ||
    !Number.isFinite(longitude) ||
    Math.abs(latitude) > 90 ||
    Math.abs(longitude) > 180
  )
    return null;
  return { latitude: round(latitude), longitude: round(longitude) };
}
