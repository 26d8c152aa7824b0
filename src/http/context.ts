import type { Registry } from 'prom-client';
import type { Member } from '../accounts/accounts.ts';
import type { ApiKeyScope } from '../accounts/scopes.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Logger } from '../logger.ts';

/** Everything the HTTP layer needs, passed in by the composition root. */
export interface HttpDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  registry: Registry;
  queue: JobQueue;
  /** Whether Meta accepts the app (shown on /readyz; readiness itself does not depend on it). */
  metaApp?: () => Promise<{ healthy: boolean; reason: string | null; since: string | null }>;
  /** What Meta said of this process's own app credentials: refused makes /readyz 503. */
  ownCredentials?: () => { refused: boolean; variable: 'META_APP_ID' | 'META_APP_SECRET' | null; message: string | null };
  /** Route groups added by later areas (Meta users, assets, UI…), mounted in order. */
  routes?: Array<(app: import('./openapi.ts').ApiApp) => void>;
}

export type Auth =
  | { kind: 'session'; member: Member; workspaceId: string; sessionCookie: string }
  | { kind: 'api_key'; keyId: string; workspaceId: string; scopes: readonly ApiKeyScope[] };

export interface AppEnv {
  Variables: {
    requestId: string;
    /** `performance.now()` when the request arrived: what the read caches must have heard of. */
    receivedAt: number;
    auth: Auth | undefined;
  };
}
