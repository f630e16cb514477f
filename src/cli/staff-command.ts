/**
 * `aiguillage staff add <name> [--role staff|coordinator] [--file <yaml>]`: creates or replaces a staff
 * account in the accounts file, asking for the password twice (hidden), or reading it from stdin when
 * piped. `aiguillage staff hash` prints a hash for STAFF_ACCOUNTS. The password itself is never written.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as yaml from 'js-yaml';
import { parseYaml } from '../content/read-yaml.js';
import { hashPassword } from '../channels/staff/password-hash.js';

/**
 * STAFF_SCRYPT_LOG_N lowers the hash cost for tests only (each hash carries its own cost, so accounts made
 * with the default keep it); never below 2^10.
 */
function hashOptions(): { logN?: number } {
  const raw = Number(process.env.STAFF_SCRYPT_LOG_N);
  return Number.isInteger(raw) && raw >= 10 && raw <= 20 ? { logN: raw } : {};
}
import { isValidAccountName, ROLES, withAccount, type Role } from '../channels/staff/staff-accounts.js';

const MIN_LENGTH = 12;

const USAGE = `Usage:
  aiguillage staff add <name> [--role staff|coordinator] [--file <accounts.yaml>]
      Creates or replaces the account in DATA_DIR/staff-accounts.yaml (or STAFF_ACCOUNTS_FILE, or --file).
      Asks for the password twice; reads it from stdin when piped. At least ${MIN_LENGTH} characters.
  aiguillage staff hash
      Prints the hash of a password read the same way, for STAFF_ACCOUNTS=name:role:hash.
`;

/** Reads one line from the terminal without echoing it, or from stdin when it is not a terminal. */
async function readSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let data = '';
    for await (const chunk of stdin) data += String(chunk);
    return data.split(/\r?\n/)[0] ?? '';
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolvePromise, reject) => {
    let value = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          return resolvePromise(value);
        }
        if (char === '\u0003') {
          stdin.setRawMode(false);
          return reject(new Error('cancelled'));
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

async function askPassword(): Promise<string | null> {
  const first = await readSecret('Password: ');
  if (process.stdin.isTTY) {
    const second = await readSecret('Again: ');
    if (first !== second) {
      process.stderr.write('The two passwords differ. Nothing was changed.\n');
      return null;
    }
  }
  if ([...first].length < MIN_LENGTH) {
    process.stderr.write(`The password needs at least ${MIN_LENGTH} characters. Nothing was changed.\n`);
    return null;
  }
  return first;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function staffCommand(args: string[]): Promise<number> {
  const [action, name] = args;
  if (action === 'hash') {
    const password = await askPassword();
    if (!password) return 1;
    process.stdout.write(`${await hashPassword(password, hashOptions())}\n`);
    return 0;
  }
  if (action !== 'add' || !name || name.startsWith('--')) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (!isValidAccountName(name)) {
    process.stderr.write('The name must be 2–63 letters, digits, dots, dashes or underscores.\n');
    return 2;
  }
  const role = option(args, '--role') ?? 'staff';
  if (!(ROLES as readonly string[]).includes(role)) {
    process.stderr.write(`--role must be one of ${ROLES.join(', ')}\n`);
    return 2;
  }
  const file = resolve(
    option(args, '--file') ??
      process.env.STAFF_ACCOUNTS_FILE ??
      `${process.env.DATA_DIR ?? './data'}/staff-accounts.yaml`,
  );
  const password = await askPassword();
  if (!password) return 1;
  const current = existsSync(file) ? parseYaml(readFileSync(file, 'utf8')) : null;
  const next = withAccount(current, {
    name,
    role: role as Role,
    passwordHash: await hashPassword(password, hashOptions()),
  });
  mkdirSync(dirname(file), { recursive: true });
  const header =
    '# Staff accounts for /staff (made by `aiguillage staff add`). Hashes only, never passwords.\n';
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, header + yaml.dump(next, { lineWidth: -1 }), { mode: 0o600 });
  renameSync(temporary, file);
  process.stdout.write(`Account ${name} (${role}) saved in ${file}. Restart the server to use it.\n`);
  return 0;
}
