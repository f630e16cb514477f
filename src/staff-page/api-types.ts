/**
 * The shapes of the /staff/api answers the page reads (docs/staff.md), as the page uses them. Types only:
 * the compiled file is empty and never loaded (imports of it are type-only).
 */

export type Texts = Record<string, unknown>;
export type Situation = Record<string, unknown>;

export interface Contact {
  phone?: string;
  phoneE164?: string;
  address?: string;
  hours?: string;
  email?: string;
  website?: string;
}

export interface StaffRecommendation {
  type: string;
  typeLabel?: string;
  name: string;
  what?: string;
  text?: string;
  rule?: string;
  ruleDescription?: string;
  sources?: string[];
  cost?: string;
  appointment?: string;
  bring?: string[];
  practicalSources?: string[];
  contact?: Contact;
  nearness?: string | null;
  record?: { id?: string; source?: string; reference?: string; dateMaj?: string } | null;
  toVerify?: boolean;
  inferred?: boolean;
  notes?: string[];
}

export interface PlaceChoice {
  insee: string;
  commune: string;
  departement: string | { code: string; nom?: string };
  postcodes?: string[];
}

export type PlaceAnswer =
  | { status: 'found'; insee: string; commune: string; departement?: { code: string; nom?: string } }
  | { status: 'ambiguous'; choices: PlaceChoice[] }
  | { status: 'not-found'; suggestions: PlaceChoice[] }
  | null;

export interface SlipItem {
  name?: string;
  what?: string;
  phone?: string;
  address?: string;
  hours?: string;
  cost?: string;
  appointment?: string;
  bring?: string[];
  notes?: string[];
}

export interface SlipColumn {
  lang: string;
  dir?: string;
  title?: string;
  intro?: string;
  labels?: Record<string, string>;
  items?: SlipItem[];
  /** Said when no service could be given. */
  none?: string;
  emergency?: string;
  footer?: string;
}

export interface TriageAnswer {
  emergency?: boolean;
  place?: PlaceAnswer;
  missing?: string[];
  missingLabels?: string[];
  recommendations?: StaffRecommendation[];
  slip?: { languages?: string[]; columns?: SlipColumn[] } | null;
  gaps?: string[];
  error?: { code: string; message?: string; fields?: { field: string; message: string }[] };
}

export interface Session {
  account: string;
  role: string;
  csrf: string;
  sendSms?: boolean;
  languages?: string[];
  /** The taxonomy's codes, from the server (src/orientation/situation.ts): one list, never copied here. */
  codes: { danger: string[]; need: string[]; rights: string[]; substance: string[]; contact: string[] };
  texts: Texts;
}

/** What the results show: the situation asked about, the slip's language and the server's answer. */
export interface Shown {
  situation: Situation;
  lang: string;
  answer: TriageAnswer;
}

export interface CountRow {
  month: string;
  need: string;
  rights: string;
  departement: string;
  type: string;
  gap: boolean | string | null;
  count: number;
}
