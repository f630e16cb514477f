/** The `aiguillage` command as a coordinator runs it: the built CLI in a child process. */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'bin', 'aiguillage.js');

function run(args: string[], input?: string) {
  const out = spawnSync(process.execPath, [cli, ...args], {
    input,
    encoding: 'utf8',
    cwd: tmpdir(),
    // A low scrypt cost for `staff add`: the default (2^17) is checked in staff-parts.test.ts.
    env: { ...process.env, STAFF_SCRYPT_LOG_N: '10' },
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

describe('aiguillage --help, --version and bad options', () => {
  it('prints the version', () => {
    const { code, stdout } = run(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^aiguillage \d+\.\d+\.\d+\n$/);
  });

  it.each(['orient', 'validate', 'import', 'export', 'directory', 'chat', 'flow', 'serve', 'staff'])(
    '%s --help prints its usage and does nothing else',
    (command) => {
      const { code, stdout, stderr } = run([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain(`aiguillage ${command}`);
      expect(stderr).toBe('');
    },
  );

  it.each([
    [['orient', '--bogus'], "aiguillage orient: Unknown option '--bogus' (see aiguillage orient --help)"],
    [['validate', '--nope'], "aiguillage validate: Unknown option '--nope' (see aiguillage validate --help)"],
    [
      ['chat', '--lang'],
      "aiguillage chat: Option '--lang <value>' argument missing (see aiguillage chat --help)",
    ],
    [['serve', '--port', '3'], 'aiguillage serve: takes no argument (--port)'],
  ])('%j answers one line and exit code 2, no stack trace', (args, line) => {
    const { code, stderr } = run(args);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(line);
    expect(stderr).not.toMatch(/\bat \S+ \(/);
  });
});

describe('aiguillage orient', () => {
  it('prints the orientation of one situation', () => {
    const { code, stdout } = run([
      'orient',
      '{"rights":"none","need":"general-care","place":{"commune":"Chalon-sur-Saône"}}',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.emergency).toBe(false);
    expect(result.place).toMatchObject({ status: 'found', commune: 'Chalon-sur-Saône' });
    expect(result.recommendations[0]).toMatchObject({ type: 'pass', reason: 'reason.none-pass' });
    expect(result.recommendations[0].text).toContain('PASS');
  });

  it('writes the text in the requested language', () => {
    const situation = '{"rights":"none","need":"general-care"}';
    const fr = JSON.parse(run(['orient', situation]).stdout).recommendations[0].text as string;
    const en = JSON.parse(run(['orient', '--lang', 'en', situation]).stdout).recommendations[0]
      .text as string;
    const ar = JSON.parse(run(['orient', '--lang', 'ar', situation]).stdout).recommendations[0]
      .text as string;
    expect(en).not.toBe(fr);
    expect(ar).toMatch(/[\u0600-\u06FF]/);
  });

  it('refuses an unknown language', () => {
    const { code, stderr } = run(['orient', '--lang', 'de', '{}']);
    expect(code).toBe(2);
    expect(stderr).toContain('--lang must be one of fr, en, ar, fr-x-falc');
  });

  it('skips a 50 MB line as it reads it, and answers the lines before and after it', () => {
    const input = [
      '{"rights":"full","need":"dental"}',
      'x'.repeat(50_000_000),
      '{"rights":"full","need":"dental"}',
    ].join('\n');
    const out = spawnSync(process.execPath, ['--max-old-space-size=256', cli, 'orient'], {
      input,
      encoding: 'utf8',
      cwd: tmpdir(),
      maxBuffer: 10_000_000,
    });
    const lines = out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { error?: { message: string } });
    expect(lines).toHaveLength(3);
    expect(lines[0]?.error).toBeUndefined();
    expect(lines[1]?.error?.message).toBe(
      'line is 50000000 characters long; a situation is a short JSON object',
    );
    expect(lines[2]?.error).toBeUndefined();
    expect(out.status).toBe(1);
  }, 60_000);

  it('answers a batch on stdin line by line, goes on after bad lines, and fails the exit code', () => {
    const input = [
      '{"rights":"full","need":"dental"}',
      '{"rights":"full","need":',
      '',
      '{"rights":"cmu","need":"general-care"}',
      '{"need":"general-care","rights":"none","place":{"postcode":"00000"}}',
      '{"need":"general-care","emergency":true,"place":{"commune":"Nowhereville"}}',
    ].join('\n');
    const { code, stdout } = run(['orient'], input);
    expect(code).toBe(1);
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(5); // the empty line is skipped
    expect(lines[0].error).toBeUndefined();
    expect(lines[1].error).toMatchObject({
      code: 'invalid-situation',
      message: expect.stringContaining('not valid JSON'),
    });
    expect(lines[2].error).toMatchObject({
      code: 'invalid-situation',
      message: expect.stringContaining('rights: unknown value "cmu"'),
    });
    expect(lines[3].error).toMatchObject({ code: 'unknown-place' });
    expect(lines[3].recommendations[0].type).toBe('pass'); // national guidance still given
    expect(lines[4].emergency).toBe(true); // an emergency is answered even when the place is unknown
    expect(lines[4].recommendations[0].type).toBe('samu-15');
  });

  it('succeeds on a clean batch', () => {
    const { code, stdout } = run(
      ['orient'],
      '{"need":"vaccination","rights":"full"}\n{"need":"dental","rights":"none"}\n',
    );
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(2);
  });

  it('refuses a 30 kB line without parsing it', () => {
    const { stdout } = run(['orient'], `{"need":"${'x'.repeat(30_000)}"}\n`);
    expect(JSON.parse(stdout).error.message).toContain('characters long');
  });
});

describe('aiguillage validate', () => {
  it('passes on the shipped content', () => {
    const { code, stdout } = run(['validate']);
    expect(stdout).toMatch(/^ok: \d+ rules/m);
    expect(code).toBe(0);
  });

  it('prints every problem with file, record and field, and fails', () => {
    const content = mkdtempSync(join(tmpdir(), 'aiguillage-content-'));
    cpSync(join(root, 'content'), content, { recursive: true });
    cpSync(
      join(root, 'test', 'fixtures', 'broken-services.yaml'),
      join(content, 'services', 'zz-broken.yaml'),
    );
    const { code, stdout } = run(['validate', content, '--locales', join(root, 'locales')]);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'services/zz-broken.yaml › broken--no-source › aiguillage_reference: every record says where its facts come from',
    );
    expect(stdout).toContain(
      'services/zz-broken.yaml › broken--bad-type › aiguillage_type: must be a service type code of taxonomy.md, not "hopital"',
    );
    expect(stdout).toContain(
      'services/zz-broken.yaml › broken--bad-date › date_maj: must match format "date"',
    );
    expect(stdout).toMatch(/^failed: /m);
  });
});

describe('aiguillage import / export', () => {
  it('imports a data·inclusion export: validated, typed, deduplicated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiguillage-import-'));
    cpSync(join(root, 'content'), join(dir, 'content'), { recursive: true });
    cpSync(join(root, 'locales'), join(dir, 'locales'), { recursive: true });
    const fixture = join(root, 'test', 'fixtures', 'data-inclusion-export.json');
    const first = run([
      'import',
      'data-inclusion',
      fixture,
      '--territory',
      'test-import',
      '--content',
      join(dir, 'content'),
    ]);
    expect(first.stdout).toContain('1 added, 0 updated, 0 unchanged, 2 rejected');
    expect(first.stderr).toContain(
      'dora--fixture-without-type › aiguillage_type: must be a service type code',
    );
    expect(first.stderr).toContain('dora--fixture-broken › nom: must NOT have fewer than 3 characters');
    expect(first.code).toBe(1);

    const second = run([
      'import',
      'data-inclusion',
      fixture,
      '--territory',
      'test-import',
      '--type',
      'permanence-droits',
      '--content',
      join(dir, 'content'),
    ]);
    expect(second.stdout).toContain(
      '1 added, 0 updated, 1 unchanged, 1 rejected, 0 skipped (2 records in the file)',
    );
    const written = JSON.parse(
      readFileSync(join(dir, 'content', 'services', 'imported', 'test-import.json'), 'utf8'),
    );
    expect(written.map((r: { id: string; aiguillage_type: string }) => [r.id, r.aiguillage_type])).toEqual([
      ['dora--fixture-point-ecoute', 'point-ecoute'],
      ['dora--fixture-without-type', 'permanence-droits'],
    ]);

    // The imported point écoute is now found for someone in Chalon.
    const situation =
      '{"rights":"none","need":"mental-health","canWait":true,"place":{"commune":"Chalon-sur-Saône"}}';
    const result = JSON.parse(run(['orient', '--content', join(dir, 'content'), situation]).stdout);
    expect(result.recommendations.map((r: { service: { id: string } | null }) => r.service?.id)).toContain(
      'dora--fixture-point-ecoute',
    );
  });

  it('exports the directory as HSDS 3.0 services with stable UUIDs', () => {
    const first = run(['export', 'hsds']);
    expect(first.code).toBe(0);
    const services = JSON.parse(first.stdout) as {
      id: string;
      name: string;
      status: string;
      attributes: { taxonomy_term: { code: string } }[];
    }[];
    expect(services.length).toBeGreaterThan(20);
    for (const service of services) {
      expect(service.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(service.name.length).toBeGreaterThan(2);
      expect(service.status).toBe('active');
    }
    expect(services.map((s) => s.attributes[0]?.taxonomy_term.code)).toContain('ligne-3114');
    expect(run(['export', 'hsds']).stdout).toBe(first.stdout); // stable from one run to the next
  });
});

describe('aiguillage staff', () => {
  it('adds accounts to the file with only a scrypt hash, and replaces one by name', async () => {
    const { accountsFromFile } = await import('../src/channels/staff/staff-accounts.js');
    const { verifyPassword } = await import('../src/channels/staff/password-hash.js');
    const { parseYaml } = await import('../src/content/read-yaml.js');
    const file = join(mkdtempSync(join(tmpdir(), 'aiguillage-staff-cli-')), 'accounts.yaml');
    expect(run(['staff', 'add', 'accueil', '--file', file], 'une phrase de passe\n').code).toBe(0);
    expect(
      run(['staff', 'add', 'coord', '--role', 'coordinator', '--file', file], 'autre phrase longue\n').code,
    ).toBe(0);
    expect(run(['staff', 'add', 'accueil', '--file', file], 'nouvelle phrase de passe\n').code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('phrase');
    const { accounts, problems } = accountsFromFile(parseYaml(text), file);
    expect(problems).toEqual([]);
    expect(accounts.map((a) => [a.name, a.role])).toEqual([
      ['coord', 'coordinator'],
      ['accueil', 'staff'],
    ]);
    expect(await verifyPassword('nouvelle phrase de passe', accounts[1]?.passwordHash ?? '')).toBe(true);
  });

  it.each([
    [['staff', 'add', 'accueil'], 'court\n', 1, 'at least 12 characters'],
    [['staff', 'add', 'a b'], 'une phrase de passe\n', 2, 'The name must be'],
    [['staff', 'add', 'accueil', '--role', 'admin'], 'une phrase de passe\n', 2, '--role must be one of'],
    [['staff'], '', 2, 'Usage'],
  ])('refuses %j with a clear message', (args, input, code, message) => {
    const file = join(mkdtempSync(join(tmpdir(), 'aiguillage-staff-cli-')), 'accounts.yaml');
    const out = run([...args, '--file', file], input);
    expect(out.code).toBe(code);
    expect(out.stderr).toContain(message);
  });
});
