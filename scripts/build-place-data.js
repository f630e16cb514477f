// Writes dist/place-data.json, the compact copy of @etalab/decoupage-administratif that the places index
// loads at start (see src/places/load-place-data.ts). Run by `npm run build`, after tsc.
import { writeFileSync } from 'node:fs';
import { compactPlaceData, loadPlaceDataFromPackage, PLACE_CACHE } from '../dist/places/load-place-data.js';

const data = compactPlaceData(loadPlaceDataFromPackage());
writeFileSync(PLACE_CACHE, JSON.stringify(data));
console.log(
  `${PLACE_CACHE}: ${data.communes.length} communes, ${data.epci.length} EPCI (package ${data.packageVersion})`,
);
