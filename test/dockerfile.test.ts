/**
 * The Docker image, without a Docker engine: the build stage's and the runtime stage's file sets are read
 * from the Dockerfile itself and reproduced in temporary folders; the build runs there, and the server starts
 * from the runtime set and answers /healthz. A file the Dockerfile forgets to copy fails here (it once forgot
 * tsconfig.staff.json, then assets/). The packages come from this checkout's node_modules (a symlink): which
 * packages a production install keeps is checked by `npm ci --omit=dev` in .ci/run's world, not here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { freePort } from './support/redis-server.js';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Copy {
  from: string | null;
  sources: string[];
  dest: string;
}

/** The COPY instructions of each stage, by stage name. */
function dockerStages(text: string): Map<string, Copy[]> {
  const stages = new Map<string, Copy[]>();
  let current: Copy[] | null = null;
  for (const raw of text.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.trim();
    const stage = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (stage?.[1]) {
      current = [];
      stages.set(stage[1], current);
      continue;
    }
    if (!current || !/^COPY\s/i.test(line)) continue;
    const words = line.split(/\s+/).slice(1);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length) ?? null;
    const paths = words.filter((w) => !w.startsWith('--'));
    current.push({ from, sources: paths.slice(0, -1), dest: paths.at(-1) ?? '.' });
  }
  return stages;
}

const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const stages = dockerStages(dockerfile);

/** Copies a stage's files into `dir` (WORKDIR /app), from the checkout or from an earlier stage's folder. */
function reproduce(copies: Copy[], dir: string, stageDirs: Map<string, string>): void {
  for (const copy of copies) {
    for (const source of copy.sources) {
      if (copy.from && source.endsWith('/node_modules')) continue; // the packages: a symlink, below
      const base = copy.from ? stageDirs.get(copy.from) : root;
      if (!base) throw new Error(`COPY --from=${copy.from}: no such stage before this one`);
      const relative = copy.from ? source.replace(/^\/app\/?/, '') : source;
      const target =
        copy.dest.endsWith('/') || copy.sources.length > 1
          ? join(dir, copy.dest, relative.split('/').at(-1) ?? '')
          : join(dir, copy.dest);
      cpSync(join(base, relative), target, { recursive: true });
    }
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

describe('the Dockerfile', () => {
  it('has a build, a deps and a runtime stage on Node 24', () => {
    expect([...stages.keys()]).toEqual(['build', 'deps', 'runtime']);
    expect(dockerfile.match(/^FROM node:24-bookworm-slim/gm)).toHaveLength(3);
    expect(dockerfile).not.toMatch(/npm rebuild|g\+\+|python3/);
  });

  it('builds from the files its build stage copies, and the server starts from the runtime files', async () => {
    const buildDir = mkdtempSync(join(tmpdir(), 'aiguillage-docker-build-'));
    reproduce(stages.get('build') ?? [], buildDir, new Map());
    const build = spawnSync('npm', ['run', 'build'], { cwd: buildDir, encoding: 'utf8' });
    expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);

    const runDir = mkdtempSync(join(tmpdir(), 'aiguillage-docker-run-'));
    reproduce(stages.get('runtime') ?? [], runDir, new Map([['build', buildDir]]));
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'aiguillage-docker-data-'));
    const server = spawn(process.execPath, ['bin/aiguillage.js', 'serve'], {
      cwd: runDir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        WARM_UP: '0',
      },
    });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      let status = 0;
      for (let i = 0; i < 600 && status !== 200 && server.exitCode === null; i++) {
        status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status, output).toBe(200);
      // The widget and the staff page are served from the runtime files too.
      expect((await fetch(`http://127.0.0.1:${port}/widget.js`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/staff/login`)).status).toBe(200);
    } finally {
      server.kill();
    }
  }, 180_000);
});
