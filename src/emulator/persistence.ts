/**
 * The state file (`wevion emulator --state FILE`, `startEmulator({ statePath })`): what Meta would
 * still know after the emulator restarts. It holds the world as last changed (role changes,
 * registered apps, campaign edits, replaced worlds), issued tokens, person–app grants, last
 * logins and security events with their sequence numbers, the health of each app (deleted,
 * secret rotations, app-wide invalidations; a rotated secret is in the world), the sequence
 * counter, the limits, the retired API versions, webhook subscriptions and deliveries (pending
 * ones are retried after a restart), Facebook Login for Business installs, and the clock as an offset from real time. Codes (10 minutes), faults, usage counters and the call
 * log are ephemeral and stay out of it.
 *
 * Saving is atomic (`FILE.tmp`, fsync, rename), mode 0600 because the file holds tokens, at most
 * once a second after a change and once more on close. A file that cannot be used (corrupt, an
 * unknown version, invalid content) costs one line on stderr and a fresh start from the world.
 */
import { open, mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  DEFAULT_LIMITS,
  type AppInvalidation, type AppRuntime, type EmulatorState, type Grants, type Limits, type SecurityEvent, type TokenRecord,
  type UserRuntime,
} from './state.ts';
import { bad, num, obj, optNum, optStr, StateFileError, str, strings, type Obj } from './json-read.ts';
import { applyIntegrations, readIntegrations, snapshotIntegrations } from './persistence-integrations.ts';
import { applySignals, readSignals, snapshotSignals, type SavedSignals } from './persistence-signals.ts';
import type { Integration } from './integrations.ts';
import { ApiVersions, isTableVersion } from './versions.ts';
import { parseWorld, type World } from './world.ts';

export const STATE_VERSION = 1;
/** Debounce of saves after changes: at most one write per this many real milliseconds. */
export const SAVE_INTERVAL_MS = 1000;

interface SavedRuntime {
  lastLoginAt?: number;
  passwordChanged?: SecurityEvent;
  checkpoint?: SecurityEvent;
  loggedOut?: SecurityEvent;
  /** App id → the event. */
  appRemoved: Record<string, SecurityEvent>;
}

interface SavedApp {
  deletedAt?: number;
  secretRotations: number;
  lastSecretRotationAt?: number;
  invalidations: AppInvalidation[];
}

export interface StateFileV1 {
  version: 1;
  /** Real time of the save (informational). */
  savedAt: string;
  /**
   * `offsetMs` is virtual minus real time when saved; a restart sets the virtual clock to real
   * time plus it. `virtualNow` is informational.
   */
  clock: { offsetMs: number; virtualNow: string };
  seq: number;
  limits: Limits;
  world: World;
  tokens: TokenRecord[];
  /** `${userToken} ${pageId}` → page token. */
  pageTokens: Record<string, string>;
  /** `${userId} ${appId}` → the person's grants to the app. */
  grants: Record<string, { granted: string[]; declined: string[] }>;
  /** User id → last login and security events. */
  runtime: Record<string, SavedRuntime>;
  /**
   * App id → deletion, secret rotations and app-wide invalidations. Files written before the
   * emulator knew app health lack it, and still load (every app healthy).
   */
  apps?: Record<string, SavedApp>;
  /** The API versions retired with `POST /__control/versions` (absent in older files: none). */
  versions?: { retired: string[]; adsRetired: string[] };
  /** Webhook subscriptions by app (absent in older files: none). */
  subscriptions?: SavedSignals['subscriptions'];
  /** Callbacks and webhooks pushed to apps, with their attempts (absent in older files: none). */
  deliveries?: SavedSignals['deliveries'];
  /** Facebook Login for Business installs: the Business Integration System Users (absent in older files: none). */
  integrations?: Integration[];
}

export function snapshot(state: EmulatorState, realNow: number = Date.now()): StateFileV1 {
  const grants: StateFileV1['grants'] = {};
  for (const [key, g] of state.grants) grants[key] = { granted: [...g.granted], declined: [...g.declined] };
  const runtime: StateFileV1['runtime'] = {};
  for (const [userId, rt] of state.runtime) {
    const saved: SavedRuntime = { appRemoved: Object.fromEntries(rt.appRemoved) };
    if (rt.lastLoginAt !== undefined) saved.lastLoginAt = rt.lastLoginAt;
    if (rt.passwordChanged) saved.passwordChanged = rt.passwordChanged;
    if (rt.checkpoint) saved.checkpoint = rt.checkpoint;
    if (rt.loggedOut) saved.loggedOut = rt.loggedOut;
    runtime[userId] = saved;
  }
  const apps: Record<string, SavedApp> = {};
  for (const [appId, rt] of state.appRuntime) {
    const saved: SavedApp = { secretRotations: rt.secretRotations, invalidations: rt.invalidations };
    if (rt.deletedAt !== undefined) saved.deletedAt = rt.deletedAt;
    if (rt.lastSecretRotationAt !== undefined) saved.lastSecretRotationAt = rt.lastSecretRotationAt;
    apps[appId] = saved;
  }
  const now = state.clock.now();
  return {
    version: STATE_VERSION,
    savedAt: new Date(realNow).toISOString(),
    clock: { offsetMs: now - realNow, virtualNow: new Date(now).toISOString() },
    seq: state.lastSeq,
    limits: { ...state.limits },
    world: state.index.world,
    tokens: [...state.tokens.values()],
    pageTokens: Object.fromEntries(state.pageTokens),
    grants,
    runtime,
    apps,
    versions: { retired: [...state.versions.retired], adsRetired: [...state.versions.adsRetired] },
    ...snapshotSignals(state),
    integrations: snapshotIntegrations(state),
  };
}

export { StateFileError };

function event(v: unknown, where: string): SecurityEvent | undefined {
  if (v === undefined) return undefined;
  const o = obj(v, where);
  return { seq: num(o.seq, `${where}.seq`), at: num(o.at, `${where}.at`) };
}

function appRuntime(v: unknown, where: string): AppRuntime {
  const o = obj(v, where);
  const rt: AppRuntime = { secretRotations: num(o.secretRotations, `${where}.secretRotations`), invalidations: [] };
  const deletedAt = optNum(o.deletedAt, `${where}.deletedAt`);
  if (deletedAt !== undefined) rt.deletedAt = deletedAt;
  const rotatedAt = optNum(o.lastSecretRotationAt, `${where}.lastSecretRotationAt`);
  if (rotatedAt !== undefined) rt.lastSecretRotationAt = rotatedAt;
  if (!Array.isArray(o.invalidations)) bad(`${where}.invalidations must be an array`);
  (o.invalidations as unknown[]).forEach((e, i) => {
    const at = `${where}.invalidations[${i}]`;
    const ev: AppInvalidation = event(e, at) ?? bad(`${at} must be an object`);
    const userIds = (e as Obj).userIds;
    if (userIds !== undefined) ev.userIds = strings(userIds, `${at}.userIds`);
    rt.invalidations.push(ev);
  });
  return rt;
}

const TOKEN_KINDS: ReadonlySet<string> = new Set(['user', 'system', 'page']);

function token(v: unknown, where: string): TokenRecord {
  const o = obj(v, where);
  const kind = str(o.kind, `${where}.kind`);
  if (!TOKEN_KINDS.has(kind)) bad(`${where}.kind must be user, system or page`);
  if (typeof o.long !== 'boolean') bad(`${where}.long must be a boolean`);
  const rec: TokenRecord = {
    token: str(o.token, `${where}.token`),
    kind: kind as TokenRecord['kind'],
    appId: str(o.appId, `${where}.appId`),
    long: o.long as boolean,
    issuedAt: num(o.issuedAt, `${where}.issuedAt`),
    issuedSeq: num(o.issuedSeq, `${where}.issuedSeq`),
    expiresAt: num(o.expiresAt, `${where}.expiresAt`),
  };
  if (rec.token === '') bad(`${where}.token must not be empty`);
  const userId = optStr(o.userId, `${where}.userId`);
  if (userId !== undefined) rec.userId = userId;
  const systemUserId = optStr(o.systemUserId, `${where}.systemUserId`);
  if (systemUserId !== undefined) rec.systemUserId = systemUserId;
  const pageId = optStr(o.pageId, `${where}.pageId`);
  if (pageId !== undefined) rec.pageId = pageId;
  if (o.scopes !== undefined) rec.scopes = strings(o.scopes, `${where}.scopes`);
  return rec;
}

const LIMIT_KEYS = Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>;

function limits(v: unknown): Limits {
  const o = obj(v, 'limits');
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const k of LIMIT_KEYS) {
    if (o[k] === undefined) continue;
    const n = num(o[k], `limits.${k}`);
    if (n < 0) bad(`limits.${k} must not be negative`);
    out[k] = n;
  }
  return out;
}

/**
 * Validates a parsed state file completely, then replaces the state with it (nothing is applied
 * when anything is wrong). Throws StateFileError, or WorldError for an invalid world.
 */
export function restore(state: EmulatorState, input: unknown, realNow: number = Date.now()): void {
  const root = obj(input, 'state file');
  if (root.version !== STATE_VERSION) bad(`unknown version ${JSON.stringify(root.version) ?? 'undefined'} (expected ${STATE_VERSION})`);
  const world = parseWorld(root.world);
  const clock = obj(root.clock, 'clock');
  const offsetMs = num(clock.offsetMs, 'clock.offsetMs');
  const seq = num(root.seq, 'seq');
  if (!Number.isInteger(seq) || seq < 0) bad('seq must be a non-negative integer');
  const savedLimits = limits(root.limits);
  if (!Array.isArray(root.tokens)) bad('tokens must be an array');
  const tokens = (root.tokens as unknown[]).map((t, i) => token(t, `tokens[${i}]`));
  const pageTokens = Object.entries(obj(root.pageTokens, 'pageTokens')).map(([k, t]) => [k, str(t, `pageTokens[${k}]`)] as const);
  const grants = Object.entries(obj(root.grants, 'grants')).map(([k, g]): [string, Grants] => {
    const o = obj(g, `grants[${k}]`);
    return [k, { granted: new Set(strings(o.granted, `grants[${k}].granted`)), declined: new Set(strings(o.declined, `grants[${k}].declined`)) }];
  });
  const runtime = Object.entries(obj(root.runtime, 'runtime')).map(([userId, r]): [string, UserRuntime] => {
    const where = `runtime[${userId}]`;
    const o = obj(r, where);
    const rt: UserRuntime = { appRemoved: new Map() };
    const lastLoginAt = optNum(o.lastLoginAt, `${where}.lastLoginAt`);
    if (lastLoginAt !== undefined) rt.lastLoginAt = lastLoginAt;
    const passwordChanged = event(o.passwordChanged, `${where}.passwordChanged`);
    if (passwordChanged) rt.passwordChanged = passwordChanged;
    const checkpoint = event(o.checkpoint, `${where}.checkpoint`);
    if (checkpoint) rt.checkpoint = checkpoint;
    const loggedOut = event(o.loggedOut, `${where}.loggedOut`);
    if (loggedOut) rt.loggedOut = loggedOut;
    for (const [appId, ev] of Object.entries(obj(o.appRemoved ?? {}, `${where}.appRemoved`))) {
      const e = event(ev, `${where}.appRemoved[${appId}]`);
      if (e) rt.appRemoved.set(appId, e);
    }
    return [userId, rt];
  });
  const apps = Object.entries(obj(root.apps ?? {}, 'apps')).map(([appId, a]) => [appId, appRuntime(a, `apps[${appId}]`)] as const);
  const versions = obj(root.versions ?? { retired: [], adsRetired: [] }, 'versions');
  // A version the table no longer lists (it was updated since the save) is simply dropped.
  const savedVersions = {
    retired: strings(versions.retired, 'versions.retired').filter(isTableVersion),
    adsRetired: strings(versions.adsRetired, 'versions.adsRetired').filter(isTableVersion),
  };
  // Checked before anything is replaced, so a bad file changes nothing.
  const probe = new ApiVersions();
  try {
    probe.set(savedVersions);
  } catch (err) {
    bad(`versions: ${(err as Error).message}`);
  }
  const signals = readSignals(root);
  const integrations = readIntegrations(root.integrations, new Set(world.businesses.map((b) => b.id)));

  state.replaceWorld(world);
  state.clock.set(realNow + offsetMs);
  state.limits = savedLimits;
  state.restoreSeq(seq);
  for (const t of tokens) state.tokens.set(t.token, t);
  for (const [k, t] of pageTokens) state.pageTokens.set(k, t);
  for (const [k, g] of grants) state.grants.set(k, g);
  for (const [k, r] of runtime) state.runtime.set(k, r);
  for (const [k, a] of apps) state.appRuntime.set(k, a);
  state.versions.set(savedVersions);
  applySignals(state, signals);
  applyIntegrations(state, integrations);
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    // A FILE.tmp left by a crash keeps its old mode on open; the file holds tokens.
    await fh.chmod(0o600);
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Runs `save` after `delayMs` unless cancelled: real time by default; tests pass their own. */
export type SaveTimer = (save: () => void, delayMs: number) => { cancel(): void };

const realTimer: SaveTimer = (save, delayMs) => {
  const timer = setTimeout(save, delayMs);
  timer.unref();
  return { cancel: () => clearTimeout(timer) };
};

/** Loads the state file at start, saves it after changes (debounced) and on close. */
export class StateFile {
  private timer: { cancel(): void } | undefined;
  /** The state revision the file on disk reflects. */
  private savedRevision: number;
  /** False until the file was loaded or written: a fresh start saves on close even unchanged. */
  private onDisk = false;
  private lastSaveAt = 0;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly path: string,
    private readonly state: EmulatorState,
    private readonly log: (line: string) => void = (line) => console.error(line),
    private readonly schedule: SaveTimer = realTimer,
  ) {
    this.savedRevision = state.revision;
  }

  /** Restores the state from the file; false (the state is left as it was) when it is missing or unusable. */
  async load(): Promise<boolean> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.log(`emulator: cannot read state file ${this.path} (${reason(err)}); starting fresh from the world`);
      }
      return false;
    }
    try {
      restore(this.state, JSON.parse(text), Date.now());
    } catch (err) {
      this.log(`emulator: ignoring state file ${this.path} (${reason(err)}); starting fresh from the world`);
      return false;
    }
    this.savedRevision = this.state.revision;
    this.onDisk = true;
    return true;
  }

  /** Called after every request: when the state changed, saves it soon, at most once a second. */
  changed(): void {
    if (this.closed || this.timer !== undefined || this.state.revision === this.savedRevision) return;
    const delay = Math.max(0, this.lastSaveAt + SAVE_INTERVAL_MS - Date.now());
    this.timer = this.schedule(() => {
      this.timer = undefined;
      void this.save();
    }, delay);
  }

  /** Saves now when anything is unsaved, and waits for every pending write. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      this.timer.cancel();
      this.timer = undefined;
    }
    if (this.state.revision !== this.savedRevision || !this.onDisk) await this.save();
    else await this.queue;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Takes the snapshot now (synchronously), writes it after any write in progress. Never rejects. */
  private save(): Promise<void> {
    const revision = this.state.revision;
    let text: string;
    try {
      text = JSON.stringify(snapshot(this.state));
    } catch (err) {
      this.log(`emulator: cannot save state file ${this.path} (${reason(err)})`);
      return this.queue;
    }
    this.lastSaveAt = Date.now();
    this.queue = this.queue.then(
      () => writeAtomically(this.path, text).then(
        () => {
          this.savedRevision = revision;
          this.onDisk = true;
        },
        (err: unknown) => this.log(`emulator: cannot save state file ${this.path} (${reason(err)})`),
      ),
    );
    return this.queue;
  }
}
