import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashCredential } from '../../src/accounts/secrets.ts';
import { startEmulator } from '../../src/emulator/server.ts';
import { parseKeys } from '../../src/vault/keys.ts';
import { PUBLIC_URL } from '../helpers/app.ts';
import { emptyDatabaseForProcesses } from '../helpers/db.ts';
import { freePort, runWevion, spawnWevion, waitForHttp, type Spawned } from '../helpers/process.ts';
import { APP_ID, APP_SECRET, smallWorld } from '../helpers/service.ts';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type ListedKey = { id: string; workspace: string; name: string; prefix: string; scopes: string[]; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

const newKey = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const lines = (text: string) => text.trim().split('\n');

/**
 * An operator's second day, with the real CLI (PGlite in a temp DATA_DIR, or a PostgreSQL
 * database of its own): key ids that never collide and a duplicate refused at start-up, migrate
 * preparing the job queue, users create's defaults, API keys listed and revoked (and refused by a
 * running `serve`).
 */
describe('operator CLI, day two', { timeout: 180_000 }, () => {
  let env: Record<string, string>;
  let emulator: Emulator;
  let dropDb: () => Promise<void> = async () => {};
  const keys: Record<string, { id: string; key: string }> = {};

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, world: smallWorld() });
    env = {
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wevion-day2-')),
      LOG_LEVEL: 'info',
      META_APP_ID: APP_ID,
      META_APP_SECRET: APP_SECRET,
      META_GRAPH_URL: emulator.url,
      META_DIALOG_URL: emulator.url,
      PUBLIC_URL,
      TOKEN_ENCRYPTION_KEYS: newKey('day2'),
    };
    const own = await emptyDatabaseForProcesses();
    if (own) {
      env.DATABASE_URL = own.url;
      dropDb = own.drop;
    }
  });
  afterAll(async () => {
    await emulator.close();
    await dropDb();
  });

  it('keys generate: a new id every time (the day and a random suffix), usable together; --id is checked', async () => {
    const made = await Promise.all([runWevion(['keys', 'generate'], {}), runWevion(['keys', 'generate'], {})]);
    const ids = made.map((result) => {
      expect(result.code, result.stderr).toBe(0);
      return result.stdout.trim().split(':')[0]!;
    });
    const today = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    for (const id of ids) expect(id).toMatch(new RegExp(`^k(${today}|\\d{8})-[0-9a-f]{6}$`));
    expect(ids[0]).not.toBe(ids[1]);
    expect(parseKeys(made.map((result) => result.stdout.trim()).join(',')).map((key) => key.id)).toEqual(ids);

    const named = await runWevion(['keys', 'generate', '--id', 'rotation-2026'], {});
    expect(named.stdout).toMatch(/^rotation-2026:[A-Za-z0-9+/]{43}=\n$/);
    const bad = await runWevion(['keys', 'generate', '--id', 'not ok!'], {});
    expect(bad.code).toBe(2);
    expect(lines(bad.stderr)).toEqual(['wevion: invalid configuration: --id: key id "not ok!" must be 1-32 letters, digits, _ or -']);
  });

  it('a duplicate key id in TOKEN_ENCRYPTION_KEYS stops every command: exit 2, one line naming the variable and the id', async () => {
    const duplicated = { ...env, TOKEN_ENCRYPTION_KEYS: `${newKey('k20261206')},${newKey('k20261206')}` };
    const commands = [['serve'], ['worker'], ['migrate'], ['doctor'], ['tokens', 'list'], ['api-keys', 'list'], ['jobs', 'list'], ['keys', 'rotate'], ['users', 'create', '--workspace', 'W', '--email', 'x@example.test', '--password', 'long enough']];
    for (const command of commands) {
      const result = await runWevion(command, duplicated);
      expect(result.code, `${command.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stdout, command.join(' ')).toBe('');
      expect(lines(result.stderr), command.join(' ')).toEqual([
        'wevion: invalid configuration: TOKEN_ENCRYPTION_KEYS: key id "k20261206" appears twice; ids must be unique (`wevion keys generate` makes a new id each time)',
      ]);
    }
  });

  it('migrate installs the job queue’s schema too: the doctor’s "job queue" line passes right after it', async () => {
    const migrated = await runWevion(['migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    const answer = JSON.parse(migrated.stdout) as { applied: string[]; fromTemplate?: string[]; jobQueueSchema: number };
    // A new embedded database starts from the template made at install, which holds the migrations of its day.
    expect([...answer.applied, ...(answer.fromTemplate ?? [])]).toContain('014_api_keys_life');
    expect(answer.jobQueueSchema).toBeGreaterThan(0);
    const doctor = await runWevion(['doctor'], env);
    expect(lines(doctor.stdout).find((line) => line.slice(6, 16).trim() === 'job queue')).toBe(`ok    job queue  pg-boss schema version ${answer.jobQueueSchema} installed`);
    // Again: nothing to apply, the schema is there.
    expect(JSON.parse((await runWevion(['migrate'], env)).stdout)).toEqual({ applied: [], jobQueueSchema: answer.jobQueueSchema });
  });

  it('users create: English and no name unless told; one JSON line on stdout and no SMTP warning', async () => {
    const plain = await runWevion(['users', 'create', '--workspace', 'Ops A', '--email', 'anna@example.test', '--role', 'admin'], env, 'correct horse battery\n');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout.endsWith('}\n')).toBe(true);
    expect(lines(plain.stdout)).toHaveLength(1);
    expect(JSON.parse(plain.stdout)).toMatchObject({ member: { email: 'anna@example.test', name: '', locale: 'en', role: 'admin' }, workspaceCreated: true });
    expect(plain.stderr).not.toContain('SMTP');
    const italian = await runWevion(['users', 'create', '--workspace', 'Ops B', '--email', 'giulia@example.test', '--password', 'correct horse battery', '--locale', 'it', '--name', 'Giulia Rossi'], env);
    expect(JSON.parse(italian.stdout)).toMatchObject({ member: { name: 'Giulia Rossi', locale: 'it' } });
    expect(italian.stderr).not.toContain('SMTP');
  });

  it('api-keys list and revoke: never the key, newest first, per workspace; an unknown id is exit 1', async () => {
    for (const [name, workspace] of [['insights', 'Ops A'], ['launcher', 'Ops A'], ['reports', 'Ops B']] as const) {
      const created = await runWevion(['api-keys', 'create', '--workspace', workspace, '--name', name, '--scope', 'read'], env);
      expect(created.code, created.stderr).toBe(0);
      keys[name] = JSON.parse(created.stdout) as { id: string; key: string };
    }
    const listed = await runWevion(['api-keys', 'list', '--json'], env);
    expect(listed.code, listed.stderr).toBe(0);
    const all = (JSON.parse(listed.stdout) as { apiKeys: ListedKey[] }).apiKeys;
    expect(all.map((k) => k.name)).toEqual(['reports', 'launcher', 'insights']);
    expect(Object.keys(all[0]!).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name', 'prefix', 'revokedAt', 'scopes', 'workspace']);
    expect(all[2]).toMatchObject({ id: keys.insights!.id, workspace: 'Ops A', prefix: keys.insights!.key.slice(0, 10), scopes: ['read'], lastUsedAt: null, revokedAt: null });
    for (const { key } of Object.values(keys)) {
      expect(listed.stdout + listed.stderr).not.toContain(key);
      expect(listed.stdout).not.toContain(hashCredential(key));
    }
    const opsA = JSON.parse((await runWevion(['api-keys', 'list', '--workspace', 'Ops A', '--json'], env)).stdout) as { apiKeys: ListedKey[] };
    expect(opsA.apiKeys.map((k) => k.name)).toEqual(['launcher', 'insights']);
    const table = await runWevion(['api-keys', 'list', '--workspace', 'Ops B'], env);
    expect(lines(table.stdout)[0]).toMatch(/^ID\s+WORKSPACE\s+NAME\s+KEY\s+SCOPES\s+CREATED \(UTC\)\s+LAST USED \(UTC\)\s+REVOKED \(UTC\)$/);
    expect(lines(table.stdout)[1]).toMatch(new RegExp(`^${keys.reports!.id}\\s+Ops B\\s+reports\\s+${keys.reports!.key.slice(0, 10).replace(/[-_]/g, '.')}…\\s+read\\s+\\S+ \\S+\\s+never\\s+—$`));

    const unknown = await runWevion(['api-keys', 'revoke', '00000000-0000-4000-8000-000000000000'], env);
    expect(unknown.code).toBe(1);
    expect(lines(unknown.stderr)).toEqual(['wevion: API key 00000000-0000-4000-8000-000000000000 not found']);
    const nonsense = await runWevion(['api-keys', 'revoke', 'insights'], env);
    expect(nonsense.code).toBe(1);
    expect(nonsense.stderr).toContain('API key insights not found');
    const missing = await runWevion(['api-keys', 'list', '--workspace', 'Nobody'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('workspace "Nobody" not found');
  });

  it('a key revoked with the CLI is refused by a running serve at its next request (on PostgreSQL while it runs; on PGlite, which one process holds, across a restart)', async () => {
    const port = await freePort();
    const serveEnv = { ...env, PORT: String(port) };
    const base = `http://127.0.0.1:${port}`;
    const call = (key: string) => fetch(`${base}/api/meta-users`, { headers: { authorization: `Bearer ${key}` } });
    let serve: Spawned | undefined = spawnWevion(['serve'], serveEnv);
    const start = async () => {
      await waitForHttp(`${base}/healthz`, 60_000);
    };
    const stop = async () => {
      serve?.child.kill('SIGTERM');
      await serve?.exited;
      serve = undefined;
    };
    try {
      await start();
      expect((await call(keys.launcher!.key)).status).toBe(200);
      expect((await call(keys.insights!.key)).status).toBe(200);
      // serve and worker say it once at start: alert emails are off.
      expect(serve.output()).toContain('SMTP_URL is not set');
      if (!env.DATABASE_URL) await stop();

      const revoked = await runWevion(['api-keys', 'revoke', keys.launcher!.id], env);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stdout).toMatch(new RegExp(`^API key ${keys.launcher!.id} \\(launcher, Ops A\\) revoked at \\S+Z: every process refuses it from its next request\\n$`));

      if (!serve) {
        serve = spawnWevion(['serve'], serveEnv);
        await start();
      }
      expect((await call(keys.launcher!.key)).status).toBe(401);
      expect((await call(keys.insights!.key)).status).toBe(200);
      await stop();

      const after = (JSON.parse((await runWevion(['api-keys', 'list', '--json'], env)).stdout) as { apiKeys: ListedKey[] }).apiKeys;
      const launcher = after.find((k) => k.id === keys.launcher!.id)!;
      expect(launcher.revokedAt).toMatch(/Z$/);
      // The uses served before were recorded (to the minute); the never-used key says so.
      expect(after.find((k) => k.id === keys.insights!.id)!.lastUsedAt).toMatch(/Z$/);
      expect(after.find((k) => k.id === keys.reports!.id)!.lastUsedAt).toBeNull();
      const again = await runWevion(['api-keys', 'revoke', keys.launcher!.id, '--json'], env);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ alreadyRevoked: true, apiKey: { id: keys.launcher!.id, revokedAt: launcher.revokedAt } });
    } finally {
      await stop();
    }
  });
});
