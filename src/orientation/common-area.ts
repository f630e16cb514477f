/**
 * When a place is ambiguous (71100 is Chalon-sur-Saône and four neighbours), the choices often share an
 * EPCI or a département. Orienting at that level while the person picks the commune is not a guess: the
 * territory protocol and the services of that EPCI or département are the same for every choice.
 */
import type { Place } from '../places/place.js';

export function commonArea(choices: readonly Place[]): Place | null {
  const [first] = choices;
  if (!first || !choices.every((p) => p.departement.code === first.departement.code)) return null;
  const sameEpci = first.epci !== null && choices.every((p) => p.epci?.code === first.epci?.code);
  return {
    // No commune: commune-level services and protocols wait for the person's choice.
    insee: '',
    commune: '',
    communeInsee: '',
    postcodes: [...new Set(choices.flatMap((p) => p.postcodes))],
    departement: first.departement,
    region: first.region,
    epci: sameEpci ? first.epci : null,
    population: null,
  };
}
