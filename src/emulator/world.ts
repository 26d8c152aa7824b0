/**
 * The world: the JSON the control API accepts at `PUT /__control/world` and returns at
 * `GET /__control/world`. Only the fields in the issue are required; the optional ones let a
 * test describe client relationships, currencies and roles on pixels or catalogs.
 */

import { parseConfigurations, type LoginConfiguration } from './configurations.ts';
import { WorldError } from './world-error.ts';

export { WorldError };

export type LongLivedReexchange = 'extend' | 'same';

export interface WorldApp {
  id: string;
  secret: string;
  name: string;
  redirectUris: string[];
  /** Default true, as an app with "Require App Secret" switched on. */
  requireAppsecretProof?: boolean;
  /** What re-exchanging a long-lived token does. Default "extend". */
  longLivedReexchange?: LongLivedReexchange;
  /** Facebook Login's Deauthorize Callback URL: a signed_request is POSTed there when a person removes the app. */
  deauthorizeCallbackUrl?: string;
  /** The Data Deletion Request URL: a signed_request is POSTed there when a person asks for their data to be deleted. */
  dataDeletionCallbackUrl?: string;
  /** Facebook Login for Business configurations: the dialog takes their id as `config_id`. */
  configurations?: LoginConfiguration[];
}

export interface WorldUser {
  id: string;
  name: string;
  email: string;
  password: string;
}

export interface WorldSystemUser {
  id: string;
  name: string;
}

export interface WorldBusiness {
  id: string;
  name: string;
  admins: string[];
  systemUsers: WorldSystemUser[];
}

export interface WorldAdAccount {
  id: string;
  name: string;
  business?: string;
  users?: string[];
  systemUsers?: string[];
  pixels?: string[];
  /** Businesses that see this account as a client ad account (agency relationship). */
  clientBusinesses?: string[];
  currency?: string;
  timezone?: string;
}

export interface WorldAsset {
  id: string;
  name: string;
  business?: string;
  users?: string[];
  systemUsers?: string[];
}

export type WorldPage = WorldAsset & { category?: string };
export type WorldPixel = WorldAsset;
export type WorldCatalog = WorldAsset;

export type CampaignStatus = 'ACTIVE' | 'PAUSED' | 'DELETED' | 'ARCHIVED';

export interface WorldCampaign {
  id: string;
  adAccount: string;
  name: string;
  status: CampaignStatus;
  objective?: string;
}

export interface World {
  apps: WorldApp[];
  users: WorldUser[];
  businesses: WorldBusiness[];
  adAccounts: WorldAdAccount[];
  pages: WorldPage[];
  pixels: WorldPixel[];
  catalogs: WorldCatalog[];
  campaigns: WorldCampaign[];
}

export function emptyWorld(): World {
  return { apps: [], users: [], businesses: [], adAccounts: [], pages: [], pixels: [], catalogs: [], campaigns: [] };
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Obj, key: string, where: string): string {
  const v = o[key];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string' || v === '') throw new WorldError(`${where}.${key} must be a non-empty string`);
  return v;
}

function optStr(o: Obj, key: string, where: string): string | undefined {
  return o[key] === undefined || o[key] === null ? undefined : str(o, key, where);
}

function strList(o: Obj, key: string, where: string): string[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new WorldError(`${where}.${key} must be an array`);
  return v.map((x, i) => {
    if (typeof x === 'number') return String(x);
    if (typeof x !== 'string') throw new WorldError(`${where}.${key}[${i}] must be a string`);
    return x;
  });
}

function list(o: Obj, key: string): Obj[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new WorldError(`${key} must be an array`);
  return v.map((x, i) => {
    if (!isObj(x)) throw new WorldError(`${key}[${i}] must be an object`);
    return x;
  });
}

export function parseApp(o: unknown, where = 'app'): WorldApp {
  if (!isObj(o)) throw new WorldError(`${where} must be an object`);
  const reexchange = o.longLivedReexchange ?? 'extend';
  if (reexchange !== 'extend' && reexchange !== 'same') throw new WorldError(`${where}.longLivedReexchange must be "extend" or "same"`);
  if (o.requireAppsecretProof !== undefined && typeof o.requireAppsecretProof !== 'boolean') {
    throw new WorldError(`${where}.requireAppsecretProof must be a boolean`);
  }
  const app: WorldApp = {
    id: str(o, 'id', where),
    secret: str(o, 'secret', where),
    name: optStr(o, 'name', where) ?? `App ${String(o.id)}`,
    redirectUris: strList(o, 'redirectUris', where),
    requireAppsecretProof: o.requireAppsecretProof ?? true,
    longLivedReexchange: reexchange,
  };
  const deauthorize = callbackUrl(o, 'deauthorizeCallbackUrl', where);
  if (deauthorize !== undefined) app.deauthorizeCallbackUrl = deauthorize;
  const dataDeletion = callbackUrl(o, 'dataDeletionCallbackUrl', where);
  if (dataDeletion !== undefined) app.dataDeletionCallbackUrl = dataDeletion;
  const configurations = parseConfigurations(o.configurations, `${where}.configurations`);
  if (configurations !== undefined) app.configurations = configurations;
  return app;
}

/** An absolute http(s) URL the emulator will POST to, or undefined when absent (or null). */
export function callbackUrl(o: Obj, key: string, where: string): string | undefined {
  const v = optStr(o, key, where);
  if (v === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new WorldError(`${where}.${key} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WorldError(`${where}.${key} must be an absolute http(s) URL`);
  return v;
}

function asset(o: Obj, where: string): WorldAsset {
  const out: WorldAsset = { id: str(o, 'id', where), name: str(o, 'name', where) };
  const business = optStr(o, 'business', where);
  if (business !== undefined) out.business = business;
  out.users = strList(o, 'users', where);
  out.systemUsers = strList(o, 'systemUsers', where);
  return out;
}

const STATUSES = new Set(['ACTIVE', 'PAUSED', 'DELETED', 'ARCHIVED']);

/** Validates and normalises untrusted JSON into a World (fresh objects, never the input's). */
export function parseWorld(input: unknown): World {
  if (!isObj(input)) throw new WorldError('world must be a JSON object');
  const world: World = {
    apps: list(input, 'apps').map((a, i) => parseApp(a, `apps[${i}]`)),
    users: list(input, 'users').map((u, i) => {
      const w = `users[${i}]`;
      return { id: str(u, 'id', w), name: str(u, 'name', w), email: str(u, 'email', w), password: str(u, 'password', w) };
    }),
    businesses: list(input, 'businesses').map((b, i) => {
      const w = `businesses[${i}]`;
      return {
        id: str(b, 'id', w),
        name: str(b, 'name', w),
        admins: strList(b, 'admins', w),
        systemUsers: list(b, 'systemUsers').map((s, j) => ({ id: str(s, 'id', `${w}.systemUsers[${j}]`), name: str(s, 'name', `${w}.systemUsers[${j}]`) })),
      };
    }),
    adAccounts: list(input, 'adAccounts').map((a, i) => {
      const w = `adAccounts[${i}]`;
      const base = asset(a, w);
      if (!base.id.startsWith('act_')) throw new WorldError(`${w}.id must start with "act_"`);
      const out: WorldAdAccount = { ...base, pixels: strList(a, 'pixels', w), clientBusinesses: strList(a, 'clientBusinesses', w) };
      const currency = optStr(a, 'currency', w);
      if (currency !== undefined) out.currency = currency;
      const timezone = optStr(a, 'timezone', w);
      if (timezone !== undefined) out.timezone = timezone;
      return out;
    }),
    pages: list(input, 'pages').map((p, i) => {
      const out: WorldPage = asset(p, `pages[${i}]`);
      const category = optStr(p, 'category', `pages[${i}]`);
      if (category !== undefined) out.category = category;
      return out;
    }),
    pixels: list(input, 'pixels').map((p, i) => asset(p, `pixels[${i}]`)),
    catalogs: list(input, 'catalogs').map((c, i) => asset(c, `catalogs[${i}]`)),
    campaigns: list(input, 'campaigns').map((c, i) => {
      const w = `campaigns[${i}]`;
      const status = c.status ?? 'ACTIVE';
      if (typeof status !== 'string' || !STATUSES.has(status)) throw new WorldError(`${w}.status must be one of ACTIVE, PAUSED, DELETED, ARCHIVED`);
      const out: WorldCampaign = { id: str(c, 'id', w), adAccount: str(c, 'adAccount', w), name: str(c, 'name', w), status: status as CampaignStatus };
      const objective = optStr(c, 'objective', w);
      if (objective !== undefined) out.objective = objective;
      return out;
    }),
  };
  checkReferences(world);
  return world;
}

function checkReferences(world: World): void {
  const ids = new Set<string>();
  const claim = (id: string, where: string): void => {
    if (ids.has(id)) throw new WorldError(`duplicate id ${id} (${where})`);
    ids.add(id);
  };
  const users = new Set(world.users.map((u) => u.id));
  const businesses = new Set(world.businesses.map((b) => b.id));
  const systemUsers = new Set<string>();
  // Configuration ids are Meta's, unique across apps: the dialog finds one by client_id and config_id.
  const configIds = new Set<string>();
  for (const app of world.apps) {
    for (const c of app.configurations ?? []) {
      if (configIds.has(c.id)) throw new WorldError(`duplicate configuration id ${c.id} (apps ${app.id})`);
      configIds.add(c.id);
    }
  }
  for (const u of world.users) claim(u.id, 'users');
  for (const b of world.businesses) {
    claim(b.id, 'businesses');
    for (const s of b.systemUsers) {
      claim(s.id, `businesses ${b.id} systemUsers`);
      systemUsers.add(s.id);
    }
    for (const a of b.admins) if (!users.has(a)) throw new WorldError(`business ${b.id} admin ${a} is not a user`);
  }
  const checkAsset = (kind: string, a: WorldAsset): void => {
    claim(a.id, kind);
    if (a.business !== undefined && !businesses.has(a.business)) throw new WorldError(`${kind} ${a.id}: unknown business ${a.business}`);
    for (const u of a.users ?? []) if (!users.has(u)) throw new WorldError(`${kind} ${a.id}: unknown user ${u}`);
    for (const s of a.systemUsers ?? []) if (!systemUsers.has(s)) throw new WorldError(`${kind} ${a.id}: unknown system user ${s}`);
  };
  for (const p of world.pixels) checkAsset('pixels', p);
  const pixels = new Set(world.pixels.map((p) => p.id));
  for (const a of world.adAccounts) {
    checkAsset('adAccounts', a);
    for (const p of a.pixels ?? []) if (!pixels.has(p)) throw new WorldError(`adAccounts ${a.id}: unknown pixel ${p}`);
    for (const b of a.clientBusinesses ?? []) if (!businesses.has(b)) throw new WorldError(`adAccounts ${a.id}: unknown client business ${b}`);
  }
  for (const p of world.pages) checkAsset('pages', p);
  for (const c of world.catalogs) checkAsset('catalogs', c);
  const accounts = new Set(world.adAccounts.map((a) => a.id));
  for (const c of world.campaigns) {
    claim(c.id, 'campaigns');
    if (!accounts.has(c.adAccount)) throw new WorldError(`campaign ${c.id}: unknown ad account ${c.adAccount}`);
  }
}
