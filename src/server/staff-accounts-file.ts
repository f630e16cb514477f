/** Reads the staff accounts at start: the YAML file (when it exists) and STAFF_ACCOUNTS. */
import { existsSync, readFileSync } from 'node:fs';
import { parseYaml } from '../content/read-yaml.js';
import { accountsFromEnv, accountsFromFile, type ParsedAccounts } from '../channels/staff/staff-accounts.js';
import type { StaffConfig } from './config.js';

export function loadStaffAccounts(config: StaffConfig): ParsedAccounts {
  const problems: string[] = [];
  const fromEnv = config.accounts ? accountsFromEnv(config.accounts) : { accounts: [], problems: [] };
  let fromFile: ParsedAccounts = { accounts: [], problems: [] };
  if (existsSync(config.accountsFile)) {
    try {
      fromFile = accountsFromFile(parseYaml(readFileSync(config.accountsFile, 'utf8')), config.accountsFile);
    } catch (error) {
      problems.push(`${config.accountsFile}: ${(error as Error).message.split('\n')[0] ?? 'unreadable'}`);
    }
  }
  const names = new Set(fromEnv.accounts.map((a) => a.name.toLowerCase()));
  const fileAccounts = fromFile.accounts.filter((a) => {
    if (!names.has(a.name.toLowerCase())) return true;
    problems.push(`account ${a.name} is in both STAFF_ACCOUNTS and ${config.accountsFile}`);
    return false;
  });
  return {
    accounts: [...fromEnv.accounts, ...fileAccounts],
    problems: [...fromEnv.problems, ...fromFile.problems, ...problems],
  };
}
