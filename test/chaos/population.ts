/**
 * Set-based setup for the chaos suites and the benchmarks: a world of many Meta users, their
 * long-lived tokens minted through the emulator's control API (in parallel batches), and the
 * profiles stored encrypted in bulk (a few INSERTs of hundreds of rows, not one round trip per
 * profile). Tokens are real emulator tokens, so every refresh, check and sync talks to Meta's
 * stand-in exactly as in production.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/database.ts';
import type { World } from '../../src/emulator/world.ts';
import type { Vault } from '../../src/vault/vault.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

export const LONG_LIVED_MS = 5_183_944 * 1000;
export const DAY_MS = 86_400_000;

export const ALL_SCOPES = [
  'email', 'ads_management', 'ads_read', 'instagram_basic', 'instagram_content_publish', 'pages_manage_ads',
  'pages_manage_metadata', 'pages_read_engagement', 'pages_show_list', 'catalog_management',
  'instagram_manage_comments', 'instagram_manage_insights', 'read_insights', 'business_management',
];

export const userIdOf = (i: number) => String(1_000_000 + i);

/**
 * `users` Meta users. Each has a personal ad account and a page; every `groupSize` users share a
 * Business Manager administered by the group's first user, which owns two more ad accounts, a
 * page, a pixel (used by its accounts) and a catalog. Enough edges that a permission sync makes
 * 5+ calls for an admin and 3–4 for the others.
 */
export function bigWorld(app: World['apps'][number], users: number, groupSize = 25): World {
  const world: World = { apps: [app], users: [], businesses: [], adAccounts: [], pages: [], pixels: [], catalogs: [], campaigns: [] };
  for (let i = 0; i < users; i++) {
    const id = userIdOf(i);
    world.users.push({ id, name: `Meta User ${i}`, email: `user${i}@meta.test`, password: 'meta-pass' });
    world.adAccounts.push({ id: `act_${7_000_000 + i}`, name: `Personal ${i}`, users: [id], systemUsers: [], pixels: [] });
    world.pages.push({ id: String(8_000_000 + i), name: `Page ${i}`, users: [id], systemUsers: [] });
  }
  for (let g = 0; g * groupSize < users; g++) {
    const bm = String(5_000_000 + g);
    const admin = userIdOf(g * groupSize);
    const members = Array.from({ length: Math.min(groupSize, users - g * groupSize) }, (_, k) => userIdOf(g * groupSize + k));
    const pixel = String(6_000_000 + g);
    world.businesses.push({ id: bm, name: `Business ${g}`, admins: [admin], systemUsers: [{ id: String(4_000_000 + g), name: `System ${g}` }] });
    world.pixels.push({ id: pixel, name: `Pixel ${g}`, business: bm });
    world.catalogs.push({ id: String(6_500_000 + g), name: `Catalog ${g}`, business: bm });
    world.pages.push({ id: String(8_500_000 + g), name: `BM page ${g}`, business: bm, users: [], systemUsers: [] });
    for (let k = 0; k < 2; k++) {
      // The group's members work on the BM's accounts directly: an edge seen from both sides.
      world.adAccounts.push({ id: `act_${7_500_000 + g * 2 + k}`, name: `BM ${g} account ${k}`, business: bm, users: members.slice(0, 3), systemUsers: [], pixels: [pixel] });
    }
  }
  return world;
}

async function control(url: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Long-lived user tokens expiring at `expiresAt` (epoch ms): the emulator's clock is set to
 * `expiresAt - 60 days` for the minting and put back afterwards. Minted 50 at a time.
 */
export async function mintTokens(emulatorUrl: string, appId: string, userIds: readonly string[], expiresAt: number, scopes = ALL_SCOPES): Promise<Map<string, { token: string; expiresAt: Date }>> {
  const { now } = (await control(emulatorUrl, 'GET', '/__control/clock')) as { now: string };
  await control(emulatorUrl, 'POST', '/__control/clock', { now: new Date(expiresAt - LONG_LIVED_MS).toISOString() });
  const out = new Map<string, { token: string; expiresAt: Date }>();
  try {
    for (let i = 0; i < userIds.length; i += 50) {
      const batch = userIds.slice(i, i + 50);
      const minted = await Promise.all(
        batch.map((userId) => control(emulatorUrl, 'POST', '/__control/tokens', { appId, userId, kind: 'long', scopes }) as Promise<{ access_token: string; expires_at: number }>),
      );
      minted.forEach((m, k) => out.set(batch[k] as string, { token: m.access_token, expiresAt: new Date(m.expires_at * 1000) }));
    }
  } finally {
    await control(emulatorUrl, 'POST', '/__control/clock', { now });
  }
  return out;
}

export interface ProfileSeed {
  metaUserId: string;
  token: string;
  expiresAt: Date | null;
  name?: string;
  tokenType?: 'user' | 'system_user';
}

/** Stores profiles (and their encrypted tokens) in chunks of 500 rows; returns the row ids in order. */
export async function insertProfiles(db: Db, vault: Vault, workspaceId: string, connectedBy: string | null, seeds: readonly ProfileSeed[], scopes = ALL_SCOPES): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < seeds.length; i += 500) {
    const chunk = seeds.slice(i, i + 500);
    const secrets = chunk.map((seed) => {
      const id = randomUUID();
      const sealed = vault.seal(seed.token, id);
      return { id, key_id: sealed.keyId, nonce: sealed.nonce, ciphertext: sealed.ciphertext };
    });
    const rows = chunk.map((seed, k) => ({
      id: randomUUID(),
      workspace_id: workspaceId,
      meta_user_id: seed.metaUserId,
      name: seed.name ?? `Meta User ${seed.metaUserId}`,
      token_type: seed.tokenType ?? 'user',
      status: 'active' as const,
      secret_id: (secrets[k] as { id: string }).id,
      expires_at: seed.expiresAt,
      granted_scopes: JSON.stringify(scopes),
      declined_scopes: JSON.stringify([]),
      connected_by: connectedBy,
    }));
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('secrets').values(secrets).execute();
      await trx.insertInto('meta_users').values(rows).execute();
    });
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

/** Reads every stored token back through the vault (the plaintext never leaves the test). */
export async function storedTokens(db: Db, vault: Vault): Promise<Map<string, { metaUserId: string; token: string; expiresAt: Date | null; status: string; tokenVersion: number }>> {
  const rows = await db
    .selectFrom('meta_users')
    .innerJoin('secrets', 'secrets.id', 'meta_users.secret_id')
    .select(['meta_users.id', 'meta_users.meta_user_id', 'meta_users.expires_at', 'meta_users.status', 'meta_users.token_version', 'secrets.id as secret_id', 'secrets.key_id', 'secrets.nonce', 'secrets.ciphertext'])
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        metaUserId: row.meta_user_id,
        token: vault.open({ keyId: row.key_id, nonce: row.nonce, ciphertext: row.ciphertext }, row.secret_id),
        expiresAt: row.expires_at,
        status: row.status,
        tokenVersion: row.token_version,
      },
    ]),
  );
}

/**
 * Asks the emulator's debug_token (with the app token) about each token, 50 at a time: is it
 * valid, and when does Meta say it expires. Call-log entries of these checks are made by the test.
 */
export async function inspectTokens(emulatorUrl: string, app: { id: string; secret: string }, tokens: readonly string[]): Promise<Array<{ isValid: boolean; expiresAt: number }>> {
  const out: Array<{ isValid: boolean; expiresAt: number }> = [];
  for (let i = 0; i < tokens.length; i += 50) {
    const batch = tokens.slice(i, i + 50);
    const answers = await Promise.all(
      batch.map(async (token) => {
        const url = new URL(`${emulatorUrl}/${DEFAULT_GRAPH_VERSION}/debug_token`);
        url.searchParams.set('input_token', token);
        url.searchParams.set('access_token', `${app.id}|${app.secret}`);
        const body = (await (await fetch(url)).json()) as { data: { is_valid: boolean; expires_at?: number } };
        return { isValid: body.data.is_valid, expiresAt: body.data.expires_at ?? 0 };
      }),
    );
    out.push(...answers);
  }
  return out;
}

export const emulatorControl = control;
