import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { startEmulator } from '../../src/emulator/server.ts';
import { parseKeys } from '../../src/vault/keys.ts';
import { Vault } from '../../src/vault/vault.ts';
import { PUBLIC_URL } from '../helpers/app.ts';
import { emptyDatabaseForProcesses } from '../helpers/db.ts';
import { createMember, insertMetaUser } from '../helpers/factories.ts';
import { freePort, runWevion } from '../helpers/process.ts';
import { APP_ID, APP_SECRET, smallWorld } from '../helpers/service.ts';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
type Listed = { id: string; workspace: string; name: string; tokenType: string; status: string; needsReconnect: boolean };

const newKey = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const lines = (stdout: string) => stdout.trim().split('\n');
// A doctor line is the status (5 wide), a space, the check's name (10 wide), the detail.
const line = (stdout: string, name: string) => lines(stdout).find((l) => l.slice(6, 16).trim() === name) ?? '';

/**
 * `wevion tokens …` and `wevion doctor` as an operator runs them: real processes against a temp
 * DATA_DIR (embedded PGlite), or a database of their own when DATABASE_URL is set.
 */
describe('operator CLI', { timeout: 150_000 }, () => {
  let env: Record<string, string>;
  let emulator: Emulator;
  let closeDb: () => Promise<void> = async () => {};
  const oldKey = newKey('old1');
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, world: smallWorld() });
    env = {
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wevion-ops-')),
      LOG_LEVEL: 'warn',
      META_APP_ID: APP_ID,
      META_APP_SECRET: APP_SECRET,
      META_GRAPH_URL: emulator.url,
      META_DIALOG_URL: emulator.url,
      PUBLIC_URL,
      TOKEN_ENCRYPTION_KEYS: oldKey,
    };
    const own = await emptyDatabaseForProcesses();
    if (own) {
      env.DATABASE_URL = own.url;
      closeDb = own.drop;
    }
  });
  afterAll(async () => {
    await emulator.close();
    await closeDb();
  });

  /** Opens the CLI's database in this process (only while no CLI process has it open). */
  async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
    const database = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, poolSize: 2 } : { dataDir: env.DATA_DIR });
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  }

  const secretsIn = (text: string) => {
    for (const key of env.TOKEN_ENCRYPTION_KEYS!.split(',')) expect(text).not.toContain(key.split(':')[1]);
    expect(text).not.toContain(APP_SECRET);
    for (const token of Object.values(tokens)) expect(text).not.toContain(token);
  };

  it('doctor: one line per check, exit 1 while the database is not migrated', async () => {
    const result = await runWevion(['doctor'], env);
    expect(result.code, result.stderr).toBe(1);
    expect(lines(result.stdout)).toHaveLength(8);
    for (const l of lines(result.stdout)) expect(l).toMatch(/^(ok|warn|fail|skip)\s+(config|database|job queue|meta app|version|signals|meta|keys)\s+\S/);
    // Without a database the credentials are still checked, with Meta itself.
    expect(line(result.stdout, 'meta app')).toMatch(/^ok\s+meta app\s+Meta accepts app 777000111222333/);
    expect(line(result.stdout, 'database')).toMatch(/^fail .*wevion migrate/);
    expect(line(result.stdout, 'config')).toMatch(/^ok .*Meta app 777000111222333/);
    secretsIn(result.stdout + result.stderr);
  });

  it('doctor: all checks pass once migrated and the job queue schema exists; --json says the same', async () => {
    expect((await runWevion(['migrate'], env)).code).toBe(0);
    // Any command that starts the queue installs pg-boss's schema (as serve and worker do).
    expect((await runWevion(['jobs', 'run', 'session-cleanup'], env)).code).toBe(0);
    const result = await runWevion(['doctor'], env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // Not subscribed to Meta's webhook, no verify token: a warning (removals are then found later), not a failure.
    expect(lines(result.stdout).map((l) => l.slice(0, 4).trim())).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'warn', 'ok', 'ok']);
    expect(line(result.stdout, 'signals')).toMatch(
      /^warn\s+signals\s+not subscribed to the permissions webhook: run `wevion meta subscribe`; META_WEBHOOK_VERIFY_TOKEN is not set \(Meta’s handshake is refused\); last deauthorize callback never, data deletion callback never, webhook never$/,
    );
    expect(line(result.stdout, 'database')).toMatch(/all \d+ migrations applied/);
    expect(line(result.stdout, 'job queue')).toMatch(/pg-boss schema version \d+/);
    expect(line(result.stdout, 'meta app')).toMatch(/^ok\s+meta app\s+Meta accepts app 777000111222333 \(Wevion test\) and its secret \(GET \/777000111222333 with the app token, \d+ ms\); no stored token to check an appsecret_proof with$/);
    expect(line(result.stdout, 'meta')).toContain(`${emulator.url} reachable: answered HTTP`);
    expect(line(result.stdout, 'keys')).toMatch(/keys old1 \(newest\) from TOKEN_ENCRYPTION_KEYS; 0 secrets/);
    secretsIn(result.stdout + result.stderr);
    if (env.DATABASE_URL) expect(result.stdout).not.toContain(new URL(env.DATABASE_URL).username + '@');
    const json = await runWevion(['doctor', '--json'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, checks: expect.arrayContaining([{ name: 'meta', status: 'ok', detail: expect.any(String) }]) });
  });

  it('doctor: Meta refusing the app fails, with what Meta says now, since when the service recorded it and the checks held', async () => {
    await withDb(async ({ db }) => {
      const at = new Date('2026-03-02T10:00:00.000Z');
      await db.insertInto('meta_app_health').values({ app_id: APP_ID, healthy: false, reason: 'app_invalid', code: 101, message: 'Error validating application. Application has been deleted.', fbtrace_id: 'AxYz', changed_at: at, checked_at: at }).execute();
    });
    await fetch(`${emulator.url}/__control/apps/${APP_ID}/delete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const result = await runWevion(['doctor'], env);
    await fetch(`${emulator.url}/__control/apps/${APP_ID}/restore`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(result.code).toBe(1);
    expect(line(result.stdout, 'meta app')).toBe(
      `fail  meta app   Meta refuses the app: check META_APP_ID (${APP_ID}), or the app was deleted or restricted in Meta's dashboard (Meta answered code 101: Error validating application. Application has been deleted.); the service has recorded Meta refusing the app since 2026-03-02T10:00:00.000Z (app_invalid, code 101: Error validating application. Application has been deleted.); 0 token checks held until it is fixed`,
    );
    // Meta accepts it again while the service still has it recorded: a warning until the minute job sees it.
    const recovered = await runWevion(['doctor'], env);
    expect(line(recovered.stdout, 'meta app')).toMatch(/^warn\s+meta app\s+Meta accepts app .*; but the service has recorded Meta refusing the app since 2026-03-02T10:00:00.000Z/);
    await withDb(async ({ db }) => {
      await db.deleteFrom('meta_app_health').execute();
    });
  });

  it('tokens list: a table or JSON, filtered by status and workspace, never the token', async () => {
    const minted = (await (await fetch(`${emulator.url}/__control/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appId: APP_ID, userId: '10001', scopes: ['ads_read', 'business_management'] }),
    })).json()) as { access_token: string };
    tokens.giulia = minted.access_token;
    tokens.expired = `EAAexpired${randomBytes(16).toString('hex')}`;
    tokens.system = `EAAsystem${randomBytes(16).toString('hex')}`;
    await withDb(async ({ db }) => {
      const vault = new Vault(parseKeys(env.TOKEN_ENCRYPTION_KEYS!));
      const rossi = await createMember(db, { workspace: 'Rossi Media' });
      const other = await createMember(db, { workspace: 'Other Agency' });
      ids.giulia = (await insertMetaUser(db, vault, { workspaceId: rossi.workspaceId, metaUserId: '10001', name: 'Giulia Rossi', token: tokens.giulia! })).id;
      ids.system = (await insertMetaUser(db, vault, { workspaceId: rossi.workspaceId, metaUserId: '30001', name: 'Wevion Sync', token: tokens.system!, tokenType: 'system_user', expiresAt: null })).id;
      ids.expired = (await insertMetaUser(db, vault, { workspaceId: other.workspaceId, metaUserId: '10002', name: 'Mark Doe', token: tokens.expired!, status: 'expired' })).id;
    });

    const table = await runWevion(['tokens', 'list'], env);
    expect(table.code, table.stderr).toBe(0);
    const [header, ...rows] = lines(table.stdout);
    expect(header).toMatch(/^ID\s+WORKSPACE\s+NAME\s+TYPE\s+STATUS\s+EXPIRES \(UTC\)/);
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.startsWith(ids.system!))).toMatch(/Rossi Media\s+Wevion Sync\s+system_user\s+active\s+never/);
    expect(rows.find((r) => r.startsWith(ids.expired!))).toMatch(/Other Agency\s+Mark Doe\s+user\s+expired/);
    secretsIn(table.stdout + table.stderr);

    const json = await runWevion(['tokens', 'list', '--json'], env);
    const listed = (JSON.parse(json.stdout) as { tokens: Listed[] }).tokens;
    expect(listed.map((t) => t.name).sort()).toEqual(['Giulia Rossi', 'Mark Doe', 'Wevion Sync']);
    expect(Object.keys(listed[0]!)).not.toContain('secretId');
    secretsIn(json.stdout);

    const expired = JSON.parse((await runWevion(['tokens', 'list', '--status', 'expired', '--json'], env)).stdout) as { tokens: Listed[] };
    expect(expired.tokens.map((t) => t.id)).toEqual([ids.expired]);
    const rossi = JSON.parse((await runWevion(['tokens', 'list', '--workspace', 'Rossi Media', '--json'], env)).stdout) as { tokens: Listed[] };
    expect(rossi.tokens.map((t) => t.name)).toEqual(['Giulia Rossi', 'Wevion Sync']);
    const unknown = await runWevion(['tokens', 'list', '--workspace', 'Nobody'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('workspace "Nobody" not found');
    expect((await runWevion(['tokens', 'list', '--status', 'broken'], env)).code).not.toBe(0);
  });

  it('tokens verify: asks Meta now and prints the outcome; only a confirmed invalid token changes status', async () => {
    const valid = await runWevion(['tokens', 'verify', ids.giulia!], env);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toMatch(/^valid: Giulia Rossi: Meta accepted the token; it stays active/);

    await fetch(`${emulator.url}/__control/users/10001/change-password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const expired = await runWevion(['tokens', 'verify', ids.giulia!, '--json'], env);
    expect(expired.code, expired.stderr).toBe(0);
    expect(JSON.parse(expired.stdout)).toEqual({ id: ids.giulia, name: 'Giulia Rossi', outcome: 'expired', status: 'expired', lastError: { code: 190, subcode: 460, message: 'Password changed on Meta' } });
    secretsIn(expired.stdout + expired.stderr);

    const again = await runWevion(['tokens', 'verify', ids.giulia!], env);
    expect(again.stdout).toMatch(/^not_active: .*only Active tokens are verified/);
    const bad = await runWevion(['tokens', 'verify', 'giulia'], env);
    expect(bad.code).toBe(2);
    const missing = await runWevion(['tokens', 'verify', '00000000-0000-4000-8000-000000000000'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not found');
  });

  it('doctor: secrets under an older key are a warning to rotate, under an unknown key a failure', async () => {
    const next = newKey('new2');
    const rotating = { ...env, TOKEN_ENCRYPTION_KEYS: `${next},${oldKey}` };
    const before = await runWevion(['doctor'], rotating);
    expect(before.code, before.stdout).toBe(0);
    expect(line(before.stdout, 'keys')).toMatch(/^warn .*keys new2 \(newest\), old1 .*3 of 3 secrets under older keys \(old1\): run `wevion keys rotate`/);
    expect((await runWevion(['keys', 'rotate'], rotating)).code).toBe(0);
    const after = await runWevion(['doctor'], rotating);
    expect(line(after.stdout, 'keys')).toMatch(/^ok .*3 secrets, all under the newest key/);

    const lost = await runWevion(['doctor'], { ...env, TOKEN_ENCRYPTION_KEYS: newKey('other') });
    expect(lost.code).toBe(1);
    expect(line(lost.stdout, 'keys')).toMatch(/^fail .*3 under new2.*cannot be decrypted/);
    secretsIn(before.stdout + after.stdout + lost.stdout);
  });

  it('doctor: an unreachable Meta is a warning (nothing is known to be wrong); in demo mode a stopped emulator too', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const down = await runWevion(['doctor'], { ...env, META_GRAPH_URL: closed });
    // (The keys line fails here: the secrets were rotated to a key this env lacks, above.)
    expect(down.stdout.trim().split('\n').filter((l) => l.startsWith('fail')).map((l) => l.slice(6, 16).trim())).toEqual(['keys']);
    expect(line(down.stdout, 'meta')).toMatch(new RegExp(`^warn .*${closed.replaceAll('.', '\\.')} unreachable`));
    expect(line(down.stdout, 'meta app')).toMatch(new RegExp(`^warn\\s+meta app\\s+credentials not checked: could not ask ${closed.replaceAll('.', '\\.')}`));

    const { META_APP_ID: _id, META_APP_SECRET: _secret, META_GRAPH_URL: _graph, META_DIALOG_URL: _dialog, ...demo } = env;
    const rotated = await runWevion(['doctor'], { ...demo, EMULATOR_PORT: String(await freePort()), TOKEN_ENCRYPTION_KEYS: `${newKey('y')},${oldKey}` });
    expect(line(rotated.stdout, 'meta')).toMatch(/^warn .*demo emulator not running/);
    expect(line(rotated.stdout, 'config')).toMatch(/^ok\s+config\s+demo mode/);
  });
});
