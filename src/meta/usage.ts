/**
 * Keeps the latest usage figures Meta reports (per app, per business object, per ad account)
 * and turns them into waits BEFORE a call, so we slow down before Meta says no.
 *
 * One tracker per Graph client; the composition root builds one client, so every call in the
 * process shares it. Policy (defaults, all overridable):
 *  - below `spaceAbovePercent` (75): no wait;
 *  - from 75 up to 95: consecutive calls that spend the budget are spaced; the interval grows
 *    linearly from `minSpacingMs` (500) at 75 % to `maxSpacingMs` (5000) at 95 %. Slots are
 *    reserved, so concurrent callers queue rather than all going at once;
 *  - at `holdAbovePercent` (95) or more, or whenever Meta gives estimated_time_to_regain_access
 *    > 0: calls are held until the figure's time + the regain estimate (BUC: minutes; ad
 *    account: reset_time_duration seconds; app, which gives none: `defaultHoldMs`, 60 s).
 *    After the hold one call goes through and brings fresh figures.
 * The app budget applies to every call; business and ad-account budgets only to calls that
 * name the object (`usageObjectId`, or an `act_…` path). Figures older than an hour (Meta's
 * window) are ignored.
 *
 * An object nothing is known about yet gets one call at a time (`probe`) until Meta's first
 * answer: the account may be full already, and a burst of lanes starting together would all
 * spend into the limit before any of them heard so.
 */
import {
  hasUsageHeader,
  type AdAccountUsage,
  type AppUsage,
  type BusinessUseCaseUsage,
  normalizeObjectId,
  parseUsageHeaders,
  peakPercent,
} from './usage-headers.ts';

export interface ThrottleOptions {
  spaceAbovePercent?: number;
  holdAbovePercent?: number;
  minSpacingMs?: number;
  maxSpacingMs?: number;
  defaultHoldMs?: number;
  staleAfterMs?: number;
}

type Stamped<T> = T & { updatedAt: number };

export interface UsageSnapshot {
  app?: Stamped<AppUsage>;
  businesses: Record<string, Stamped<BusinessUseCaseUsage>[]>;
  adAccounts: Record<string, Stamped<AdAccountUsage>>;
}

export type UsageScope = 'app' | 'business' | 'ad_account';

export interface ThrottleDecision {
  waitMs: number;
  /** The budget that caused the longest wait, for logs and metrics. */
  scope?: UsageScope;
  objectId?: string;
  held: boolean;
}

interface Budget {
  scope: UsageScope;
  objectId?: string;
  key: string;
  percent: number;
  updatedAt: number;
  /** How long after updatedAt access is expected back, when Meta says. */
  regainMs: number;
}

const NO_WAIT: ThrottleDecision = Object.freeze({ waitMs: 0, held: false });

/**
 * One budget's latest figures as another process may need them: what `record` learnt from a
 * response, or what `apply` takes from another process (several workers share one Meta budget).
 */
export type SharedFigure =
  | { kind: 'app'; key: 'app'; figures: AppUsage; updatedAt: number }
  | { kind: 'business'; key: string; objectId: string; figures: BusinessUseCaseUsage; updatedAt: number }
  | { kind: 'ad_account'; key: string; objectId: string; figures: AdAccountUsage; updatedAt: number };

/** A change worth telling other processes: a policy threshold crossed, 5 points moved, a regain estimate, or 5 minutes. */
const ANNOUNCE_STEP_PERCENT = 5;
const ANNOUNCE_AGAIN_MS = 5 * 60_000;

export class UsageTracker {
  private app?: Stamped<AppUsage>;
  private lastAppText?: string;
  private readonly businesses = new Map<string, Map<string, Stamped<BusinessUseCaseUsage>>>();
  private readonly adAccounts = new Map<string, Stamped<AdAccountUsage>>();
  private readonly nextSlot = new Map<string, number>();
  /** Objects whose first call is out: later callers wait for its answer. */
  private readonly probing = new Map<string, Promise<void>>();
  /** Objects already probed whose answers carried no figure: not held back again within the hour. */
  private readonly probedAt = new Map<string, number>();
  private readonly o: Required<ThrottleOptions>;
  private readonly announced = new Map<string, { percent: number; regain: number; at: number }>();
  private listener: ((figure: SharedFigure) => void) | undefined;

  constructor(options: ThrottleOptions = {}) {
    this.o = {
      spaceAbovePercent: options.spaceAbovePercent ?? 75,
      holdAbovePercent: options.holdAbovePercent ?? 95,
      minSpacingMs: options.minSpacingMs ?? 500,
      maxSpacingMs: options.maxSpacingMs ?? 5_000,
      defaultHoldMs: options.defaultHoldMs ?? 60_000,
      staleAfterMs: options.staleAfterMs ?? 3_600_000,
    };
  }

  /** Records the figures of one response. `objectId` attributes X-Ad-Account-Usage. */
  record(headers: Record<string, string>, objectId: string | undefined, now: number): void {
    if (!hasUsageHeader(headers)) return;
    // X-App-Usage comes with nearly every response and changes slowly: when the text is the
    // same as last time only the time moves, which spares a JSON parse on the hot path.
    const appText = headers['x-app-usage'];
    if (this.app && appText === this.lastAppText && !('x-business-use-case-usage' in headers) && !('x-ad-account-usage' in headers)) {
      this.app.updatedAt = now;
      // Unchanged, but other processes forget figures after an hour: told again now and then.
      if (now - (this.announced.get('app')?.at ?? 0) >= ANNOUNCE_AGAIN_MS) this.set({ kind: 'app', key: 'app', figures: this.app, updatedAt: now }, true);
      return;
    }
    this.lastAppText = appText;
    const parsed = parseUsageHeaders(headers);
    if (parsed.app) this.set({ kind: 'app', key: 'app', figures: parsed.app, updatedAt: now }, true);
    if (parsed.business) {
      for (const [id, entries] of Object.entries(parsed.business)) {
        for (const e of entries) this.set({ kind: 'business', key: `business:${id}:${e.type}`, objectId: id, figures: e, updatedAt: now }, true);
      }
    }
    if (parsed.adAccount && objectId !== undefined) {
      const id = normalizeObjectId(objectId);
      this.set({ kind: 'ad_account', key: `ad_account:${id}`, objectId: id, figures: parsed.adAccount, updatedAt: now }, true);
    }
  }

  /** Told of every figure worth sharing that this process learnt from Meta (one listener). */
  onAnnounce(listener: (figure: SharedFigure) => void): void {
    this.listener = listener;
  }

  /** A figure another process learnt: kept when newer than what this one knows, never announced again. */
  apply(figure: SharedFigure): void {
    const current = this.updatedAtOf(figure);
    if (current !== undefined && current >= figure.updatedAt) return;
    this.set(figure, false);
  }

  private updatedAtOf(figure: SharedFigure): number | undefined {
    if (figure.kind === 'app') return this.app?.updatedAt;
    if (figure.kind === 'ad_account') return this.adAccounts.get(figure.objectId)?.updatedAt;
    return this.businesses.get(figure.objectId)?.get(figure.figures.type)?.updatedAt;
  }

  private set(figure: SharedFigure, learnt: boolean): void {
    if (figure.kind === 'app') this.app = { ...figure.figures, updatedAt: figure.updatedAt };
    else if (figure.kind === 'ad_account') this.adAccounts.set(figure.objectId, { ...figure.figures, updatedAt: figure.updatedAt });
    else {
      let byType = this.businesses.get(figure.objectId);
      if (!byType) this.businesses.set(figure.objectId, (byType = new Map()));
      byType.set(figure.figures.type, { ...figure.figures, updatedAt: figure.updatedAt });
    }
    const percent = figure.kind === 'ad_account' ? figure.figures.accIdUtilPct : peakPercent(figure.figures);
    const regain = figure.kind === 'business' ? figure.figures.estimatedTimeToRegainAccessMinutes : figure.kind === 'ad_account' ? figure.figures.resetTimeDurationSeconds : 0;
    const last = this.announced.get(figure.key);
    const worth =
      !last ||
      Math.abs(percent - last.percent) >= ANNOUNCE_STEP_PERCENT ||
      this.band(percent) !== this.band(last.percent) ||
      regain !== last.regain ||
      figure.updatedAt - last.at >= ANNOUNCE_AGAIN_MS;
    if (!worth) return;
    // What another process told us counts as told: it is not sent back.
    this.announced.set(figure.key, { percent, regain, at: figure.updatedAt });
    if (this.announced.size > 50_000) this.announced.clear();
    if (learnt) this.listener?.(figure);
  }

  /** The policy's zones: free, spaced, held. */
  private band(percent: number): number {
    return percent >= this.o.holdAbovePercent ? 2 : percent >= this.o.spaceAbovePercent ? 1 : 0;
  }

  /**
   * How long a call spending `objectId`'s budget (and the app's) must wait now. Reserves the
   * call's slot: callers must then wait `waitMs` and make the call.
   */
  reserve(objectId: string | undefined, now: number): ThrottleDecision {
    // The common case costs nothing: no figure at all, or only a comfortable app figure.
    if (this.businesses.size === 0 && this.adAccounts.size === 0 && (!this.app || peakPercent(this.app) < this.o.spaceAbovePercent)) {
      return NO_WAIT;
    }
    let wait = 0;
    let worst: Budget | undefined;
    let held = false;
    const spaced: { key: string; interval: number }[] = [];
    for (const b of this.budgets(objectId, now)) {
      let start = now;
      const holding = b.percent >= this.o.holdAbovePercent || b.regainMs > 0;
      if (holding) {
        const until = b.updatedAt + (b.regainMs > 0 ? b.regainMs : this.o.defaultHoldMs);
        if (until > now) {
          start = until;
          held = true;
        }
      }
      if (b.percent >= this.o.spaceAbovePercent || holding) {
        start = Math.max(start, this.nextSlot.get(b.key) ?? 0);
        spaced.push({ key: b.key, interval: this.spacingMs(b.percent) });
      }
      if (start - now > wait) {
        wait = start - now;
        worst = b;
      }
    }
    for (const s of spaced) this.nextSlot.set(s.key, now + wait + s.interval);
    if (this.nextSlot.size > 10_000) this.pruneSlots(now);
    return { waitMs: wait, held: held && wait > 0, scope: worst?.scope, objectId: worst?.objectId };
  }

  /**
   * For a call naming `objectId`: `undefined` when the object's budget is known (or was asked
   * within the hour), else either `wait` (another call is asking Meta first: wait, then
   * `reserve`) or `done` (this call asks first: call `done` when its answer is recorded).
   */
  probe(objectId: string | undefined, now: number): { wait: Promise<void>; done?: undefined } | { wait?: undefined; done: () => void } | undefined {
    if (objectId === undefined) return undefined;
    const id = normalizeObjectId(objectId);
    const out = this.probing.get(id);
    if (out) return { wait: out };
    if (this.known(id, now)) return undefined;
    const asked = this.probedAt.get(id);
    if (asked !== undefined && now - asked < this.o.staleAfterMs) return undefined;
    let release!: () => void;
    this.probing.set(id, new Promise<void>((resolve) => (release = resolve)));
    return {
      done: () => {
        this.probing.delete(id);
        if (this.probedAt.size > 10_000) this.probedAt.clear();
        this.probedAt.set(id, now);
        release();
      },
    };
  }

  private known(id: string, now: number): boolean {
    const fresh = (updatedAt: number) => now - updatedAt < this.o.staleAfterMs;
    const ad = this.adAccounts.get(id);
    if (ad && fresh(ad.updatedAt)) return true;
    for (const e of this.businesses.get(id)?.values() ?? []) if (fresh(e.updatedAt)) return true;
    return false;
  }

  snapshot(): UsageSnapshot {
    const businesses: UsageSnapshot['businesses'] = {};
    for (const [id, byType] of this.businesses) businesses[id] = [...byType.values()].map((e) => ({ ...e }));
    const adAccounts: UsageSnapshot['adAccounts'] = {};
    for (const [id, u] of this.adAccounts) adAccounts[id] = { ...u };
    return { ...(this.app && { app: { ...this.app } }), businesses, adAccounts };
  }

  private spacingMs(percent: number): number {
    const { spaceAbovePercent: lo, holdAbovePercent: hi, minSpacingMs: min, maxSpacingMs: max } = this.o;
    const t = hi > lo ? Math.min(1, Math.max(0, (percent - lo) / (hi - lo))) : 1;
    return Math.round(min + t * (max - min));
  }

  private *budgets(objectId: string | undefined, now: number): Generator<Budget> {
    const fresh = (updatedAt: number) => now - updatedAt < this.o.staleAfterMs;
    if (this.app && fresh(this.app.updatedAt)) {
      yield { scope: 'app', key: 'app', percent: peakPercent(this.app), updatedAt: this.app.updatedAt, regainMs: 0 };
    }
    if (objectId === undefined) return;
    const id = normalizeObjectId(objectId);
    for (const e of this.businesses.get(id)?.values() ?? []) {
      if (!fresh(e.updatedAt)) continue;
      yield {
        scope: 'business',
        objectId: id,
        key: `business:${id}:${e.type}`,
        percent: peakPercent(e),
        updatedAt: e.updatedAt,
        regainMs: e.estimatedTimeToRegainAccessMinutes * 60_000,
      };
    }
    const ad = this.adAccounts.get(id);
    if (ad && fresh(ad.updatedAt)) {
      // reset_time_duration is only a regain estimate once the account is actually at its limit.
      const regainMs = ad.accIdUtilPct >= this.o.holdAbovePercent ? ad.resetTimeDurationSeconds * 1000 : 0;
      yield { scope: 'ad_account', objectId: id, key: `ad_account:${id}`, percent: ad.accIdUtilPct, updatedAt: ad.updatedAt, regainMs };
    }
  }

  private pruneSlots(now: number): void {
    for (const [k, at] of this.nextSlot) if (at <= now) this.nextSlot.delete(k);
  }
}
