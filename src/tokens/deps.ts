import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { GraphClient } from '../meta/graph-client.ts';
import type { GraphError } from '../meta/graph-error.ts';
import type { SignalledCause } from '../meta/token-causes.ts';
import type { Vault } from '../vault/vault.ts';
import type { MetaUser } from './tokens.queries.ts';

/** What happened to a token, told to whoever listens (assets, webhooks, alert channels). */
export type TokenEvent =
  | { type: 'status_changed'; metaUser: MetaUser; from: MetaUser['status']; to: MetaUser['status']; notificationIds: string[] }
  | { type: 'connected' | 'reconnected' | 'refreshed' | 'refresh_not_extended'; metaUser: MetaUser; notificationIds: string[] }
  // Warnings while the token is still Active: refresh failing for more than 24 h, data access ending.
  | { type: 'refresh_failing' | 'data_access_expiring'; metaUser: MetaUser; notificationIds: string[] };

type WithoutIds<E> = E extends unknown ? Omit<E, 'notificationIds'> : never;

/**
 * A change while it is being written, with the time it is written at. `metaUser` is the profile
 * as the change leaves it (for status_changed: its incident id and last error).
 */
export type TokenChange = WithoutIds<TokenEvent> & { at: Date };

/**
 * The token lifecycle's one port to the areas that react to it. It never writes their rows
 * itself: whatever must commit with a change (the in-app notifications, told once per incident)
 * is written by an in-transaction listener, and everything else hears of it after the commit.
 */
export interface TokenEventSink {
  /**
   * Inside the change's own transaction (`trx`), once the conditional write has won, so a change
   * that loses a race tells no one. A listener that throws rolls the change back. Returns the
   * notifications the listeners wrote, which the after-commit event names.
   * Where a change is a single statement there is no transaction: `trx` is the database itself.
   */
  inTransaction(trx: Db, change: TokenChange): Promise<string[]>;
  /** Called after the change is committed; a failing listener is logged, never undoes the change. */
  emit(event: TokenEvent): Promise<void>;
}

/** The Graph error a verification started from, as kept for a re-check. */
export interface VerificationTrigger {
  code: number | null;
  subcode: number | null;
  fbtraceId: string | null;
}

/**
 * What the token lifecycle asks of Meta app health (the meta-app area implements it): a status
 * may change only while Meta still accepts the app, since reconnecting cannot fix an app problem.
 */
export interface AppGate {
  /** True while the app is known unhealthy: verifications are held, no status changes. */
  holding(): Promise<boolean>;
  /** What this process's own last check of the app found, without asking anyone: for hot loops. */
  refusedHere(): boolean;
  /** Meta refuses this process's own credentials (not the deployment's): it must decide nothing. */
  ownCredentialsRefused(): boolean;
  /**
   * Asked right before a verification changes a status, after the refusal it judges was
   * received: the app is checked by a check started after this call. `proceed`; `hold` (the app
   * is unhealthy, keep the check for later); `unknown` (the app could not be checked now).
   */
  beforeConfirm(): Promise<'proceed' | 'hold' | 'unknown'>;
  /** A Graph refusal that may be about the app: the app is checked (deduplicated). */
  suspect(error: GraphError): Promise<void>;
  /** Keeps a profile's verification until the app is healthy again. */
  hold(profileId: string, trigger: VerificationTrigger | undefined): Promise<void>;
}

export interface TokenDeps {
  db: Db;
  vault: Vault;
  graph: GraphClient;
  clock: Clock;
  logger: Logger;
  events: TokenEventSink;
  appGate: AppGate;
  /** Later verification when Meta could not answer now (timeouts, throttling, 5xx); `cause`: what Meta told us, kept for the re-check. */
  scheduleVerification?: (profileId: string, delaySeconds: number, cause?: SignalledCause) => Promise<void>;
}

/** For code that runs the lifecycle with no one listening (benchmarks, asset tests). */
export const noEvents: TokenEventSink = { inTransaction: async () => [], emit: async () => {} };
