/**
 * `wevion build`: what `npm install` prepares once, so that `wevion serve` does no building of its
 * own (issue 18). Three parts, each skipped when already up to date:
 *   - server: src/ compiled into build/ (done by bin/wevion.js before this program loads; see
 *     bin/build-server.js);
 *   - web: the UI built by Vite into dist/web (src/web/build.ts);
 *   - database: the embedded database template in dist/pglite-template (src/db/pglite-template.ts).
 */
import { systemClock } from './clock.ts';
import { composeApplication } from './compose.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { buildTemplate, templateStale } from './db/pglite-template.ts';
import { createLogger } from './logger.ts';
import { generateKeySpec, parseKeys } from './vault/keys.ts';
import { Vault } from './vault/vault.ts';
import { ensureWebBuilt } from './web/build.ts';

export type BuildPart = 'server' | 'web' | 'database';

export async function runBuild(options: { force?: boolean; only?: BuildPart; out?: (line: string) => void } = {}): Promise<void> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const wants = (part: BuildPart) => options.only === undefined || options.only === part;
  if (wants('web')) {
    const { built } = await ensureWebBuilt({ force: options.force, logger: { info: (line) => out(`wevion build: ${line}`) } });
    if (!built) out('wevion build: web UI is up to date in dist/web');
  }
  if (wants('database')) {
    if (!options.force && !templateStale()) out('wevion build: embedded database template is up to date in dist/pglite-template');
    else {
      const { ms } = await buildTemplate(async (dataDir) => {
        const database = await openDatabase({ dataDir, seedFromTemplate: false });
        try {
          await migrate(database.db);
          // The job queue as a start installs it on an empty database (pg-boss's schema and a
          // queue, with its partition, per job), without working or scheduling anything. Nothing
          // the application writes is per install: no key, no app, no account.
          const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
          const meta = { appId: '0', appSecret: 'template', graphUrl: 'http://127.0.0.1:9', dialogUrl: 'http://127.0.0.1:9', graphVersion: config.meta.graphVersion, redirectUri: `${config.publicUrl}/connect/meta/callback` };
          const application = composeApplication({ config, database, vault: new Vault(parseKeys(generateKeySpec())), clock: systemClock, logger: createLogger({ level: 'silent' }), meta });
          await application.queue.start({ work: false, schedule: false });
          await application.close();
        } finally {
          await database.close();
        }
      });
      out(`wevion build: embedded database template made in dist/pglite-template in ${(ms / 1000).toFixed(1)} s`);
    }
  }
}
