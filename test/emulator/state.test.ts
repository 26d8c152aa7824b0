/**
 * The state file (`--state FILE`, `startEmulator({ statePath })`): what the emulator knew survives
 * a restart. Everything goes through HTTP and the file on disk; the CLI tests run the real
 * `emulator` command in its own process and stop it with signals.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import type { SaveTimer } from '../../src/emulator/persistence.ts';
import { APP, Emu, errorOf, proofFor, testWorld, USERS } from './helpers.ts';
import { waitFor } from '../helpers/wait.ts';

const entry = join(import.meta.dirname, 'fixtures', 'cli-entry.ts');
const DAY = 24 * 3600;

const running: RunningEmulator[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const e of running.splice(0)) await e.close().catch(() => undefined);
  vi.restoreAllMocks();
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'emulator-state-'));
  dirs.push(dir);
  return dir;
}

async function tempFile(name = 'emulator-state.json'): Promise<string> {
  return join(await tempDir(), name);
}

async function start(statePath: string, saveTimer?: SaveTimer): Promise<{ emu: Emu; emulator: RunningEmulator }> {
  const emulator = await startEmulator({ port: 0, world: testWorld(), statePath, ...(saveTimer && { saveTimer }) });
  running.push(emulator);
  return { emu: new Emu(emulator.url), emulator };
}

async function stop(emulator: RunningEmulator): Promise<void> {
  running.splice(running.indexOf(emulator), 1);
  await emulator.close();
}

async function virtualNow(emu: Emu): Promise<number> {
  const r = await emu.control<{ now: string }>('GET', '/clock');
  return Date.parse(r.body.now);
}


type Saved = { version: number; tokens: Array<{ token: string }>; world: { adAccounts: unknown[]; apps: Array<{ id: string }> }; [k: string]: unknown };

async function readState(file: string): Promise<Saved> {
  return JSON.parse(await readFile(file, 'utf8')) as Saved;
}

describe('state file, in process', () => {
  it('restores tokens, security events, access changes, grants, apps, limits, the sequence and the clock', async () => {
    const file = await tempFile();
    const first = await start(file);
    let emu = first.emu;
    const giulia = await emu.mint(USERS.giulia.id, ['email', 'ads_read', 'business_management']);
    const marco = await emu.mint(USERS.marco.id, ['ads_read']);
    const system = await emu.mintSystem('300001');
    // A token through the dialog and the long-lived exchange, as the service gets it.
    const short = (await emu.exchangeCode(await emu.loginCode(USERS.emma, ['ads_read', 'pages_show_list']))).body.access_token as string;
    const emma = (await emu.exchangeLong(short)).body.access_token as string;
    const pages = await emu.get<{ data: Array<{ id: string; access_token: string }> }>('/me/accounts', emma);
    const pageToken = pages.body.data[0]?.access_token ?? '';
    expect(pageToken).not.toBe('');

    expect((await emu.control('POST', `/users/${USERS.marco.id}/change-password`, { password: 'new-secret' })).status).toBe(200);
    expect((await emu.control('POST', '/access', { systemUserId: '300001', object: 'act_1', grant: false })).status).toBe(200);
    expect((await emu.control('POST', '/access', { userId: USERS.emma.id, object: 'act_2', grant: true })).status).toBe(200);
    expect((await emu.control('POST', '/apps', { id: '900000000000002', secret: 's2', name: 'Second', redirectUris: [] })).status).toBe(201);
    await emu.control('POST', '/limits', { userCallsPerHour: 1234 });
    await emu.advance(3 * DAY);
    const offsetBefore = (await virtualNow(emu)) - Date.now();
    const giuliaExpiry = (await emu.debug(giulia)).body.data.expires_at;
    expect((await emu.get('/me', marco)).status).toBe(400);
    await stop(first.emulator);

    const second = await start(file);
    emu = second.emu;
    // The clock keeps its offset from real time.
    expect(Math.abs((await virtualNow(emu)) - Date.now() - offsetBefore)).toBeLessThan(2000);
    // Tokens still work, with their expiry and their grants.
    const me = await emu.get<{ id: string; email?: string }>('/me', giulia, { fields: 'id,email' });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: USERS.giulia.id, email: USERS.giulia.email });
    expect((await emu.debug(giulia)).body.data).toMatchObject({ is_valid: true, expires_at: giuliaExpiry });
    expect((await emu.get('/me', emma)).status).toBe(200);
    expect((await emu.get('/me', pageToken)).status).toBe(200);
    expect((await emu.get('/me', system)).status).toBe(200);
    const perms = await emu.get<{ data: Array<{ permission: string; status: string }> }>('/me/permissions', emma);
    expect(perms.body.data).toEqual(expect.arrayContaining([{ permission: 'pages_show_list', status: 'granted' }]));
    // The password change still hits the token issued before it, and the new password is kept.
    const marcoAfter = await emu.get('/me', marco);
    expect(marcoAfter.status).toBe(400);
    expect(errorOf(marcoAfter)).toMatchObject({ code: 190, error_subcode: 460 });
    await emu.loginCode({ email: USERS.marco.email, password: 'new-secret' }, ['ads_read']);
    // The sequence counter was restored: a token issued now comes after the saved events.
    const marcoNew = await emu.mint(USERS.marco.id, ['ads_read']);
    expect((await emu.get('/me', marcoNew)).status).toBe(200);
    // The revoked asset stays hidden, the granted one visible.
    const hidden = await emu.get('/act_1', system);
    expect(hidden.status).toBe(400);
    expect(errorOf(hidden)).toMatchObject({ code: 100, error_subcode: 33 });
    expect((await emu.get('/act_2', emma)).status).toBe(200);
    // Registered apps and limits are kept.
    const appToken = await emu.get('/oauth/access_token', undefined, { grant_type: 'client_credentials', client_id: '900000000000002', client_secret: 's2' });
    expect(appToken.status).toBe(200);
    expect((await emu.control('GET', '/limits')).body).toMatchObject({ userCallsPerHour: 1234 });
  });

  it('writes versioned JSON with mode 0600, atomically, without codes, call log or usage', async () => {
    const file = await tempFile();
    const { emu, emulator } = await start(file);
    const token = await emu.mint(USERS.giulia.id);
    await emu.loginCode(USERS.emma, ['ads_read']);
    await emu.get('/me', token);
    // Saved after the change without waiting for close (debounced, at most once a second).
    await waitFor('the token in the saved state', async () => existsSync(file) && (await readState(file)).tokens.some((t) => t.token === token));
    await stop(emulator);
    const saved = await readState(file);
    expect(saved.version).toBe(1);
    expect(Object.keys(saved).sort()).toEqual(['apps', 'clock', 'deliveries', 'grants', 'integrations', 'limits', 'pageTokens', 'runtime', 'savedAt', 'seq', 'subscriptions', 'tokens', 'version', 'versions', 'world']);
    expect(JSON.stringify(saved)).not.toContain('"AQ');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('keeps the health of apps: deleted, a rotated secret, app-wide invalidations', async () => {
    const file = await tempFile();
    const first = await start(file);
    let emu = first.emu;
    const before = await emu.mint(USERS.giulia.id);
    const marco = await emu.mint(USERS.marco.id, ['ads_read']);
    const secret = (await emu.control<{ secret: string }>('POST', `/apps/${APP.id}/rotate-secret`)).body.secret;
    await emu.control('POST', `/apps/${APP.id}/invalidate-tokens`, { userIds: [USERS.giulia.id] });
    const after = await emu.mint(USERS.giulia.id);
    await emu.control('POST', `/apps/${APP.id}/delete`);
    const health = (await emu.control('GET', `/apps/${APP.id}`)).body;
    await stop(first.emulator);

    const second = await start(file);
    emu = second.emu;
    expect((await emu.control('GET', `/apps/${APP.id}`)).body).toEqual(health);
    expect(errorOf(await emu.get(`/${APP.id}`, undefined, { access_token: `${APP.id}|${secret}` }))).toMatchObject({ code: 101 });
    expect((await emu.control('POST', `/apps/${APP.id}/restore`)).status).toBe(200);
    const withProof = (token: string): Record<string, string> => ({ appsecret_proof: proofFor(token, secret) });
    expect(errorOf(await emu.get('/me', before, withProof(before), false))).toMatchObject({ code: 190, error_subcode: 460 });
    expect((await emu.get('/me', after, withProof(after), false)).status).toBe(200);
    expect((await emu.get('/me', marco, withProof(marco), false)).status).toBe(200);
    // The old secret stays refused.
    expect(errorOf(await emu.get('/me', marco))).toMatchObject({ code: 100, type: 'GraphMethodException' });
  });

  it('loads a state file written before app health (no "apps")', async () => {
    const file = await tempFile();
    const first = await start(file);
    const token = await first.emu.mint(USERS.giulia.id);
    await stop(first.emulator);
    const { apps: _apps, ...older } = await readState(file);
    await writeFile(file, JSON.stringify(older));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const second = await start(file);
    expect(errors).not.toHaveBeenCalled();
    expect((await second.emu.get('/me', token)).status).toBe(200);
    expect((await second.emu.control('GET', `/apps/${APP.id}`)).body).toMatchObject({ deleted: false, secretRotations: 0, invalidations: 0 });
  });

  it('does not save after read-only Graph calls', async () => {
    const file = await tempFile();
    // Every save the emulator plans is seen here, and run at once: no waiting out its debounce.
    let planned = 0;
    const { emu } = await start(file, (save) => {
      planned++;
      setImmediate(save);
      return { cancel: () => {} };
    });
    const token = await emu.mint(USERS.giulia.id);
    await waitFor('the token in the saved state', async () => existsSync(file) && (await readState(file)).tokens.some((t) => t.token === token));
    const plannedBefore = planned;
    expect(plannedBefore).toBeGreaterThan(0);
    const before = await stat(file);
    const text = await readFile(file, 'utf8');
    for (let i = 0; i < 5; i++) {
      expect((await emu.get('/me', token)).status).toBe(200);
      expect((await emu.get('/me/adaccounts', token)).status).toBe(200);
      await emu.control('GET', '/world');
    }
    expect(planned).toBe(plannedBefore);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('POST /__control/reset saves the empty state at once', async () => {
    const file = await tempFile();
    const first = await start(file);
    await first.emu.mint(USERS.giulia.id);
    await first.emu.advance(10 * DAY);
    expect((await first.emu.control('POST', '/reset')).status).toBe(204);
    const saved = await readState(file);
    expect(saved.tokens).toEqual([]);
    expect(saved.world.adAccounts).toEqual([]);
    expect(Math.abs((saved.clock as { offsetMs: number }).offsetMs)).toBeLessThan(2000);
    await stop(first.emulator);
    const second = await start(file);
    expect(((await second.emu.control<{ users: unknown[] }>('GET', '/world')).body.users)).toEqual([]);
  });

  it('keeps a replaced world', async () => {
    const file = await tempFile();
    const first = await start(file);
    const world = testWorld();
    world.adAccounts = world.adAccounts.slice(0, 2);
    world.campaigns = world.campaigns.filter((c) => c.adAccount === 'act_1' || c.adAccount === 'act_2');
    expect((await first.emu.control('PUT', '/world', world)).status).toBe(200);
    await stop(first.emulator);
    const second = await start(file);
    expect((await second.emu.control<{ adAccounts: unknown[] }>('GET', '/world')).body.adAccounts).toHaveLength(2);
  });

  it('starts fresh from the world, with one line on stderr, from a corrupt or unknown-version file', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    for (const content of ['{"version":1,"tokens":[', JSON.stringify({ version: 99, world: testWorld() }), JSON.stringify({ version: 1, world: testWorld(), tokens: 'x' })]) {
      errors.mockClear();
      const file = await tempFile();
      await writeFile(file, content);
      const { emu, emulator } = await start(file);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0]?.[0])).toMatch(/^emulator: ignoring state file .*starting fresh from the world$/);
      expect((await emu.control<{ adAccounts: unknown[] }>('GET', '/world')).body.adAccounts).toHaveLength(4);
      expect((await emu.get('/me', await emu.mint(USERS.giulia.id))).status).toBe(200);
      await stop(emulator);
      // The next save replaced the unusable file.
      expect((await readState(file)).version).toBe(1);
    }
  });
});

function run(args: string[]): { url: Promise<string>; exit: Promise<number | null>; kill(signal: NodeJS.Signals): void; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', () => reject(new Error(`exited before printing: ${err}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { url, exit, kill: (s) => child.kill(s), stderr: () => err };
}

describe('wevion emulator --state', () => {
  it('saves on SIGTERM and SIGINT, and a restarted process knows the tokens and the clock', async () => {
    const dir = await tempDir();
    const worldFile = join(dir, 'world.json');
    await writeFile(worldFile, JSON.stringify(testWorld()));
    const file = join(dir, 'state', 'emulator-state.json');

    // First run: no state file yet, so the world file is used.
    const p1 = run(['--port', '0', '--world', worldFile, '--state', file]);
    let emu = new Emu(await p1.url);
    expect((await emu.control<{ adAccounts: unknown[] }>('GET', '/world')).body.adAccounts).toHaveLength(4);
    const giulia = await emu.mint(USERS.giulia.id);
    const marco = await emu.mint(USERS.marco.id);
    await emu.control('POST', `/users/${USERS.marco.id}/logout`);
    await emu.control('POST', '/access', { userId: USERS.marco.id, object: 'act_3', grant: false });
    await emu.advance(5 * DAY);
    const offset = (await virtualNow(emu)) - Date.now();
    // SIGTERM right away, before the debounced save could run.
    p1.kill('SIGTERM');
    expect(await p1.exit).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readState(file)).tokens.map((t) => t.token)).toEqual(expect.arrayContaining([giulia, marco]));

    // Second run, same state file: the world file is not used any more, the state is.
    const p2 = run(['--port', '0', '--state', file]);
    emu = new Emu(await p2.url);
    expect((await emu.control<{ adAccounts: unknown[] }>('GET', '/world')).body.adAccounts).toHaveLength(4);
    expect(Math.abs((await virtualNow(emu)) - Date.now() - offset)).toBeLessThan(3000);
    expect((await emu.get('/me', giulia)).status).toBe(200);
    expect(errorOf(await emu.get('/me', marco))).toMatchObject({ code: 190, error_subcode: 467 });
    const marcoNew = await emu.mint(USERS.marco.id);
    expect((await emu.get('/act_2', marcoNew)).status).toBe(200);
    expect(errorOf(await emu.get('/act_3', marcoNew))).toMatchObject({ code: 100, error_subcode: 33 });
    await emu.control('POST', `/users/${USERS.giulia.id}/change-password`);
    p2.kill('SIGINT');
    expect(await p2.exit).toBe(0);

    // Third run: the password change made before SIGINT is there.
    const p3 = run(['--port', '0', '--state', file]);
    emu = new Emu(await p3.url);
    expect(errorOf(await emu.get('/me', giulia))).toMatchObject({ code: 190, error_subcode: 460 });
    expect((await emu.get('/me', marcoNew)).status).toBe(200);
    p3.kill('SIGTERM');
    expect(await p3.exit).toBe(0);
    expect(p1.stderr() + p2.stderr() + p3.stderr()).toBe('');
  });

  it('a corrupt state file: one line on stderr, a fresh start from the default world, no crash', async () => {
    const file = await tempFile();
    await writeFile(file, 'not json at all');
    const p = run(['--port', '0', '--state', file]);
    const emu = new Emu(await p.url);
    expect((await emu.control<{ adAccounts: unknown[] }>('GET', '/world')).body.adAccounts).toHaveLength(6);
    expect((await emu.control('GET', '/health')).status).toBe(200);
    p.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    const lines = p.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`emulator: ignoring state file ${file}`);
    expect((await readState(file)).version).toBe(1);
  });
});
