/**
 * Meta's API versions as the emulator plays them (docs/emulator.md, "API versions"): the
 * `facebook-api-version` header on every answer, retired Graph versions served as the oldest one
 * left, Ads API calls to ended Marketing API versions refused with 2635, unknown versions refused
 * with 2500, and the version each call asked for in the call log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { API_VERSIONS, DEFAULT_GRAPH_VERSION, compareVersions, newestVersion } from '../../src/meta-facts/api-versions.ts';
import { APP, Emu, errorOf, testWorld, USERS } from './helpers.ts';

let running: RunningEmulator;
let emu: Emu;
let token: string;

/** The table's Graph versions, oldest first: what a retired version falls back to. */
const GRAPH_OLDEST_FIRST = API_VERSIONS.filter((v) => v.graph).map((v) => v.version).sort(compareVersions);
const OLDEST = GRAPH_OLDEST_FIRST[0] ?? '';
const SECOND = GRAPH_OLDEST_FIRST[1] ?? '';
const THIRD = GRAPH_OLDEST_FIRST[2] ?? '';
/** A Graph version other than the default, older than it. */
const OLDER = GRAPH_OLDEST_FIRST.filter((v) => compareVersions(v, DEFAULT_GRAPH_VERSION) < 0).at(-1) ?? '';

beforeAll(async () => {
  running = await startEmulator({ port: 0, world: testWorld() });
  emu = new Emu(running.url);
});
afterAll(() => running.close());

beforeEach(async () => {
  await emu.control('POST', '/reset');
  await emu.control('PUT', '/world', testWorld());
  token = await emu.mint(USERS.giulia.id);
});

const version = (r: { headers: Headers }): string | null => r.headers.get('facebook-api-version');

describe('the facebook-api-version header', () => {
  it('names the version that served every answer: Graph, OAuth, debug_token, dialog, errors, faults', async () => {
    expect(OLDER).not.toBe('');
    expect(version(await emu.get(`/${OLDER}/me`, token))).toBe(OLDER);
    expect(version(await emu.get(`/${DEFAULT_GRAPH_VERSION}/me`, token))).toBe(DEFAULT_GRAPH_VERSION);
    // Unversioned: the app's default version.
    expect(version(await emu.get('/me', token))).toBe(DEFAULT_GRAPH_VERSION);
    const refused = await emu.get(`/${OLDER}/me`, 'EAAnotatoken');
    expect(refused.status).toBe(400);
    expect(version(refused)).toBe(OLDER);
    const oauth = await emu.get(`/${OLDER}/oauth/access_token`, undefined, { grant_type: 'client_credentials', client_id: APP.id, client_secret: APP.secret });
    expect(oauth.status).toBe(200);
    expect(version(oauth)).toBe(OLDER);
    expect(version(await emu.get(`/${OLDER}/debug_token`, undefined, { input_token: token, access_token: `${APP.id}|${APP.secret}` }))).toBe(OLDER);
    const dialog = await fetch(`${emu.url}/${OLDER}/dialog/oauth?client_id=${APP.id}&redirect_uri=${encodeURIComponent(APP.redirect)}&response_type=code`);
    expect(dialog.status).toBe(200);
    expect(version(dialog)).toBe(OLDER);
    // A body the emulator cannot read is answered before anything else, with the header too.
    const badBody = await fetch(`${emu.url}/${OLDER}/me`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(badBody.status).toBe(400);
    expect(version(badBody)).toBe(OLDER);
    // A fault's answer carries it, unless the fault names its own (to play Meta answering another version).
    await emu.control('POST', '/faults', { match: { path: '^/me$' }, respond: { status: 500, body: { error: { message: 'x', code: 1 } } }, times: 1 });
    expect(version(await emu.get(`/${OLDER}/me`, token))).toBe(OLDER);
    await emu.control('POST', '/faults', { match: { path: '^/me$' }, respond: { status: 200, body: { id: '1' }, headers: { 'facebook-api-version': OLDEST } }, times: 1 });
    expect(version(await emu.get(`/${OLDER}/me`, token))).toBe(OLDEST);
    // The control API is not Meta.
    expect(version(await emu.control('GET', '/health'))).toBeNull();
  });
});

describe('POST|GET /__control/versions', () => {
  it('sets, shows, validates and resets the retired lists', async () => {
    const initial = await emu.control('GET', '/versions');
    expect(initial.body).toEqual({
      retired: [], adsRetired: [], served: API_VERSIONS.map((v) => v.version), default: DEFAULT_GRAPH_VERSION, fallback: OLDEST,
    });
    const set = await emu.control('POST', '/versions', { retired: [OLDEST, SECOND, SECOND], adsRetired: [THIRD] });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ retired: [SECOND, OLDEST], adsRetired: [THIRD], fallback: THIRD });
    expect((set.body.served as string[]).includes(OLDEST)).toBe(false);
    // A list left out stays; a list given replaces.
    expect((await emu.control('POST', '/versions', { adsRetired: [] })).body).toMatchObject({ retired: [SECOND, OLDEST], adsRetired: [] });
    expect((await emu.control('POST', '/versions', { retired: [SECOND] })).body).toMatchObject({ retired: [SECOND], fallback: OLDEST });

    for (const bad of [{ retired: ['v99.0'] }, { adsRetired: ['v2.0'] }, { retired: 'v16.0' }, { retired: [16] }, { retired: GRAPH_OLDEST_FIRST }]) {
      const refused = await emu.control<{ error: { message: string } }>('POST', '/versions', bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(refused.body.error.message).toMatch(/retired|adsRetired/);
    }
    // Nothing changed by the refused calls.
    expect((await emu.control('GET', '/versions')).body).toMatchObject({ retired: [SECOND], adsRetired: [] });
    await emu.control('POST', '/reset');
    expect((await emu.control('GET', '/versions')).body).toMatchObject({ retired: [], adsRetired: [], fallback: OLDEST });
  });
});

describe('retired Graph versions', () => {
  it('are served as the oldest version not retired, and so are versions older than the table', async () => {
    await emu.control('POST', '/versions', { retired: [OLDEST, SECOND, OLDER] });
    const me = await emu.get<{ id: string }>(`/${OLDER}/me`, token, { fields: 'id' });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: USERS.giulia.id });
    expect(version(me)).toBe(THIRD);
    // A version older than every one Meta lists is long retired.
    const ancient = await emu.get(`/v2.0/me`, token);
    expect(ancient.status).toBe(200);
    expect(version(ancient)).toBe(THIRD);
    // Unversioned calls follow the default, and its retirement.
    await emu.control('POST', '/versions', { retired: [OLDEST, DEFAULT_GRAPH_VERSION] });
    expect(version(await emu.get('/me', token))).toBe(SECOND);
    expect(version(await emu.get(`/${OLDER}/me`, token))).toBe(OLDER);
  });
});

describe('ads-retired versions', () => {
  const deprecated = {
    message: `(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: ${newestVersion('marketing')}.`,
    type: 'OAuthException',
    code: 2635,
  };

  it('refuse Ads API calls (ad accounts, their edges, insights, campaigns) with 2635, and nothing else', async () => {
    await emu.control('POST', '/versions', { adsRetired: [OLDER] });
    for (const path of ['/act_1', '/act_1/insights', '/act_1/campaigns', '/act_1/adspixels', '/700001']) {
      const r = await emu.get(`/${OLDER}${path}`, token);
      expect(r.status, path).toBe(400);
      expect(r.body).toEqual({ error: { ...deprecated, fbtrace_id: expect.any(String) } });
      expect(version(r)).toBe(OLDER);
    }
    const pause = await emu.post(`/${OLDER}/700001`, { status: 'PAUSED' }, token);
    expect(pause.status).toBe(400);
    expect(errorOf(pause).code).toBe(2635);
    // The campaign was not touched.
    expect((await emu.get<{ status: string }>(`/${DEFAULT_GRAPH_VERSION}/700001`, token, { fields: 'status' })).body.status).toBe('ACTIVE');
    // The Graph API still serves that version; another version serves the Ads API.
    expect((await emu.get(`/${OLDER}/me`, token)).status).toBe(200);
    expect((await emu.get(`/${OLDER}/me/adaccounts`, token)).status).toBe(200);
    expect((await emu.get(`/${DEFAULT_GRAPH_VERSION}/act_1/insights`, token)).status).toBe(200);
    // A dead token is still told it is dead (the token is judged first).
    await emu.control('POST', `/users/${USERS.giulia.id}/logout`);
    expect(errorOf(await emu.get(`/${OLDER}/act_1`, token))).toMatchObject({ code: 190, error_subcode: 467 });
  });

  it('compare the version asked for, even when the Graph API serves the call as another', async () => {
    await emu.control('POST', '/versions', { retired: [OLDER], adsRetired: [OLDER] });
    const r = await emu.get(`/${OLDER}/act_1`, token);
    expect(r.status).toBe(400);
    expect(errorOf(r).code).toBe(2635);
    expect(version(r)).toBe(OLDEST);
    // Retired for the Graph API only: served as the fallback, and served.
    await emu.control('POST', '/versions', { adsRetired: [] });
    const served = await emu.get(`/${OLDER}/act_1`, token);
    expect(served.status).toBe(200);
    expect(version(served)).toBe(OLDEST);
    // Older than the table: ended for both APIs.
    expect(errorOf(await emu.get('/v2.0/act_1', token)).code).toBe(2635);
    // Unversioned: the default version is compared.
    await emu.control('POST', '/versions', { adsRetired: [DEFAULT_GRAPH_VERSION] });
    expect(errorOf(await emu.get('/act_1', token)).code).toBe(2635);
  });
});

describe('unknown versions', () => {
  it('answer 400 code 2500 naming the path, before any fault, and are logged with the version asked', async () => {
    await emu.control('POST', '/faults', { match: { path: '^/me$' }, respond: { status: 500, body: 'fault' } });
    for (const path of ['/v99.0/me', '/v24.5/act_1/insights', '/v26.9/oauth/access_token']) {
      const r = await emu.get(path, token);
      expect(r.status, path).toBe(400);
      expect(r.body).toEqual({ error: { message: `Unknown path components: ${path}`, type: 'OAuthException', code: 2500, fbtrace_id: expect.any(String) } });
      expect(version(r)).toBe(DEFAULT_GRAPH_VERSION);
    }
    await emu.control('DELETE', '/faults');
    const calls = (await emu.control<{ calls: Array<{ path: string; version: string | null; status: number; errorCode: number | null }> }>('GET', '/calls')).body.calls;
    expect(calls[0]).toMatchObject({ path: '/me', version: 'v99.0', status: 400, errorCode: 2500 });
    expect(calls[1]).toMatchObject({ path: '/act_1/insights', version: 'v24.5', errorCode: 2500 });
  });
});

describe('the call log', () => {
  it('carries the version each call asked for, null when unversioned', async () => {
    await emu.control('POST', '/versions', { retired: [OLDER] });
    await emu.get(`/${OLDER}/me`, token);
    await emu.get('/me', token);
    await emu.get(`/${DEFAULT_GRAPH_VERSION}/act_1`, token);
    const calls = (await emu.control<{ calls: Array<{ version: string | null }> }>('GET', '/calls')).body.calls;
    expect(calls.map((c) => c.version)).toEqual([OLDER, null, DEFAULT_GRAPH_VERSION]);
  });
});

describe('with a state file', () => {
  it('keeps the retired versions across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-versions-'));
    try {
      const statePath = join(dir, 'state.json');
      const first = await startEmulator({ port: 0, world: testWorld(), statePath });
      await new Emu(first.url).control('POST', '/versions', { retired: [OLDEST], adsRetired: [OLDER] });
      await first.close();
      const second = await startEmulator({ port: 0, world: testWorld(), statePath });
      try {
        expect((await new Emu(second.url).control('GET', '/versions')).body).toMatchObject({ retired: [OLDEST], adsRetired: [OLDER], fallback: SECOND });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
