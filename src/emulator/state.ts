/**
 * Everything the emulator knows: the world, indexed by id and by role in Maps so a world of
 * 20,000 ad accounts loads in milliseconds and every lookup is O(1), plus the runtime state Meta
 * keeps (tokens, codes, grants, security events, the health of each app). Mutations go through
 * methods here so the indexes and the world returned by `GET /__control/world` never disagree.
 */
import { VirtualClock } from './clock.ts';
import { DeliveryStore } from './deliveries.ts';
import type { Integration } from './integrations.ts';
import { ApiVersions } from './versions.ts';
import {
  emptyWorld,
  type World, type WorldAdAccount, type WorldApp, type WorldAsset, type WorldBusiness,
  type WorldCampaign, type WorldCatalog, type WorldPage, type WorldPixel, type WorldUser,
} from './world.ts';

export type AssetKind = 'adAccount' | 'page' | 'pixel' | 'catalog';
export const ASSET_KINDS: readonly AssetKind[] = ['adAccount', 'page', 'pixel', 'catalog'];

export interface SystemUserRec {
  id: string;
  name: string;
  business: string;
}

export type Roles = Record<AssetKind, Set<string>>;

const newRoles = (): Roles => ({ adAccount: new Set(), page: new Set(), pixel: new Set(), catalog: new Set() });

export interface TokenRecord {
  token: string;
  kind: 'user' | 'system' | 'page';
  appId: string;
  /** The Meta user (for user and page tokens). */
  userId?: string;
  systemUserId?: string;
  pageId?: string;
  long: boolean;
  issuedAt: number;
  /** Ordering against security events: a token is hit by events with a larger sequence number. */
  issuedSeq: number;
  /** Epoch ms; 0 means never. */
  expiresAt: number;
  /** Only system-user tokens carry their own scopes; user tokens read the user–app grants. */
  scopes?: string[];
}

export interface CodeRecord {
  appId: string;
  userId: string;
  redirectUri: string;
  createdAt: number;
  used: boolean;
  /** A Facebook Login for Business code for a system-user configuration: the BISU its exchange gives a token of. */
  integrationId?: string;
}

export interface SecurityEvent {
  seq: number;
  at: number;
}

export interface UserRuntime {
  lastLoginAt?: number;
  passwordChanged?: SecurityEvent;
  checkpoint?: SecurityEvent;
  loggedOut?: SecurityEvent;
  appRemoved: Map<string, SecurityEvent>;
}

/**
 * An app-wide reset of tokens (Meta's rule for apps inactive for 90 days, or a reset of an app's
 * tokens): it hits the tokens issued before it, as a security event hits a person's tokens.
 */
export interface AppInvalidation extends SecurityEvent {
  /** Only the tokens of these people or system users; every token of the app when absent. */
  userIds?: string[];
}

/** A webhook subscription of an app (`POST /{app-id}/subscriptions`), one per object. */
export interface Subscription {
  object: string;
  callbackUrl: string;
  verifyToken: string;
  includeValues: boolean;
  /** Field name → the API version it was subscribed with. */
  fields: Map<string, string>;
}

/** What Meta holds against an app itself, beside its users' sessions. */
export interface AppRuntime {
  /** Virtual time of the deletion, while the app is deleted. */
  deletedAt?: number;
  secretRotations: number;
  lastSecretRotationAt?: number;
  /** Oldest first. */
  invalidations: AppInvalidation[];
}

export interface Grants {
  granted: Set<string>;
  declined: Set<string>;
}

export interface AssetRef {
  kind: AssetKind;
  asset: WorldAsset;
}

export class WorldIndex {
  readonly apps = new Map<string, WorldApp>();
  readonly users = new Map<string, WorldUser>();
  readonly usersByEmail = new Map<string, WorldUser>();
  readonly businesses = new Map<string, WorldBusiness>();
  readonly systemUsers = new Map<string, SystemUserRec>();
  readonly adAccounts = new Map<string, WorldAdAccount>();
  readonly pages = new Map<string, WorldPage>();
  readonly pixels = new Map<string, WorldPixel>();
  readonly catalogs = new Map<string, WorldCatalog>();
  readonly campaigns = new Map<string, WorldCampaign>();
  readonly campaignsByAccount = new Map<string, WorldCampaign[]>();
  /** Pixel id → ad accounts that list it. */
  readonly accountsByPixel = new Map<string, string[]>();
  readonly owned = new Map<string, Roles>();
  /** Business id → ad accounts it has as clients. */
  readonly clientAccounts = new Map<string, string[]>();
  readonly adminOf = new Map<string, Set<string>>();
  readonly userRoles = new Map<string, Roles>();
  readonly systemRoles = new Map<string, Roles>();
  /** Position in the world's arrays: the stable order of every listing (and so of cursors). */
  readonly order = new Map<string, number>();
  /** Bumped on every change of who sees what, so cached listings know they are stale. */
  version = 0;

  constructor(readonly world: World) {
    for (const a of world.apps) this.apps.set(a.id, a);
    world.users.forEach((u, i) => {
      this.users.set(u.id, u);
      this.usersByEmail.set(u.email.toLowerCase(), u);
      this.order.set(u.id, i);
    });
    world.businesses.forEach((b, i) => {
      this.businesses.set(b.id, b);
      this.order.set(b.id, i);
      this.owned.set(b.id, newRoles());
      for (const admin of b.admins) this.setOf(this.adminOf, admin).add(b.id);
      b.systemUsers.forEach((s, j) => {
        this.systemUsers.set(s.id, { id: s.id, name: s.name, business: b.id });
        this.order.set(s.id, j);
      });
    });
    const add = <T extends WorldAsset>(kind: AssetKind, map: Map<string, T>, items: T[]): void => {
      items.forEach((a, i) => {
        map.set(a.id, a);
        this.order.set(a.id, i);
        if (a.business !== undefined) this.owned.get(a.business)?.[kind].add(a.id);
        for (const u of a.users ?? []) this.rolesOf(this.userRoles, u)[kind].add(a.id);
        for (const s of a.systemUsers ?? []) this.rolesOf(this.systemRoles, s)[kind].add(a.id);
      });
    };
    add('adAccount', this.adAccounts, world.adAccounts);
    add('page', this.pages, world.pages);
    add('pixel', this.pixels, world.pixels);
    add('catalog', this.catalogs, world.catalogs);
    for (const a of world.adAccounts) {
      for (const p of a.pixels ?? []) this.listOf(this.accountsByPixel, p).push(a.id);
      for (const b of a.clientBusinesses ?? []) this.listOf(this.clientAccounts, b).push(a.id);
    }
    world.campaigns.forEach((c, i) => {
      this.campaigns.set(c.id, c);
      this.order.set(c.id, i);
      this.listOf(this.campaignsByAccount, c.adAccount).push(c);
    });
  }

  asset(id: string): AssetRef | undefined {
    const a = this.adAccounts.get(id);
    if (a) return { kind: 'adAccount', asset: a };
    const p = this.pages.get(id);
    if (p) return { kind: 'page', asset: p };
    const x = this.pixels.get(id);
    if (x) return { kind: 'pixel', asset: x };
    const c = this.catalogs.get(id);
    if (c) return { kind: 'catalog', asset: c };
    return undefined;
  }

  rolesOf(map: Map<string, Roles>, id: string): Roles {
    let r = map.get(id);
    if (!r) map.set(id, (r = newRoles()));
    return r;
  }

  /** A Business Manager admin's change on Meta: give or take a person's (or system user's) role on an asset. */
  setAccess(principal: { userId?: string; systemUserId?: string }, ref: AssetRef, grant: boolean): void {
    const key = principal.userId !== undefined ? 'users' : 'systemUsers';
    const id = principal.userId ?? principal.systemUserId ?? '';
    const roles = this.rolesOf(principal.userId !== undefined ? this.userRoles : this.systemRoles, id);
    const arr = (ref.asset[key] ??= []);
    if (grant) {
      roles[ref.kind].add(ref.asset.id);
      if (!arr.includes(id)) arr.push(id);
    } else {
      roles[ref.kind].delete(ref.asset.id);
      const at = arr.indexOf(id);
      if (at >= 0) arr.splice(at, 1);
    }
    this.version++;
  }

  upsertApp(app: WorldApp): boolean {
    const existing = this.world.apps.findIndex((a) => a.id === app.id);
    if (existing >= 0) this.world.apps[existing] = app;
    else this.world.apps.push(app);
    this.apps.set(app.id, app);
    return existing < 0;
  }

  private setOf(map: Map<string, Set<string>>, key: string): Set<string> {
    let s = map.get(key);
    if (!s) map.set(key, (s = new Set()));
    return s;
  }

  private listOf<T>(map: Map<string, T[]>, key: string): T[] {
    let l = map.get(key);
    if (!l) map.set(key, (l = []));
    return l;
  }
}

export interface Limits {
  appCallsPerHour: number;
  userCallsPerHour: number;
  adAccountCallsPerHour: number;
  pageCallsPerHour: number;
  businessCallsPerHour: number;
  latencyMs: number;
}

// Far above what a test or a benchmark of the service makes in one (virtual, standing) hour, so
// throttling only happens when a test asks for it with POST /__control/limits.
export const DEFAULT_LIMITS: Readonly<Limits> = {
  appCallsPerHour: 5_000_000,
  userCallsPerHour: 1_000_000,
  adAccountCallsPerHour: 1_000_000,
  pageCallsPerHour: 1_000_000,
  businessCallsPerHour: 1_000_000,
  latencyMs: 0,
};

export class EmulatorState {
  readonly clock = new VirtualClock();
  index: WorldIndex;
  limits: Limits = { ...DEFAULT_LIMITS };
  /** Which API versions Meta has retired (for the Graph API, and sooner for the Ads API). */
  readonly versions = new ApiVersions();
  readonly tokens = new Map<string, TokenRecord>();
  readonly codes = new Map<string, CodeRecord>();
  /** `${userToken} ${pageId}` → page token, so /me/accounts hands out the same page token each time. */
  readonly pageTokens = new Map<string, string>();
  readonly runtime = new Map<string, UserRuntime>();
  /** App id → what Meta holds against the app itself (deletion, secret rotations, invalidations). */
  readonly appRuntime = new Map<string, AppRuntime>();
  /** `${userId} ${appId}` → what the person granted and declined to the app. */
  readonly grants = new Map<string, Grants>();
  /** App id → object → its webhook subscription. */
  readonly subscriptions = new Map<string, Map<string, Subscription>>();
  /** The callbacks and webhooks pushed to apps, and how each went. */
  readonly deliveries = new DeliveryStore();
  /** Business Integration System Users (Facebook Login for Business installs) by id, uninstalled ones included. */
  readonly integrations = new Map<string, Integration>();
  private seq = 0;
  /**
   * Bumped on every change worth saving (tokens, grants, security events, world, clock, limits):
   * the state file (`--state`) is written only when it moved. Reads never bump it.
   */
  revision = 0;

  constructor(world: World = emptyWorld()) {
    this.index = new WorldIndex(world);
  }

  replaceWorld(world: World): void {
    this.touch();
    this.index = new WorldIndex(world);
    this.tokens.clear();
    this.codes.clear();
    this.pageTokens.clear();
    this.runtime.clear();
    this.appRuntime.clear();
    this.grants.clear();
    // Subscriptions and deliveries belong to the apps of the world replaced.
    this.subscriptions.clear();
    this.deliveries.clear();
    // Their system users lived in the index just replaced, beside the tokens just dropped.
    this.integrations.clear();
  }

  reset(world: World = emptyWorld()): void {
    this.replaceWorld(world);
    this.clock.resetToRealTime();
    this.limits = { ...DEFAULT_LIMITS };
    this.versions.clear();
  }

  nextSeq(): number {
    this.touch();
    return ++this.seq;
  }

  /** The last sequence number handed out (tokens and security events are ordered by it). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Restoring from a state file: later tokens and events must come after the saved ones. */
  restoreSeq(seq: number): void {
    this.seq = Math.max(this.seq, seq);
  }

  /** Marks the state as changed, so a state file gets saved. */
  touch(): void {
    this.revision++;
  }

  event(): SecurityEvent {
    return { seq: this.nextSeq(), at: this.clock.now() };
  }

  userRuntime(userId: string): UserRuntime {
    let r = this.runtime.get(userId);
    if (!r) this.runtime.set(userId, (r = { appRemoved: new Map() }));
    return r;
  }

  appRuntimeOf(appId: string): AppRuntime {
    let r = this.appRuntime.get(appId);
    if (!r) this.appRuntime.set(appId, (r = { secretRotations: 0, invalidations: [] }));
    return r;
  }

  grantsFor(userId: string, appId: string): Grants {
    const key = `${userId} ${appId}`;
    let g = this.grants.get(key);
    if (!g) this.grants.set(key, (g = { granted: new Set(['public_profile']), declined: new Set() }));
    return g;
  }
}
