import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.ts';
import type { World } from '../../src/emulator/world.ts';
import { APP, Emu } from './helpers.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

let running: RunningEmulator;
let emu: Emu;

type Page = { data: Array<{ id: string }>; paging?: { cursors: { before: string; after: string }; next?: string; previous?: string } };

/** 1,000 users, 20,000 ad accounts, 5,000 pages, 2,000 pixels; user u0 has a role on 1,500 accounts. */
function bigWorld(): World {
  const users = Array.from({ length: 1000 }, (_, i) => ({ id: `u${i}`, name: `User ${i}`, email: `user${i}@example.com`, password: 'pw' }));
  const businesses = Array.from({ length: 10 }, (_, i) => ({ id: `b${i}`, name: `Business ${i}`, admins: [`u${i + 1}`], systemUsers: [{ id: `s${i}`, name: `System ${i}` }] }));
  const adAccounts = Array.from({ length: 20_000 }, (_, i) => ({
    id: `act_${i}`, name: `Account ${i}`, business: `b${i % 10}`,
    users: i % 13 === 0 || i < 1500 ? ['u0', `u${(i % 998) + 2}`] : [`u${(i % 998) + 2}`],
    systemUsers: [`s${i % 10}`], pixels: [`px${i % 2000}`],
  }));
  const pages = Array.from({ length: 5000 }, (_, i) => ({ id: `p${i}`, name: `Page ${i}`, business: `b${i % 10}`, users: [`u${i % 1000}`], systemUsers: [] }));
  const pixels = Array.from({ length: 2000 }, (_, i) => ({ id: `px${i}`, name: `Pixel ${i}`, business: `b${i % 10}` }));
  return {
    apps: [{ id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [APP.redirect] }],
    users, businesses, adAccounts, pages, pixels, catalogs: [], campaigns: [],
  };
}

beforeAll(async () => {
  running = await startEmulator({ port: 0 });
  emu = new Emu(running.url);
  // How fast a big world loads is measured by bench/emulator.ts, not asserted here.
  const r = await emu.control('PUT', '/world', bigWorld());
  expect(r.status).toBe(200);
});
afterAll(() => running.close());

describe('cursor paging', () => {
  it('pages through > 1,000 objects by following absolute next links; the last page has no next', async () => {
    const token = await emu.mint('u0', ['ads_read']);
    let page = await emu.get<Page>(`/${DEFAULT_GRAPH_VERSION}/me/adaccounts`, token, { fields: 'id' });
    expect(page.body.data).toHaveLength(25); // default limit
    const seen: string[] = [];
    let pages = 0;
    for (;;) {
      pages++;
      seen.push(...page.body.data.map((d) => d.id));
      const next = page.body.paging?.next;
      if (!next) break;
      expect(next.startsWith(`${running.url}/${DEFAULT_GRAPH_VERSION}/me/adaccounts?`)).toBe(true);
      const url = new URL(next);
      expect(url.searchParams.get('limit')).toBe('25');
      expect(url.searchParams.get('access_token')).toBe(token);
      page = await emu.fetchJson<Page>(next);
      expect(page.status).toBe(200);
    }
    const expected = Array.from({ length: 20_000 }, (_, i) => i).filter((i) => i < 1500 || i % 13 === 0).length;
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(expected);
    expect(pages).toBe(Math.ceil(expected / 25));
    expect(page.body.paging?.next).toBeUndefined();
    expect(page.body.paging?.previous).toBeDefined();
  });

  it('honours limit, after and before', async () => {
    const token = await emu.mint('u0', ['ads_read']);
    const first = await emu.get<Page>('/me/adaccounts', token, { limit: '1000' });
    expect(first.body.data).toHaveLength(1000);
    expect(first.body.paging?.previous).toBeUndefined();
    const second = await emu.get<Page>('/me/adaccounts', token, { limit: '1000', after: first.body.paging?.cursors.after ?? '' });
    expect(second.body.data[0]?.id).toBe('act_1000');
    const back = await emu.get<Page>('/me/adaccounts', token, { limit: '10', before: second.body.paging?.cursors.before ?? '' });
    expect(back.body.data.map((d) => d.id)).toEqual(Array.from({ length: 10 }, (_, i) => `act_${990 + i}`));
  });

  it('serves a Business Manager with 2,000 accounts and a system user with its assignments', async () => {
    const admin = await emu.mint('u1', ['business_management', 'ads_read']);
    const owned = await emu.get<Page>('/b0/owned_ad_accounts', admin, { limit: '5000' });
    expect(owned.body.data).toHaveLength(2000);
    expect(owned.body.paging?.next).toBeUndefined();
    const system = await emu.mintSystem('s3');
    const mine = await emu.get<Page>('/me/adaccounts', system, { limit: '5000' });
    expect(mine.body.data).toHaveLength(2000);
    const pixels = await emu.get<Page>('/b0/owned_pixels', admin, { limit: '500' });
    expect(pixels.body.data).toHaveLength(200);
  });

  it('answers an empty edge with data [] and no paging', async () => {
    const token = await emu.mint('u999', ['business_management']);
    const r = await emu.get<Page>('/me/businesses', token);
    expect(r.body).toEqual({ data: [] });
  });
});
