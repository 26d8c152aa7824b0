import { Command, Option } from 'commander';
import { API_KEY_SCOPES, DEFAULT_API_KEY_SCOPES, parseScopes } from './accounts/scopes.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { AppError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { Runtime } from './main.ts';
import { registerClassifyCommand } from './meta/classify-command.ts';
import { registerEmulatorCommand } from './emulator/cli.ts';
import { registerOperatorCommands } from './ops/tokens-cli.ts';
import { registerMetaCommands } from './meta-signals/cli.ts';
import { generateKeySpec } from './vault/keys.ts';

// Each command imports what it runs when it runs: `wevion emulator` (the demo's Meta, a process
// of its own) or `wevion keys generate` load neither the database engines nor the service.

/** Exit codes: 0 done, 1 the work failed, 2 bad configuration or usage. */
function fail(message: string, code = 1): never {
  process.stderr.write(`wevion: ${message}\n`);
  process.exit(code);
}

function config(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`, 2);
    throw error;
  }
}

async function logger(cfg: Config, name = 'wevion'): Promise<Logger> {
  const [{ destination }, { createLogger }] = await Promise.all([import('pino'), import('./logger.ts')]);
  // CLI output is for people; logs go to stderr so stdout stays machine-readable JSON. Written
  // to the descriptor by sonic-boom, asynchronously: under load the lines written while a write
  // is in flight go out together (a syscall per request line cost a busy web process a tenth of
  // its CPU); pino flushes what is pending when the process exits.
  return createLogger({ level: cfg.logLevel, name, destination: destination({ dest: 2, sync: false }) });
}

async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const cfg = config();
  const { createRuntime } = await import('./main.ts');
  const runtime = await createRuntime(cfg, { logger: await logger(cfg), role: 'cli' });
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

async function runServiceRole(role: 'serve' | 'worker'): Promise<void> {
  const cfg = config();
  const log = await logger(cfg);
  const { createRuntime, startService } = await import('./main.ts');
  // pg-boss records a job's outcome without awaiting it: with the database away (a restart) that
  // promise rejects with nobody to catch it, and Node would end the whole service. Report it.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection in the background; the service goes on'));
  const runtime = await createRuntime(cfg, { logger: log, role });
  const service = await startService(runtime, role);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // Whatever happens, the process is gone within 10 s of the signal.
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 9_500).unref();
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function buildProgram(): Command {
  const program = new Command('wevion').description('Wevion Token Health: keeps Meta access tokens healthy').showHelpAfterError();

  program.command('serve').description('HTTP API, UI and job worker (what npm start runs)').action(() => runServiceRole('serve'));
  program.command('worker').description('job worker only; several may share one PostgreSQL').action(() => runServiceRole('worker'));

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const cfg = config();
      const [{ lockDataDir }, { openDatabase }, { migrate }] = await Promise.all([import('./data-dir-lock.ts'), import('./db/database.ts'), import('./db/migrate.ts')]);
      const unlock = cfg.databaseUrl ? () => {} : lockDataDir(cfg.dataDir, 'migrate');
      const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
      try {
        const { applied } = await migrate(database.db);
        // A new embedded database starts from the template, which holds the migrations of its day.
        process.stdout.write(JSON.stringify({ applied, ...(database.seededWith ? { fromTemplate: database.seededWith } : {}) }) + '\n');
      } finally {
        await database.close();
        unlock();
      }
    });

  const jobs = program.command('jobs').description('background jobs');
  jobs
    .command('list')
    .description('list the jobs and their schedules')
    .action(() =>
      withRuntime(async (runtime) => {
        for (const job of runtime.queue.definitions()) {
          process.stdout.write(`${job.name.padEnd(22)} ${(job.cron ?? '(on demand)').padEnd(16)} ${job.description}\n`);
        }
      }),
    );
  jobs
    .command('run')
    .argument('<name>', 'job name, e.g. token-refresh')
    .option('--payload <json>', 'job payload as JSON', '{}')
    .description('run one job now in this process and print its summary')
    .action((name: string, options: { payload: string }) =>
      withRuntime(async (runtime) => {
        let payload: unknown;
        try {
          payload = JSON.parse(options.payload);
        } catch {
          fail('--payload must be JSON', 2);
        }
        await runtime.queue.start({ work: false, schedule: false });
        const summary = await runtime.queue.runNow(name, payload);
        process.stdout.write(JSON.stringify(summary ?? null) + '\n');
      }),
    );

  const keys = program.command('keys').description('encryption keys for secrets at rest');
  keys
    .command('generate')
    .option('--id <kid>', 'key id')
    .description('print a new key entry for TOKEN_ENCRYPTION_KEYS (put it first)')
    .action((options: { id?: string }) => {
      process.stdout.write(generateKeySpec(options.id) + '\n');
    });
  keys
    .command('rotate')
    .description('re-encrypt every secret under the newest key (resumable, idempotent)')
    .action(() =>
      withRuntime(async (runtime) => {
        const { rotateSecrets } = await import('./vault/secrets.queries.ts');
        const result = await rotateSecrets(runtime.database.db, runtime.vault);
        process.stdout.write(JSON.stringify({ keyId: runtime.vault.newestKeyId, ...result }) + '\n');
      }),
    );

  program
    .command('api-keys')
    .description('API keys for other services')
    .command('create')
    .requiredOption('--workspace <name>', 'workspace name')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--scope <scopes>', `comma-separated, of ${API_KEY_SCOPES.join(', ')} (default ${DEFAULT_API_KEY_SCOPES.join(',')})`)
    .action((options: { workspace: string; name: string; scope?: string }) =>
      withRuntime(async (runtime) => {
        const scopes = options.scope === undefined ? undefined : parseScopes(options.scope);
        const { createApiKey } = await import('./accounts/accounts.ts');
        const created = await createApiKey(runtime.database.db, { workspace: options.workspace, name: options.name, scopes });
        process.stdout.write(JSON.stringify({ id: created.id, key: created.key, scopes: created.scopes, note: 'Store the key now: it is not shown again.' }) + '\n');
      }),
    );

  program
    .command('users')
    .description('people who sign in')
    .command('create')
    .requiredOption('--workspace <name>', 'workspace name (created when new)')
    .requiredOption('--email <email>')
    .option('--password <password>', 'password (omit to read it from stdin)')
    .addOption(new Option('--role <role>').choices(['admin', 'member']).default('member'))
    .addOption(new Option('--locale <locale>').choices(['it', 'en']).default('it'))
    .option('--name <name>', 'display name')
    .action((options: { workspace: string; email: string; password?: string; role: 'admin' | 'member'; locale: 'it' | 'en'; name?: string }) =>
      withRuntime(async (runtime) => {
        const password = options.password ?? (await readStdin()).replace(/\r?\n$/, '');
        const { createUser } = await import('./accounts/accounts.ts');
        const { member, workspaceCreated } = await createUser(runtime.database.db, { ...options, password });
        process.stdout.write(JSON.stringify({ member, workspaceCreated }) + '\n');
      }),
    );

  program
    .command('demo')
    .description('the demo (no META_APP_ID): its workspace and the local Meta emulator')
    .command('reset')
    .description('start the demo over: deletes the demo workspace and the emulator state; the next start seeds it again')
    .action(async () => {
      const cfg = config();
      if (!cfg.demoMode) fail('demo reset works in demo mode only (META_APP_ID is set, so this is a real Meta app’s data); nothing was deleted.', 2);
      const [{ lockDataDir }, { openDatabase }, { migrate }, { assertDemoStopped, resetDemo }] = await Promise.all([
        import('./data-dir-lock.ts'),
        import('./db/database.ts'),
        import('./db/migrate.ts'),
        import('./demo/reset.ts'),
      ]);
      const unlock = cfg.databaseUrl ? () => {} : lockDataDir(cfg.dataDir, 'demo reset');
      try {
        await assertDemoStopped(cfg.emulatorPort);
        const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
        try {
          await migrate(database.db);
          const result = await resetDemo({ db: database.db, dataDir: cfg.dataDir, demoMode: cfg.demoMode });
          process.stdout.write(JSON.stringify({ ...result, next: 'npm start seeds the demo again' }) + '\n');
        } finally {
          await database.close();
        }
      } finally {
        unlock();
      }
    });

  program
    .command('build')
    .description('compile the server, build the web UI and the embedded database template (npm install runs it; parts up to date are skipped)')
    .option('--force', 'build every part even when up to date')
    .addOption(new Option('--only <part>', 'one part').choices(['server', 'web', 'database']))
    .action(async (options: { force?: boolean; only?: 'server' | 'web' | 'database' }) => {
      // The server part was done by bin/wevion.js before this program was loaded.
      if (options.only === 'server') return;
      const { runBuild } = await import('./build.ts');
      await runBuild(options);
    });

  // The emulator is its own program; the CLI is only its launcher (it shares no code with the service).
  registerEmulatorCommand(program);
  registerClassifyCommand(program);
  registerOperatorCommands(program, { config, withRuntime });
  registerMetaCommands(program, { withRuntime });

  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`, 2);
  if (error instanceof AppError) fail(error.message, error.code === 'invalid_input' ? 2 : 1);
  fail(error instanceof Error ? error.message : String(error));
}
