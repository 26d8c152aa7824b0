import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { defineJob } from '../jobs/definition.ts';
import { deleteExpiredSessions } from './accounts.queries.ts';

/** Deletes expired sessions. Idempotent: a second run deletes nothing more. */
export function sessionCleanupJob(deps: { db: Db; clock: Clock }) {
  return defineJob({
    name: 'session-cleanup',
    description: 'Deletes expired sign-in sessions',
    cron: '17 3 * * *',
    payload: z.object({}).passthrough(),
    recordRuns: true,
    // One DELETE.
    expireInSeconds: 5 * 60,
    handler: async () => ({ deleted: await deleteExpiredSessions(deps.db, new Date(deps.clock.now())) }),
  });
}
