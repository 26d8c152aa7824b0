import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDatabaseForProcesses } from '../helpers/db.ts';
import { freePort, runWevion, spawnWevion, testKeys, waitForHttp } from '../helpers/process.ts';

/**
 * The real program, as an operator runs it. On PostgreSQL runs (DATABASE_URL set) the processes
 * use a database of their own; otherwise embedded PGlite in a temporary DATA_DIR.
 */
describe('wevion processes', () => {
  let env: Record<string, string>;
  let closeDb: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'wevion-proc-'));
    env = {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      META_APP_ID: '1234567890',
      META_APP_SECRET: '0123456789abcdef0123456789abcdef',
      PUBLIC_URL: 'http://127.0.0.1:3000',
      TOKEN_ENCRYPTION_KEYS: testKeys(),
    };
    const own = await emptyDatabaseForProcesses();
    if (own) {
      env.DATABASE_URL = own.url;
      closeDb = own.drop;
    }
  });
  afterAll(() => closeDb());

  it('refuses bad configuration with one line naming the variable, exit 2', async () => {
    const result = await runWevion(['serve'], { ...env, PORT: 'eighty' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^wevion: invalid configuration: PORT: /);
  });

  it('migrates, creates people and API keys from the CLI', async () => {
    const migrated = await runWevion(['migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    // On a new embedded DATA_DIR the database comes from the install's template, migrated already.
    const { applied, fromTemplate } = JSON.parse(migrated.stdout) as { applied: string[]; fromTemplate?: string[] };
    expect([...(fromTemplate ?? []), ...applied]).toContain('001_foundation');
    const created = await runWevion(['users', 'create', '--workspace', 'Rossi Media', '--email', 'marta@rossi.test', '--role', 'admin'], env, 'marta-password\n');
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ member: { email: 'marta@rossi.test', role: 'admin' }, workspaceCreated: true });
    expect(created.stdout).not.toContain('marta-password');
    const duplicate = await runWevion(['users', 'create', '--workspace', 'Rossi Media', '--email', 'marta@rossi.test', '--password', 'another-password'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
    const key = await runWevion(['api-keys', 'create', '--workspace', 'Rossi Media', '--name', 'insights'], env);
    expect(key.code, key.stderr).toBe(0);
    expect(JSON.parse(key.stdout).key).toMatch(/^wevk_/);
    const job = await runWevion(['jobs', 'run', 'session-cleanup'], env);
    expect(job.code, job.stderr).toBe(0);
    expect(JSON.parse(job.stdout)).toEqual({ deleted: 0 });
    const unknown = await runWevion(['jobs', 'run', 'no-such-job'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('known jobs');
  }, 180_000);

  it('serves, exits 0 within 10 s of SIGTERM (the shutdown deadline), and keeps data across a restart', async () => {
    const port = await freePort();
    const serveEnv = { ...env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` };
    const first = spawnWevion(['serve'], serveEnv);
    // How fast it starts is bench/'s business; this bound only keeps a hung start from hanging the suite.
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    if (!env.DATABASE_URL) {
      // Embedded PGlite belongs to one process: a second one refuses clearly.
      const second = await runWevion(['migrate'], env);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/is in use by process \d+/);
    }

    const signIn = await fetch(`http://127.0.0.1:${port}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'marta@rossi.test', password: 'marta-password' }),
    });
    expect(signIn.status).toBe(200);

    const stopAt = Date.now();
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit.code, first.output()).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(10_000);

    const again = spawnWevion(['serve'], serveEnv);
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    const afterRestart = await fetch(`http://127.0.0.1:${port}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'marta@rossi.test', password: 'marta-password' }),
    });
    expect(afterRestart.status).toBe(200);
    again.child.kill('SIGINT');
    expect((await again.exited).code).toBe(0);
  }, 180_000);

  it('runs a worker with health and metrics on its own port, and stops it cleanly', async () => {
    const port = await freePort();
    const worker = spawnWevion(['worker'], { ...env, WORKER_METRICS_PORT: String(port) });
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 50_000);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('wevion_job_duration_seconds');
    expect((await fetch(`http://127.0.0.1:${port}/api/meta-users`)).status).toBe(404);
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code, worker.output()).toBe(0);
  });
});
