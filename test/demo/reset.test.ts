import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, ensureDemoAccount } from '../../src/accounts/accounts.ts';
import { findMemberByEmail } from '../../src/accounts/accounts.queries.ts';
import type { Database } from '../../src/db/database.ts';
import { resetDemo } from '../../src/demo/reset.ts';
import { SEEDED_MARKER } from '../../src/demo/seed.ts';
import { findByMetaId } from '../../src/tokens/tokens.queries.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { createMember, insertMetaUser, testVault } from '../helpers/factories.ts';
import { freePort, runWevion } from '../helpers/process.ts';

const vault = testVault();
const made: string[] = [];

function demoDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wevion-demo-reset-'));
  made.push(dir);
  for (const name of ['emulator-state.json', SEEDED_MARKER, 'demo-app.json']) writeFileSync(path.join(dir, name), '{}');
  return dir;
}

describe('wevion demo reset', { timeout: 120_000 }, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('deletes the demo workspace and what the emulator knew; other workspaces stay; the next start creates the demo account again', async () => {
    const db = database.db;
    const demo = await ensureDemoAccount(db);
    await insertMetaUser(db, vault, { workspaceId: demo.workspaceId, metaUserId: '10228401551906001', token: 'EAAdemo-token-0123456789abcdef', connectedBy: demo.id });
    const other = await createMember(db, { workspace: 'Real Agency' });
    await insertMetaUser(db, vault, { workspaceId: other.workspaceId, metaUserId: '10228401551906001', token: 'EAAreal-token-0123456789abcdef', connectedBy: other.id });
    const dataDir = demoDataDir();

    const result = await resetDemo({ db, dataDir, demoMode: true });

    expect(result.workspacesDeleted).toBe(1);
    expect(result.filesRemoved.map((file) => path.basename(file)).sort()).toEqual([SEEDED_MARKER, 'emulator-state.json'].sort());
    expect(existsSync(path.join(dataDir, 'emulator-state.json'))).toBe(false);
    expect(existsSync(path.join(dataDir, SEEDED_MARKER))).toBe(false);
    // The demo app's credentials stay: the registration on the next start reuses them.
    expect(existsSync(path.join(dataDir, 'demo-app.json'))).toBe(true);
    expect(await findMemberByEmail(db, DEMO_EMAIL)).toBeUndefined();
    expect(await findByMetaId(db, demo.workspaceId, '10228401551906001')).toBeUndefined();
    expect(await findByMetaId(db, other.workspaceId, '10228401551906001')).toMatchObject({ workspaceId: other.workspaceId });

    const again = await ensureDemoAccount(db);
    expect(again.workspaceId).not.toBe(demo.workspaceId);
    // A second reset finds nothing left to remove but the new, empty workspace.
    expect(await resetDemo({ db, dataDir, demoMode: true })).toEqual({ workspacesDeleted: 1, filesRemoved: [] });
  });

  it('refuses outside demo mode and deletes nothing', async () => {
    const db = database.db;
    const demo = await ensureDemoAccount(db);
    const dataDir = demoDataDir();
    await expect(resetDemo({ db, dataDir, demoMode: false })).rejects.toMatchObject({ code: 'not_demo' });
    expect(await findMemberByEmail(db, DEMO_EMAIL)).toMatchObject({ workspaceId: demo.workspaceId });
    expect(existsSync(path.join(dataDir, 'emulator-state.json'))).toBe(true);
  });

  it('as a command: refuses with a real Meta app (exit 2), resets the embedded demo DATA_DIR (exit 0)', async () => {
    const dataDir = demoDataDir();
    const real = await runWevion(['demo', 'reset'], { DATA_DIR: dataDir, META_APP_ID: '1234567890', META_APP_SECRET: '0123456789abcdef0123456789abcdef', PUBLIC_URL: 'https://wevion.example' });
    expect(real.code).toBe(2);
    expect(real.stderr).toContain('demo mode only');
    expect(existsSync(path.join(dataDir, 'emulator-state.json'))).toBe(true);

    const demo = await runWevion(['demo', 'reset'], { DATA_DIR: dataDir, EMULATOR_PORT: String(await freePort()), LOG_LEVEL: 'warn' });
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(JSON.parse(demo.stdout)).toMatchObject({ workspacesDeleted: 0, filesRemoved: [path.join(dataDir, 'emulator-state.json'), path.join(dataDir, SEEDED_MARKER)] });
    expect(existsSync(path.join(dataDir, SEEDED_MARKER))).toBe(false);
  });
});
