import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide } from '../../src/assets/broker.ts';
import type { Reacher } from '../../src/assets/reach.queries.ts';
import { TokenUnavailableError } from '../../src/tokens/token-access.ts';
import { getMetaUser } from '../../src/tokens/tokens.queries.ts';
import { USERS } from '../emulator/helpers.ts';
import { createHarness, graphCalls, type Harness } from './harness.ts';

const DAY = 86_400_000;
const reacher = (id: string, values: Partial<Reacher> = {}): Reacher => ({
  profileId: id,
  name: `Profile ${id}`,
  status: 'active',
  tokenType: 'user',
  expiresAt: new Date(Date.parse('2026-06-01T00:00:00Z')),
  grantedScopes: ['ads_read', 'ads_management'],
  live: true,
  ...values,
});

describe('decide (pure)', () => {
  it('prefers System User tokens, then the user token that expires last', () => {
    const decision = decide(
      [
        reacher('a', { expiresAt: new Date('2026-05-01T00:00:00Z') }),
        reacher('b', { expiresAt: new Date('2026-07-01T00:00:00Z') }),
        reacher('c', { tokenType: 'system_user', expiresAt: null }),
        reacher('d', { status: 'expired' }),
      ],
      'ads_management',
    );
    expect(decision.ok && decision.candidates.map((c) => c.profileId)).toEqual(['c', 'b', 'a']);
  });

  it('needs the purpose among the granted scopes (managing implies reading)', () => {
    const reading = [reacher('a', { grantedScopes: ['ads_read'] })];
    expect(decide(reading, 'ads_read').ok).toBe(true);
    expect(decide(reading, 'ads_management')).toMatchObject({ ok: false, reason: 'scope_declined' });
    expect(decide([reacher('b', { grantedScopes: ['ads_management'] })], 'ads_read').ok).toBe(true);
  });

  it('says why nobody may: expired before inactive before declined scope before no permission', () => {
    expect(decide([reacher('a', { status: 'inactive', live: false }), reacher('b', { status: 'expired', live: false })], 'ads_read')).toMatchObject({ reason: 'token_expired' });
    expect(decide([reacher('a', { status: 'inactive', live: false })], 'ads_read')).toMatchObject({ reason: 'token_inactive' });
    expect(decide([reacher('a', { grantedScopes: [] })], 'ads_read')).toMatchObject({ reason: 'scope_declined' });
    expect(decide([], 'ads_read')).toMatchObject({ reason: 'no_permission' });
  });

  it('uses a lapsed permission of a profile that is Active again, after the live ones', () => {
    const decision = decide([reacher('lapsed', { live: false, tokenType: 'system_user' }), reacher('live')], 'ads_read');
    expect(decision.ok && decision.candidates.map((c) => c.profileId)).toEqual(['live', 'lapsed']);
  });
});

describe('the broker with the emulator', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const whoReads = (adAccountId: string, purpose: 'ads_read' | 'ads_management' = 'ads_read') =>
    h.assets.broker.withAssetToken(h.admin.workspaceId, { adAccountId }, purpose, async (token, metaUser) => {
      await h.graph.campaigns(token, adAccountId);
      return metaUser.metaUserId;
    });

  it('picks the System User token first, then the user token that expires last', async () => {
    await h.connect({ userId: USERS.giulia.id, expiresAt: new Date(h.clock.now() + 10 * DAY) });
    await h.connect({ userId: USERS.marco.id, expiresAt: new Date(h.clock.now() + 55 * DAY) });
    await h.connect({ systemUserId: '300001' });
    await h.runJob('permission-sync');
    expect(await whoReads('act_1')).toBe('300001');
    expect(await whoReads('act_2')).toBe(USERS.marco.id);
    expect(await whoReads('act_4')).toBe(USERS.giulia.id);
  });

  it('tries the next candidate when Meta refuses the chosen one (access taken back since the sync)', async () => {
    await h.connect({ userId: USERS.giulia.id, expiresAt: new Date(h.clock.now() + 10 * DAY) });
    await h.connect({ userId: USERS.marco.id, expiresAt: new Date(h.clock.now() + 55 * DAY) });
    await h.runJob('permission-sync');
    await h.emu.control('POST', '/access', { userId: USERS.marco.id, object: 'act_2', grant: false });
    await h.emu.control('DELETE', '/faults');
    expect(await whoReads('act_2', 'ads_management')).toBe(USERS.giulia.id);
    const calls = (await graphCalls(h.emu)).filter((c) => c.path === '/act_2/campaigns');
    expect(calls.map((c) => [c.userId, c.status])).toEqual([[USERS.marco.id, 400], [USERS.giulia.id, 200]]);
  });

  it('tries the next candidate when the chosen token turns out to be expired, and marks it so', async () => {
    await h.connect({ userId: USERS.giulia.id, expiresAt: new Date(h.clock.now() + 10 * DAY) });
    const marco = await h.connect({ userId: USERS.marco.id, expiresAt: new Date(h.clock.now() + 55 * DAY) });
    await h.runJob('permission-sync');
    await h.emu.control('POST', `/users/${USERS.marco.id}/change-password`, {});
    expect(await whoReads('act_2')).toBe(USERS.giulia.id);
    expect((await getMetaUser(h.database.db, marco.id))?.status).toBe('expired');
  });

  it('answers token_unavailable with the reason when no candidate is left', async () => {
    const marco = await h.connect({ userId: USERS.marco.id, scopes: ['ads_read', 'business_management'] });
    await h.runJob('permission-sync');
    // Marco declined ads_management: reading works, managing does not.
    expect(await whoReads('act_3')).toBe(USERS.marco.id);
    await expect(whoReads('act_3', 'ads_management')).rejects.toMatchObject({ code: 'token_unavailable', reason: 'scope_declined' });
    // An account no connected profile ever listed, whether Meta has it (act_1) or not (act_999), is
    // not the workspace's: not_found, the 404 of any id a workspace does not have (it was
    // token_unavailable/no_permission, a 409 the API's contract did not promise). A workspace's
    // own account that nobody reaches any more is still no_permission (decide, above).
    await expect(whoReads('act_1')).rejects.toMatchObject({ code: 'not_found' });
    await expect(whoReads('act_999')).rejects.toMatchObject({ code: 'not_found' });

    await h.setStatus(marco.id, 'inactive');
    await h.assets.revokeProfile(marco.id);
    await expect(whoReads('act_3')).rejects.toMatchObject({ code: 'token_unavailable', reason: 'token_inactive' });
    await h.setStatus(marco.id, 'expired');
    const error = await whoReads('act_3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenUnavailableError);
    expect(error).toMatchObject({ reason: 'token_expired', message: expect.stringContaining('Reconnect') });
  });

  it('puts a reconnected token in place for all its assets at once, before any re-sync', async () => {
    const marco = await h.connect({ userId: USERS.marco.id });
    await h.runJob('permission-sync');
    await h.emu.control('POST', `/users/${USERS.marco.id}/change-password`, {});
    await expect(whoReads('act_3')).rejects.toMatchObject({ reason: 'token_expired' });
    await h.assets.revokeProfile(marco.id);
    await h.reconnect(marco, USERS.marco.id);
    expect(await whoReads('act_3')).toBe(USERS.marco.id);
    // The next sync makes the lapsed permissions live again.
    const summary = await h.assets.syncProfile(marco.id);
    expect(summary).toMatchObject({ tokens: 1, adAccounts: { added: 2 } });
    expect(await whoReads('act_2')).toBe(USERS.marco.id);
  });

  it('accepts our row id or Meta id with or without act_', async () => {
    await h.connect({ userId: USERS.marco.id });
    await h.runJob('permission-sync');
    const row = await h.database.db.selectFrom('ad_accounts').select('id').where('meta_id', '=', 'act_3').executeTakeFirstOrThrow();
    const run = (adAccountId: string) => h.assets.broker.withAssetToken(h.admin.workspaceId, { adAccountId }, 'ads_read', async (_t, m) => m.metaUserId);
    expect(await run(row.id)).toBe(USERS.marco.id);
    expect(await run('act_3')).toBe(USERS.marco.id);
    expect(await run('3')).toBe(USERS.marco.id);
  });
});
