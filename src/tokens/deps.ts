import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import type { GraphClient } from '../meta/graph-client.ts';
import type { Vault } from '../vault/vault.ts';
import type { MetaUser } from './tokens.queries.ts';

/** What happened to a token, told to whoever listens (assets, webhooks, alert channels). */
export type TokenEvent =
  | { type: 'status_changed'; metaUser: MetaUser; from: MetaUser['status']; to: MetaUser['status']; notificationIds: string[] }
  | { type: 'connected' | 'reconnected' | 'refreshed' | 'refresh_not_extended'; metaUser: MetaUser; notificationIds: string[] }
  // Warnings while the token is still Active: refresh failing for more than 24 h, data access ending.
  | { type: 'refresh_failing' | 'data_access_expiring'; metaUser: MetaUser; notificationIds: string[] };

export interface TokenEventSink {
  /** Called after the change is committed; a failing listener is logged, never undoes the change. */
  emit(event: TokenEvent): Promise<void>;
}

export interface TokenDeps {
  db: Db;
  vault: Vault;
  graph: GraphClient;
  clock: Clock;
  logger: Logger;
  events: TokenEventSink;
  /** Later verification when Meta could not answer now (timeouts, throttling, 5xx). */
  scheduleVerification?: (profileId: string, delaySeconds: number) => Promise<void>;
}

export const noEvents: TokenEventSink = { emit: async () => {} };
