/**
 * Staff accounts: a name, a role and a scrypt hash, from a YAML file or from the environment. No account is
 * ever created by the server itself; `aiguillage staff add` writes the file.
 *
 * Example file:
 * ```yaml
 * accounts:
 *   - name: accueil-ccas
 *     role: staff
 *     password: scrypt$17$8$1$…$…
 * ```
 * Example environment: `STAFF_ACCOUNTS=accueil-ccas:staff:scrypt$17$8$1$…$…,coord:coordinator:scrypt$…`
 */
import { parseHash } from './password-hash.js';

export const ROLES = ['staff', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

export interface StaffAccount {
  name: string;
  role: Role;
  passwordHash: string;
}

export interface ParsedAccounts {
  accounts: StaffAccount[];
  problems: string[];
}

const NAME = /^[a-z0-9][a-z0-9._-]{1,62}$/i;

function check(entry: unknown, where: string, problems: string[]): StaffAccount | null {
  if (typeof entry !== 'object' || entry === null) {
    problems.push(`${where}: expected { name, role, password }`);
    return null;
  }
  const { name, role, password } = entry as Record<string, unknown>;
  const bad = (message: string) => {
    problems.push(`${where}: ${message}`);
    return null;
  };
  if (typeof name !== 'string' || !NAME.test(name))
    return bad('name must be 2–63 letters, digits, dots, dashes or underscores');
  const account = `${where} (${name})`;
  if (role !== undefined && !(ROLES as readonly unknown[]).includes(role)) {
    problems.push(`${account}: role must be one of ${ROLES.join(', ')}`);
    return null;
  }
  if (typeof password !== 'string' || !parseHash(password)) {
    problems.push(
      `${account}: password must be a scrypt hash made by \`aiguillage staff add\`, never the password itself`,
    );
    return null;
  }
  return { name, role: (role as Role | undefined) ?? 'staff', passwordHash: password };
}

function dedupe(accounts: StaffAccount[], problems: string[]): StaffAccount[] {
  const seen = new Set<string>();
  return accounts.filter((account) => {
    const key = account.name.toLowerCase();
    if (seen.has(key)) {
      problems.push(`account ${account.name} is defined twice; the first one is kept`);
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** The accounts file, already parsed from YAML. */
export function accountsFromFile(content: unknown, file: string): ParsedAccounts {
  const problems: string[] = [];
  const list =
    typeof content === 'object' && content !== null
      ? (content as { accounts?: unknown }).accounts
      : undefined;
  if (content === null || content === undefined) return { accounts: [], problems };
  if (!Array.isArray(list)) return { accounts: [], problems: [`${file}: expected a list under "accounts:"`] };
  const accounts = list.flatMap((entry, i) => check(entry, `${file} accounts[${i}]`, problems) ?? []);
  return { accounts: dedupe(accounts, problems), problems };
}

/** `STAFF_ACCOUNTS`: comma-separated `name:role:hash` (the hash has no comma or colon). */
export function accountsFromEnv(value: string): ParsedAccounts {
  const problems: string[] = [];
  const accounts = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .flatMap((item, i) => {
      const [name, role, password, ...rest] = item.split(':');
      if (rest.length > 0 || password === undefined) {
        problems.push(`STAFF_ACCOUNTS item ${i + 1}: expected name:role:hash`);
        return [];
      }
      return check({ name, role, password }, `STAFF_ACCOUNTS item ${i + 1}`, problems) ?? [];
    });
  return { accounts: dedupe(accounts, problems), problems };
}

/** Adds or replaces an account in the file's content (for `aiguillage staff add`). */
export function withAccount(content: unknown, account: StaffAccount): { accounts: unknown[] } {
  const list =
    typeof content === 'object' &&
    content !== null &&
    Array.isArray((content as { accounts?: unknown }).accounts)
      ? (content as { accounts: unknown[] }).accounts
      : [];
  const others = list.filter(
    (entry) =>
      !(
        typeof entry === 'object' &&
        entry !== null &&
        String((entry as { name?: unknown }).name).toLowerCase() === account.name.toLowerCase()
      ),
  );
  return {
    accounts: [...others, { name: account.name, role: account.role, password: account.passwordHash }],
  };
}

export function isValidAccountName(name: string): boolean {
  return NAME.test(name);
}
