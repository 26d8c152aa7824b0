/**
 * The refresh sweep at scale (issue 5): 10,000 user tokens of which 2,000 are due, against the
 * emulator (its own process) answering every Graph call after 50 ms. Prints the wall time of the
 * sweep, the Graph calls per refreshed token (emulator call log), and the ratio to the ideal
 * `due × 2 calls × latency / (concurrency × workers)`: what the sweep would take if only Meta's
 * latency counted. Targets: ratio under 1.3, at most 2 Graph calls per refreshed token.
 *
 *   node --import tsx bench/refresh.ts [--tokens 10000] [--due 2000] [--latency 50] [--concurrency 16] [--workers 1]
 *
 * Workers are sweeps running at once in this process, each with its own Graph client and, on
 * PostgreSQL, its own connection pool (what separate `wevion worker` processes would have; on
 * PGlite they share its one connection). The sweep is `tokens.refreshDue({ concurrency })`,
 * exactly what the token-refresh job runs. With DATABASE_URL it runs on
 * PostgreSQL in a database of its own, dropped at the end.
 */
import { Registry } from 'prom-client';
import { systemClock } from '../src/clock.ts';
import { composeApplication, type MetaSettings } from '../src/compose.ts';
import { createLogger } from '../src/logger.ts';
import type { RefreshSummary } from '../src/tokens/refresh.ts';
import { bigWorld, DAY_MS, insertProfiles, mintTokens, userIdOf } from '../test/chaos/population.ts';
import { testConfig } from '../test/helpers/app.ts';
import { createMember, testVault } from '../test/helpers/factories.ts';
import { arg, benchDatabase, machine, startEmulatorProcess } from './lib.ts';
import { DEFAULT_GRAPH_VERSION } from '../src/meta-facts/api-versions.ts';

const TOKENS = Number(arg('tokens', '10000'));
const DUE = Number(arg('due', '2000'));
const LATENCY_MS = Number(arg('latency', '50'));
const CONCURRENCY = Number(arg('concurrency', '16'));
const WORKERS = Number(arg('workers', '1'));
const APP = { id: '990000000000002', secret: 'bench-refresh-app-secret', name: 'Wevion bench', redirectUris: ['http://localhost/connect/meta/callback'], requireAppsecretProof: true, longLivedReexchange: 'extend' as const };

async function main(): Promise<void> {
  const setupStarted = performance.now();
  // The database first: a DATABASE_URL that cannot be reached fails here, before any child process.
  const bench = await benchDatabase();
  const emulator = await startEmulatorProcess(bigWorld(APP, TOKENS));
  try {
    const vault = testVault();
    const member = await createMember(bench.database.db, { workspace: 'Bench', role: 'admin' });
    const users = Array.from({ length: TOKENS }, (_, i) => userIdOf(i));
    const now = Date.now();
    const minted = new Map([
      ...(await mintTokens(emulator.url, APP.id, users.slice(0, DUE), now + 3 * DAY_MS)),
      ...(await mintTokens(emulator.url, APP.id, users.slice(DUE), now + 50 * DAY_MS)),
    ]);
    await insertProfiles(bench.database.db, vault, member.workspaceId, member.id, users.map((metaUserId) => ({ metaUserId, token: minted.get(metaUserId)!.token, expiresAt: minted.get(metaUserId)!.expiresAt })));
    await emulator.control('POST', '/__control/limits', { latencyMs: LATENCY_MS });
    const setupSeconds = (performance.now() - setupStarted) / 1000;

    const meta: MetaSettings = { appId: APP.id, appSecret: APP.secret, graphUrl: emulator.url, dialogUrl: emulator.url, graphVersion: DEFAULT_GRAPH_VERSION, redirectUri: APP.redirectUris[0]! };
    const config = testConfig({ LOG_LEVEL: 'silent' });
    const logger = createLogger({ level: 'silent' });
    const workers = await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        const database = await bench.open();
        const application = composeApplication({ config, database, vault, clock: systemClock, logger, meta, registry: new Registry() });
        return { database, application };
      }),
    );

    const started = performance.now();
    const summaries: RefreshSummary[] = await Promise.all(workers.map((w) => w.application.tokens.refreshDue({ concurrency: CONCURRENCY })));
    const wallMs = performance.now() - started;

    const calls = ((await emulator.control('GET', '/__control/calls')) as { calls: Array<{ path: string; status: number }> }).calls;
    const refreshed = summaries.reduce((n, s) => n + s.refreshed, 0);
    const failed = summaries.reduce((n, s) => n + s.failed, 0);
    const idealMs = (DUE * 2 * LATENCY_MS) / (CONCURRENCY * WORKERS);
    const result = {
      engine: bench.engine,
      workers: WORKERS,
      concurrency: CONCURRENCY,
      tokens: TOKENS,
      due: DUE,
      latencyMs: LATENCY_MS,
      refreshed,
      failed,
      wallSeconds: Number((wallMs / 1000).toFixed(2)),
      idealSeconds: Number((idealMs / 1000).toFixed(2)),
      ratio: Number((wallMs / idealMs).toFixed(2)),
      graphCalls: calls.length,
      callsPerRefreshed: Number((calls.length / Math.max(1, refreshed)).toFixed(2)),
      failedCalls: calls.filter((c) => c.status !== 200).length,
      setupSeconds: Number(setupSeconds.toFixed(1)),
      machine: machine(),
    };
    process.stdout.write(
      [
        `refresh sweep — ${bench.engine}, ${WORKERS} worker(s) × concurrency ${CONCURRENCY}, ${TOKENS} tokens, ${DUE} due, Meta latency ${LATENCY_MS} ms`,
        `  wall time        ${result.wallSeconds} s (ideal ${result.idealSeconds} s, ratio ${result.ratio}; target < 1.3)`,
        `  refreshed        ${refreshed} of ${DUE} (failed ${failed}); per worker ${summaries.map((s) => s.refreshed).join(' / ')}`,
        `  Graph calls      ${calls.length} = ${result.callsPerRefreshed} per refreshed token (target ≤ 2)`,
        `  machine          ${result.machine}`,
        `  setup            ${result.setupSeconds} s (not measured)`,
        JSON.stringify(result),
        '',
      ].join('\n'),
    );
    if (refreshed !== DUE) process.exitCode = 1;
    for (const w of workers) {
      await w.application.close();
      if (w.database !== bench.database) await w.database.close();
    }
  } finally {
    await bench.drop();
    await emulator.stop();
  }
}

await main();
