import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { DEMO_EMAIL, DEMO_PASSWORD, ensureDemoAccount } from './accounts/accounts.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { demoConfigurations, loadDemoApp, registerDemoApp, startDemoEmulator } from './demo/demo-meta.ts';
import { startDemoSeed, type DemoSeedReport } from './demo/seed.ts';
import { connectDemoSignals } from './demo/demo-signals.ts';
import { DEMO_CAST, DEMO_META_PASSWORD } from './demo/cast.ts';
import { createApp, createOpsApp } from './http/app.ts';
import { webRoutes } from './http/routes/web.ts';
import { listen } from './http/server.ts';
import { WEB_DIST_DIR, webBuildState } from './web/build.ts';
import { WEVION_BIN } from './paths.ts';
import { composeApplication, type Application, type MetaSettings } from './compose.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';
import { loadOrCreateKeyFile, parseKeys } from './vault/keys.ts';
import { Vault } from './vault/vault.ts';

export type Role = 'serve' | 'worker' | 'cli';

/** Everything a role needs, built once by the composition root. */
export interface Runtime {
  config: Config;
  logger: Logger;
  clock: Clock;
  database: Database;
  vault: Vault;
  registry: Registry;
  queue: JobQueue;
  meta: MetaSettings;
  application: Application;
  /** Where Meta reaches this service (callbacks, webhooks); the demo sets its loopback address once it listens. */
  signalsBase: { url: string };
  close(): Promise<void>;
}

export async function createRuntime(config: Config, options: { logger: Logger; clock?: Clock; role: Role }): Promise<Runtime> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    if (!config.databaseUrl) cleanups.push(lockDataDir(config.dataDir, options.role));
    const vault = new Vault(loadKeys(config, logger));
    const meta = resolveMeta(config);
    // The demo's Meta emulator is a process of its own: it starts while the database opens.
    const emulatorStarting = config.demoMode && options.role === 'serve' ? startDemoEmulator({ port: config.emulatorPort, dataDir: config.dataDir, logger }) : undefined;
    if (emulatorStarting) {
      emulatorStarting.catch(() => {}); // awaited below; until then its failure must not count as unhandled
      cleanups.push(async () => (await emulatorStarting.catch(() => undefined))?.stop());
    }
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, applicationName: `wevion-${options.role}` });
    cleanups.push(() => database.close());
    const { applied } = await migrate(database.db);
    if (database.seededWith) logger.info({ migrations: database.seededWith.length }, 'new embedded database created from the template made at install');
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    if (emulatorStarting) {
      const emulator = await emulatorStarting;
      await registerDemoApp(emulator.url, { id: meta.appId, secret: meta.appSecret }, meta.redirectUri);
    }

    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    // The demo's emulator delivers to the loopback address the service listens on (set once it listens).
    const signalsBase = { url: config.demoMode ? `http://127.0.0.1:${config.port}` : config.publicUrl };
    const application = composeApplication({ config, database, vault, clock, logger, meta, registry, role: options.role, signalsBaseUrl: () => signalsBase.url });
    cleanups.push(() => application.close());

    return {
      config,
      logger,
      clock,
      database,
      vault,
      registry,
      queue: application.queue,
      meta,
      application,
      signalsBase,
      close: async () => {
        for (const cleanup of cleanups.reverse()) await cleanup();
      },
    };
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
    throw error;
  }
}

function loadKeys(config: Config, logger: Logger) {
  if (config.tokenEncryptionKeys) return parseKeys(config.tokenEncryptionKeys);
  const { keys, generated, file } = loadOrCreateKeyFile(config.dataDir);
  if (generated) logger.warn({ file }, 'TOKEN_ENCRYPTION_KEYS is not set: generated a key in DATA_DIR. Back it up with the data, or set TOKEN_ENCRYPTION_KEYS.');
  return keys;
}

function resolveMeta(config: Config): MetaSettings {
  const redirectUri = `${config.publicUrl}/connect/meta/callback`;
  if (config.demoMode) {
    const app = loadDemoApp(config.dataDir);
    const url = `http://127.0.0.1:${config.emulatorPort}`;
    const configurations = demoConfigurations(app.id);
    return {
      appId: app.id,
      appSecret: app.secret,
      graphUrl: url,
      dialogUrl: url,
      graphVersion: config.meta.graphVersion,
      redirectUri,
      webhookVerifyToken: app.webhookVerifyToken,
      loginConfigId: configurations.login.id,
      businessConfigId: configurations.business.id,
    };
  }
  return {
    appId: config.meta.appId as string,
    appSecret: config.meta.appSecret as string,
    graphUrl: config.meta.graphUrl,
    dialogUrl: config.meta.dialogUrl,
    graphVersion: config.meta.graphVersion,
    redirectUri,
  };
}

/** The address this machine reaches a server listening on `host` at. */
function loopbackHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
}

function urlOf(server: Server, host: string): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
}

export interface RunningService {
  url: string | undefined;
  /** Demo mode: the first start's seeding, running in the background (tests wait for it). */
  demoSeed?: Promise<DemoSeedReport | 'already_seeded' | 'failed'>;
  stop(): Promise<void>;
}

/** `wevion serve` (HTTP + worker) or `wevion worker` (jobs only). */
export async function startService(runtime: Runtime, role: 'serve' | 'worker'): Promise<RunningService> {
  const { config, logger } = runtime;
  // `serve` answers HTTP before its workers start: their first fetches (one per worker) would
  // otherwise queue in front of the start on PGlite's one connection. Jobs can be sent already.
  await runtime.queue.start({ work: false, schedule: true });
  // Said by the processes that send alerts, not by every CLI command (it would be noise beside their output).
  if (!runtime.application.emailAvailable) logger.warn('SMTP_URL is not set: alerts go in-app and to Telegram only, not by email');
  // A wrong or rotated app secret is found at start, not at the first token problem: before this
  // process works any job, so a process started with a wrong secret never acts with it (it pauses
  // itself; see meta-app/app-health.ts). A Meta slow to answer delays the start by 5 s at most.
  // Held verifications of an app that recovered while this process was down run then.
  const firstCheck = runtime.application.appHealth.check();
  firstCheck
    .then(() => runtime.application.appHealth.watch())
    .catch((error: unknown) => logger.error({ err: error }, 'checking the Meta app at start failed'));
  await Promise.race([firstCheck.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  if (role === 'worker') await runtime.queue.work();
  let server: Server | undefined;
  let url: string | undefined;
  let demoSeed: RunningService['demoSeed'];
  const stopSeed = new AbortController();
  let web: { unavailable(): string | undefined; stop(): void } | undefined;
  if (role === 'serve') {
    if (config.demoMode) await ensureDemoAccount(runtime.database.db);
    // The UI was built by `npm install` (`wevion build`). Sources changed since (a developer's
    // edit) are rebuilt by a child process, never in this one (Vite would stay in its heap); the
    // API does not wait, and pages say "being prepared" (503) until the new build is in place.
    web = await serveCurrentWebUi(logger);
    // The UI answers its own client-side paths, so it is mounted after every API route.
    const routes = [...runtime.application.routes, webRoutes(WEB_DIST_DIR, { unavailable: web.unavailable })];
    const app = createApp({ config, database: runtime.database, clock: runtime.clock, logger, registry: runtime.registry, queue: runtime.queue, routes, metaApp: runtime.application.describeMetaApp, ownCredentials: runtime.application.appHealth.ownCredentials });
    server = await listen(app.fetch, config.port, config.host);
    url = urlOf(server, config.host);
    logger.info({ url, publicUrl: config.publicUrl, demoMode: config.demoMode }, 'Wevion Token Health is listening');
    await runtime.queue.work();
    if (config.demoMode) {
      const { appId, appSecret, redirectUri, graphUrl } = runtime.meta;
      const port = (server.address() as { port: number }).port;
      runtime.signalsBase.url = `http://${loopbackHost(config.host)}:${port}`;
      // Meta's push signals, set up by the demo itself (in the background: Meta's handshake calls us).
      void connectDemoSignals({ emulatorUrl: graphUrl, app: { id: appId, secret: appSecret }, redirectUri, baseUrl: runtime.signalsBase.url, subscribe: () => runtime.application.metaSignals.subscribe(), logger }).catch((error: unknown) =>
        logger.error({ err: error }, 'demo: connecting Meta’s callbacks and webhook subscription failed; removals are found at the next call instead'),
      );
      const account = { email: DEMO_EMAIL, password: DEMO_PASSWORD };
      demoSeed = startDemoSeed({ host: config.host, port, publicUrl: config.publicUrl, emulatorUrl: graphUrl, app: { id: appId, secret: appSecret, redirectUri }, account, dataDir: config.dataDir, clock: runtime.clock, logger, signal: stopSeed.signal });
      process.stdout.write(
        `\nWevion Token Health (demo: local Meta emulator at ${runtime.meta.graphUrl})\n  Open ${config.publicUrl}\n  Sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}\n  Meta users (emulator dialog, password ${DEMO_META_PASSWORD}): ${DEMO_CAST.map((m) => m.email).join(', ')}\n\n`,
      );
    }
  } else {
    // A worker's own metrics (refresh outcomes, Graph calls, job durations) are only in its
    // process, so it can expose health and metrics on a port of its own.
    if (config.jobs.workerMetricsPort !== undefined) {
      const deps = { config, database: runtime.database, clock: runtime.clock, logger, registry: runtime.registry, queue: runtime.queue, metaApp: runtime.application.describeMetaApp, ownCredentials: runtime.application.appHealth.ownCredentials };
      server = await listen(createOpsApp(deps).fetch, config.jobs.workerMetricsPort, config.host);
      url = urlOf(server, config.host);
    }
    logger.info({ metrics: url ? `${url}/metrics` : 'off (set WORKER_METRICS_PORT)' }, 'worker started');
  }
  return {
    url,
    ...(demoSeed ? { demoSeed } : {}),
    stop: async () => {
      // A seed still running would call a closed server: it stops at its next call.
      stopSeed.abort();
      await demoSeed;
      web?.stop();
      if (server) {
        const closing = new Promise<void>((resolve) => server?.close(() => resolve()));
        server.closeIdleConnections();
        // Requests still running get until the deadline; keep-alive sockets are not waited for.
        setTimeout(() => server?.closeAllConnections(), Math.min(2_000, config.shutdownTimeoutMs)).unref();
        await closing;
      }
      await runtime.close();
    },
  };
}

/**
 * The UI's assets for this process: when dist/web is a build of the current sources, served as
 * they are; when it is missing or stale, `wevion build --only web` runs as a child process and
 * `unavailable()` gives the pages' 503 message until it has finished (or says it failed): a stale
 * UI is never served.
 */
async function serveCurrentWebUi(logger: Logger): Promise<{ unavailable(): string | undefined; stop(): void }> {
  const state = await webBuildState().catch(() => ({ stale: true, reason: 'missing' as const }));
  if (!state.stale) return { unavailable: () => undefined, stop: () => {} };
  let message: string | undefined = 'The web UI is being prepared (its sources changed since it was built). Reload in a few seconds.';
  logger.info({ reason: state.reason }, 'the web UI is out of date: building it in a child process (wevion build --only web)');
  const started = Date.now();
  const child = spawn(process.execPath, [WEVION_BIN, 'build', '--only', 'web'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.once('error', (error) => {
    message = 'The web UI could not be built; see the server log.';
    logger.error({ err: error }, 'building the web UI failed; the API keeps working');
  });
  child.once('exit', (code, signal) => {
    if (code === 0) {
      message = undefined;
      logger.info({ seconds: Number(((Date.now() - started) / 1000).toFixed(1)) }, 'web UI built');
    } else if (signal !== 'SIGTERM') {
      message = 'The web UI could not be built; see the server log.';
      logger.error({ code, signal, output: output.trim() }, 'building the web UI failed; the API keeps working');
    }
  });
  return {
    unavailable: () => message,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
