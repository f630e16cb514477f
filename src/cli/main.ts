/**
 * `aiguillage <command>`: orient, validate, import, export. Effects (arguments, stdin, files, exit code)
 * stay here; the commands call the pure core.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../content/load-content.js';
import { chatCommand } from './chat-command.js';
import { directoryCommand } from './directory-command.js';
import { exportCommand } from './export-command.js';
import { flowCommand } from './flow-command.js';
import { importCommand } from './import-command.js';
import { orientCommand } from './orient-command.js';
import { serveCommand } from './serve-command.js';
import { staffCommand } from './staff-command.js';
import { validateCommand } from './validate-command.js';

const USAGE = `Usage:
  aiguillage orient ['<situation JSON>'] [--lang fr|en|ar|fr-x-falc] [--content <dir>]
      With a JSON argument: prints the orientation. Without: reads one situation JSON per line on stdin
      and writes one result line per input line. Exit code 1 when any line has an error.
  aiguillage validate [<content dir>] [--locales <dir>]
      Checks rules, directory and texts; prints every problem with file, record and field.
  aiguillage import data-inclusion <file.json> --territory <name> [--type <service type>] [--content <dir>]
      Adds data·inclusion service records to content/services/imported/<name>.json (validated,
      deduplicated by source + id).
  aiguillage import finess <etalab-cs1100507-stock-….csv> [--data-dir <dir>] [--mapping <file>]
      Imports the national FINESS extraction into DATA_DIR/directory/finess.json, which the server loads
      at start; categories as mapped in content/finess-categories.yaml.
  aiguillage directory stats [--data-dir <dir>] [--max-age-months <n>] [--json]
      Records per service type and per département, the age of each source, the records to verify.
  aiguillage export hsds [--out <file>] [--content <dir>]
      Writes the directory as Open Referral HSDS 3.0 services JSON.
  aiguillage chat [--lang fr|en|ar|fr-x-falc] [--channel web|sms]
      Talk to the bot in the terminal; --channel sms shows each SMS with its segment count.
  aiguillage serve
      Starts the server (what \`npm start\` runs): PORT, DATA_DIR, SESSION_TTL_HOURS, ALLOWED_ORIGINS, WARM_UP,
      REDIS_URL, LOG_LEVEL, METRICS_TOKEN, SHUTDOWN_GRACE_MS, TRUST_PROXY, STAFF_*, and the SMS variables
      (README.md, docs/sms.md, docs/staff.md).
  aiguillage staff add <name> [--role staff|coordinator] [--file <accounts.yaml>]
      Creates or replaces a staff account for /staff (asks for the password; stores only its scrypt hash).
  aiguillage staff hash
      Prints a password's hash for STAFF_ACCOUNTS=name:role:hash.
  aiguillage flow --mermaid
      Prints the conversation flow as a Mermaid state diagram.
  aiguillage --version
      Prints the version.
Every command answers --help.
`;

const COMMANDS = ['orient', 'validate', 'import', 'export', 'directory', 'chat', 'flow', 'serve', 'staff'];

/** The part of USAGE about one command: its lines and their indented explanations. */
function usageOf(command: string): string {
  const blocks = USAGE.split(/\n(?= {2}aiguillage )/).filter(
    (b) => b.startsWith(`  aiguillage ${command} `) || b.startsWith(`  aiguillage ${command}\n`),
  );
  return `Usage:\n${blocks.map((b) => b.replace(/\n$/, '')).join('\n')}\n`;
}

function version(): string {
  const file = join(PROJECT_ROOT, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** Node's parseArgs refusals (unknown option, missing value…): a one-line answer, not a stack trace. */
function isArgumentError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`aiguillage ${version()}\n`);
    return 0;
  }
  if (command && COMMANDS.includes(command) && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(usageOf(command));
    return 0;
  }
  try {
    return await run(command, rest);
  } catch (error) {
    if (!isArgumentError(error) || !command) throw error;
    process.stderr.write(
      `aiguillage ${command}: ${(error.message.split('\n')[0] ?? '').split('. ')[0]} (see aiguillage ${command} --help)\n`,
    );
    return 2;
  }
}

async function run(command: string | undefined, rest: string[]): Promise<number> {
  switch (command) {
    case 'orient':
      return orientCommand(rest);
    case 'validate':
      return validateCommand(rest);
    case 'import':
      return importCommand(rest);
    case 'export':
      return exportCommand(rest);
    case 'directory':
      return directoryCommand(rest);
    case 'chat':
      return chatCommand(rest);
    case 'flow':
      return flowCommand(rest);
    case 'serve':
      if (rest.length > 0) {
        process.stderr.write(
          `aiguillage serve: takes no argument (${rest[0]}); its settings are environment variables (see aiguillage serve --help)\n`,
        );
        return 2;
      }
      return serveCommand();
    case 'staff':
      return staffCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `aiguillage: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
