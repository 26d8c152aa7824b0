import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { startEmulator } from '../../src/emulator/server.ts';
import { parseKeys } from '../../src/vault/keys.ts';
import { Vault } from '../../src/vault/vault.ts';
import { PUBLIC_URL } from '../helpers/app.ts';
import { emptyDatabaseForProcesses } from '../helpers/db.ts';
import { createMember, insertMetaUser } from '../helpers/factories.ts';
import { runWevion } from '../helpers/process.ts';
import { APP_ID, APP_SECRET, smallWorld } from '../helpers/service.ts';

const line = (stdout: string, name: string) => stdout.trim().split('\n').find((l) => l.slice(6, 16).trim() === name) ?? '';
const OTHER_APP = { id: '888000111222333', secret: 'another-apps-secret-0123456789' };

/**
 * `wevion doctor` asks Meta about the credentials themselves: a wrong secret or app id fails
 * (exit 1) naming the variable, where it used to say all was well; so does a secret that makes
 * the appsecret_proof of the stored tokens wrong (another app's credentials). Real processes.
 */
describe('wevion doctor checks the Meta app credentials', { timeout: 150_000 }, () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let env: Record<string, string>;
  let drop: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const world = smallWorld();
    world.apps.push({ id: OTHER_APP.id, secret: OTHER_APP.secret, name: 'Another app', redirectUris: [`${PUBLIC_URL}/connect/meta/callback`], requireAppsecretProof: true, longLivedReexchange: 'extend' });
    emulator = await startEmulator({ port: 0, world });
    env = { DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wevion-doctor-')), LOG_LEVEL: 'warn', META_APP_ID: APP_ID, META_APP_SECRET: APP_SECRET, META_GRAPH_URL: emulator.url, META_DIALOG_URL: emulator.url, PUBLIC_URL, TOKEN_ENCRYPTION_KEYS: `k1:${randomBytes(32).toString('base64')}` };
    const own = await emptyDatabaseForProcesses();
    if (own) {
      env.DATABASE_URL = own.url;
      drop = own.drop;
    }
    expect((await runWevion(['migrate'], env)).code).toBe(0);
    expect((await runWevion(['jobs', 'run', 'session-cleanup'], env)).code).toBe(0);
    // One stored token of our app, so the doctor has an appsecret_proof to check.
    const minted = (await (await fetch(`${emulator.url}/__control/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ appId: APP_ID, userId: '10001', scopes: ['ads_read'] }) })).json()) as { access_token: string };
    const database = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, poolSize: 2 } : { dataDir: env.DATA_DIR });
    try {
      const member = await createMember(database.db, { workspace: 'Doctor' });
      await insertMetaUser(database.db, new Vault(parseKeys(env.TOKEN_ENCRYPTION_KEYS!)), { workspaceId: member.workspaceId, metaUserId: '10001', token: minted.access_token });
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    await emulator.close();
    await drop();
  });

  it('the right credentials: the app node and a stored token’s appsecret_proof both accepted', async () => {
    const result = await runWevion(['doctor'], env);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(line(result.stdout, 'meta app')).toMatch(/^ok\s+meta app\s+Meta accepts app 777000111222333 \(Wevion test\) and its secret .*; a stored token’s appsecret_proof accepted/);
  });

  it('a wrong META_APP_SECRET fails, naming it', async () => {
    const result = await runWevion(['doctor'], { ...env, META_APP_SECRET: 'not-the-apps-secret-0123456789' });
    expect(result.code).toBe(1);
    expect(line(result.stdout, 'meta app')).toMatch(/^fail\s+meta app\s+Meta refuses the app token made of META_APP_ID and META_APP_SECRET: check META_APP_SECRET .*code 190: Invalid OAuth access token signature/);
    expect(result.stdout + result.stderr).not.toContain('not-the-apps-secret-0123456789');
    expect(result.stdout + result.stderr).not.toContain(APP_SECRET);
  });

  it('a wrong META_APP_ID fails, naming it', async () => {
    const result = await runWevion(['doctor'], { ...env, META_APP_ID: '123456789012345' });
    expect(result.code).toBe(1);
    expect(line(result.stdout, 'meta app')).toMatch(/^fail\s+meta app\s+Meta refuses the app token .*META_APP_ID/);
  });

  it('another app’s credentials: its app node passes, but the stored tokens’ appsecret_proof is refused, naming META_APP_SECRET', async () => {
    const result = await runWevion(['doctor'], { ...env, META_APP_ID: OTHER_APP.id, META_APP_SECRET: OTHER_APP.secret });
    expect(result.code).toBe(1);
    expect(line(result.stdout, 'meta app')).toMatch(/^fail\s+meta app\s+Meta accepts app 888000111222333 .*Meta refuses the appsecret_proof made with META_APP_SECRET for a stored token: check META_APP_SECRET/);
  });

  it('the app deleted on Meta fails, naming META_APP_ID and the deletion', async () => {
    await fetch(`${emulator.url}/__control/apps/${APP_ID}/delete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    try {
      const result = await runWevion(['doctor'], env);
      expect(result.code).toBe(1);
      expect(line(result.stdout, 'meta app')).toMatch(/^fail\s+meta app\s+Meta refuses the app: check META_APP_ID \(777000111222333\), or the app was deleted .*Application has been deleted/);
    } finally {
      await fetch(`${emulator.url}/__control/apps/${APP_ID}/restore`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    }
  });

  it('the API version: its end and days left from Meta’s published dates; ended fails, unknown warns', async () => {
    const current = await runWevion(['doctor'], env);
    expect(line(current.stdout, 'version')).toMatch(/^ok\s+version\s+Meta has not announced the end of v26\.0 \(Graph API and Marketing API\)$/);
    const ended = await runWevion(['doctor'], { ...env, META_GRAPH_VERSION: 'v24.0' });
    expect(ended.code).toBe(1);
    expect(line(ended.stdout, 'version')).toMatch(/^fail\s+version\s+Meta stopped serving v24\.0 on 2026-11-10 \(Marketing \(Ads\) API; \d+ days ago\): set META_GRAPH_VERSION to a version Meta serves/);
    const unknown = await runWevion(['doctor'], { ...env, META_GRAPH_VERSION: 'v99.0' });
    expect(line(unknown.stdout, 'version')).toMatch(/^warn\s+version\s+v99\.0 is not among Meta's published versions/);
  });
});
