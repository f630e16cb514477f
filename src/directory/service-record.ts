/**
 * A service of the directory: a data·inclusion `service` record
 * (`../shared/reference/data-inclusion-schema/schemas/service.json`) plus a few `aiguillage_*` fields.
 *
 * Example (YAML, in `content/services/`):
 * ```yaml
 * - id: national--3114
 *   source: aiguillage
 *   structure_id: national--3114
 *   nom: 3114, numéro national de prévention du suicide
 *   description: Écoute professionnelle, gratuite et confidentielle, 24 h sur 24.
 *   date_maj: 2025-01-01
 *   telephone: "3114"
 *   zone_eligibilite: [france]
 *   lien_source: https://3114.fr/
 *   aiguillage_type: ligne-3114
 * ```
 */
import type { Condition } from '../orientation/conditions.js';
import type { ServiceType } from '../orientation/situation.js';

export interface ServiceRecord {
  // data·inclusion required fields
  source: string;
  structure_id: string;
  id: string;
  nom: string;
  description: string;
  date_maj: string;
  // data·inclusion optional fields we use
  adresse?: string | null;
  complement_adresse?: string | null;
  code_postal?: string | null;
  code_insee?: string | null;
  commune?: string | null;
  telephone?: string | null;
  courriel?: string | null;
  horaires_accueil?: string | null;
  frais?: 'gratuit' | 'payant' | null;
  frais_precisions?: string | null;
  conditions_acces?: string | null;
  publics?: string[] | null;
  publics_precisions?: string | null;
  thematiques?: string[] | null;
  modes_accueil?: string[] | null;
  modes_mobilisation?: string[] | null;
  mobilisation_precisions?: string | null;
  mobilisable_par?: string[] | null;
  lien_source?: string | null;
  lien_mobilisation?: string | null;
  zone_eligibilite?: string[] | null;
  latitude?: number | null;
  longitude?: number | null;
  type?: string | null;
  [other: string]: unknown;
  // aiguillage extensions
  /** The service type code of `../shared/taxonomy.md`. */
  aiguillage_type: ServiceType;
  /**
   * Where the facts come from when `lien_source` cannot say it: a seed document and its lines,
   * e.g. "seeds/001_28dd29ea95f382ce.txt L.416", or a public text.
   */
  aiguillage_reference?: string | null;
  /** Who the service is for, in the rules' condition language (e.g. `age: { min: 16, max: 25 }`). */
  aiguillage_conditions?: Condition | null;
  /**
   * Opening times as the source words them when they cannot be written in the OSM opening_hours
   * syntax of `horaires_accueil` (e.g. "2e, 3e et 4e lundi du mois à 20 h").
   */
  aiguillage_horaires_texte?: string | null;
  /**
   * The record is where to ask for the service, not a confirmed service: a public hospital from FINESS offered
   * for `pass`. It comes after any confirmed record of its type near the person, and staff see it flagged.
   */
  aiguillage_inferred?: boolean | null;
}
