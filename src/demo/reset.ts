import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { DEMO_WORKSPACE } from '../accounts/accounts.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { deleteDemoWorkspace } from './reset.queries.ts';
import { SEEDED_MARKER } from './seed.ts';

export interface DemoResetResult {
  workspacesDeleted: number;
  filesRemoved: string[];
}

/**
 * `wevion demo reset`: the demo workspace (its profiles, notifications, assets, members) is
 * deleted, and so are what the Meta emulator knew (its state file) and the "seeded" marker, so
 * the next `npm start` creates the demo account and seeds it again. The demo app's credentials
 * and the encryption keys stay: they hold nothing of the demo's story.
 */
export async function resetDemo(deps: { db: Db; dataDir: string; demoMode: boolean }): Promise<DemoResetResult> {
  if (!deps.demoMode) throw new AppError('not_demo', 'wevion demo reset works in demo mode only (META_APP_ID is set, so this is a real Meta app’s data); nothing was deleted.');
  const workspacesDeleted = await deleteDemoWorkspace(deps.db, DEMO_WORKSPACE);
  const filesRemoved: string[] = [];
  for (const name of ['emulator-state.json', SEEDED_MARKER]) {
    const file = path.resolve(deps.dataDir, name);
    if (!existsSync(file)) continue;
    rmSync(file);
    filesRemoved.push(file);
  }
  return { workspacesDeleted, filesRemoved };
}

/**
 * A running demo would write its emulator state back when it stops, and keep serving the deleted
 * workspace's sessions: the reset waits for it to be stopped. On the embedded database the DATA_DIR
 * lock says so; on PostgreSQL the demo's emulator answering on its port does.
 */
export async function assertDemoStopped(emulatorPort: number): Promise<void> {
  const answered = await fetch(`http://127.0.0.1:${emulatorPort}/__control/health`, { signal: AbortSignal.timeout(1_000) }).then(
    (response) => response.ok,
    () => false,
  );
  if (answered) throw new AppError('demo_running', `A demo is running (its Meta emulator answers on port ${emulatorPort}). Stop it first, then run wevion demo reset.`);
}
