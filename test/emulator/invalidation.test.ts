import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import { APP, Emu, USERS, errorOf, proofFor, testWorld } from './helpers.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

let running: RunningEmulator;
let emu: Emu;
const DAY = 86_400;

beforeAll(async () => {
  running = await startEmulator({ port: 0, world: testWorld() });
  emu = new Emu(running.url);
});
afterAll(() => running.close());
beforeEach(async () => {
  await emu.control('POST', '/reset');
  await emu.control('PUT', '/world', testWorld());
});

async function expect190(token: string, subcode: number | undefined, message: RegExp): Promise<void> {
  const r = await emu.get(`/${DEFAULT_GRAPH_VERSION}/me`, token);
  expect(r.status).toBe(400);
  const err = errorOf(r);
  expect(err).toMatchObject({ code: 190, type: 'OAuthException' });
  expect(err.error_subcode).toBe(subcode);
  expect(err.message).toMatch(message);
  expect(err.fbtrace_id).toBe(r.headers.get('x-fb-trace-id'));
  expect(r.headers.get('www-authenticate')).toContain('invalid_token');
}

describe('token invalidation with Meta’s codes', () => {
  it('expiry by the virtual clock: 190/463', async () => {
    const token = await emu.mint(USERS.giulia.id, ['ads_read'], 'short');
    expect((await emu.get('/me', token)).status).toBe(200);
    await emu.advance(2 * 3600);
    await expect190(token, 463, /^Error validating access token: Session has expired on \w+day, \d\d-\w{3}-\d\d \d\d:\d\d:\d\d P[SD]T\. The current time is .+ P[SD]T\.$/);
  });

  it('a long-lived token lives ~60 days', async () => {
    const token = await emu.mint(USERS.giulia.id, ['ads_read'], 'long');
    await emu.advance(59 * DAY);
    expect((await emu.get('/me', token)).status).toBe(200);
    await emu.advance(1 * DAY);
    await expect190(token, 463, /Session has expired/);
  });

  it('password change: 190/460, and tokens issued afterwards work', async () => {
    const token = await emu.mint(USERS.giulia.id);
    await emu.control('POST', `/users/${USERS.giulia.id}/change-password`, { password: 'new-pass' });
    await expect190(token, 460, /user changed their password/);
    const code = await emu.loginCode({ email: USERS.giulia.email, password: 'new-pass' });
    const fresh = String((await emu.exchangeCode(code)).body.access_token);
    expect((await emu.get('/me', fresh)).status).toBe(200);
  });

  it('app removed: 190/458 naming the app, and the permissions are gone', async () => {
    const token = await emu.mint(USERS.giulia.id);
    await emu.control('POST', `/users/${USERS.giulia.id}/remove-app`, { appId: APP.id });
    await expect190(token, 458, new RegExp(`has not authorized application ${APP.id}`));
    const debug = await emu.debug(token);
    expect(debug.body.data).toMatchObject({ is_valid: false, error: { code: 190, subcode: 458 } });
  });

  it('checkpoint: 190/459', async () => {
    const token = await emu.mint(USERS.giulia.id);
    await emu.control('POST', `/users/${USERS.giulia.id}/checkpoint`);
    await expect190(token, 459, /You cannot access the app till you log in to www\.facebook\.com/);
  });

  it('logged out: 190/467', async () => {
    const token = await emu.mint(USERS.giulia.id);
    await emu.control('POST', `/users/${USERS.giulia.id}/logout`);
    await expect190(token, 467, /the user logged out/);
  });

  it('90 days without a login: 190/493, even for a token re-exchanged in time', async () => {
    const code = await emu.loginCode(USERS.giulia);
    const short = String((await emu.exchangeCode(code)).body.access_token);
    const long = String((await emu.exchangeLong(short)).body.access_token);
    await emu.advance(55 * DAY);
    const renewed = String((await emu.exchangeLong(long)).body.access_token);
    await emu.advance(34 * DAY);
    expect((await emu.get('/me', renewed)).status).toBe(200);
    await emu.advance(1 * DAY);
    await expect190(renewed, 493, /Data access has expired/);
    const refused = await emu.exchangeLong(renewed);
    expect(errorOf(refused)).toMatchObject({ code: 190, error_subcode: 493 });
  });

  it('a malformed token: 190 without subcode', async () => {
    await expect190('EAAgarbage', undefined, /^Invalid OAuth access token - Cannot parse access token$/);
  });

  it('the earliest cause wins when several apply', async () => {
    const token = await emu.mint(USERS.giulia.id, ['ads_read'], 'short');
    await emu.control('POST', `/users/${USERS.giulia.id}/logout`);
    await emu.advance(3 * 3600);
    await emu.control('POST', `/users/${USERS.giulia.id}/change-password`);
    await expect190(token, 467, /logged out/);
  });

  it('page and system tokens: a page token dies with its user’s session, a system token does not', async () => {
    const user = await emu.mint(USERS.giulia.id);
    const pages = await emu.get<{ data: Array<{ access_token: string }> }>('/me/accounts', user);
    const pageToken = pages.body.data[0]!.access_token;
    const system = await emu.mintSystem('300001');
    await emu.control('POST', `/users/${USERS.giulia.id}/change-password`);
    await expect190(pageToken, 460, /password/);
    await emu.advance(400 * DAY);
    expect((await emu.get('/me', system)).status).toBe(200);
  });
});

describe('appsecret_proof', () => {
  it('is required when the app requires it', async () => {
    const token = await emu.mint(USERS.giulia.id);
    const r = await emu.get('/me', token, {}, false);
    expect(r.status).toBe(400);
    expect(errorOf(r)).toMatchObject({ code: 100, type: 'GraphMethodException', message: 'API calls from the server require an appsecret_proof argument' });
  });

  it('must be right whenever it is sent', async () => {
    const token = await emu.mint(USERS.giulia.id);
    const r = await emu.get('/me', token, { appsecret_proof: proofFor(token, 'wrong-secret') }, false);
    expect(errorOf(r)).toMatchObject({ code: 100, type: 'GraphMethodException', message: 'Invalid appsecret_proof provided in the API argument' });
  });

  it('is optional when the app does not require it', async () => {
    const world = testWorld();
    world.apps[0] = { ...world.apps[0]!, requireAppsecretProof: false };
    await emu.control('PUT', '/world', world);
    const token = await emu.mint(USERS.giulia.id);
    expect((await emu.get('/me', token, {}, false)).status).toBe(200);
  });
});

describe('token transport', () => {
  it('accepts the token in an Authorization header (Bearer or OAuth) and in a POST body', async () => {
    const token = await emu.mint(USERS.giulia.id);
    const proof = proofFor(token);
    for (const scheme of ['Bearer', 'OAuth']) {
      const r = await emu.fetchJson(`${running.url}/me?appsecret_proof=${proof}`, { headers: { authorization: `${scheme} ${token}` } });
      expect(r.body).toEqual({ name: USERS.giulia.name, id: USERS.giulia.id });
    }
    const json = await emu.fetchJson(`${running.url}/${DEFAULT_GRAPH_VERSION}/700001`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'PAUSED', access_token: token, appsecret_proof: proof }),
    });
    expect(json.body).toEqual({ success: true });
  });

  it('answers a call without a token with Meta’s errors', async () => {
    const me = await emu.get('/me');
    expect(errorOf(me)).toMatchObject({ code: 2500 });
    const other = await emu.get('/act_1');
    expect(errorOf(other)).toMatchObject({ code: 104 });
  });
});
