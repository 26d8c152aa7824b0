import { Command, Option } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { AppError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { Runtime } from './main.ts';
import { registerClassifyCommand } from './meta/classify-command.ts';
import { registerEmulatorCommand } from './emulator/cli.ts';
import { registerApiKeyCommands } from './ops/api-keys-cli.ts';
import { registerJobCommands } from './ops/jobs-cli.ts';
import { registerOperatorCommands } from './ops/tokens-cli.ts';
import { registerMetaCommands } from './meta-signals/cli.ts';
import { generateKeySpec, KeyConfigError } from './vault/keys.ts';

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
    .description('apply pending database migrations and install the job queue’s schema (pg-boss)')
    .action(async () => {
      const cfg = config();
      const [{ lockDataDir }, { openDatabase }, { migrate }, { installQueueSchema }] = await Promise.all([
        import('./data-dir-lock.ts'),
        import('./db/database.ts'),
        import('./db/migrate.ts'),
        import('./jobs/queue-schema.ts'),
      ]);
      const unlock = cfg.databaseUrl ? () => {} : lockDataDir(cfg.dataDir, 'migrate');
      const database = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
      try {
        const { applied } = await migrate(database.db);
        // pg-boss's schema too, so the database is ready before any serve or worker has started.
        const jobQueueSchema = await installQueueSchema(database);
        // A new embedded database starts from the template, which holds the migrations of its day.
        process.stdout.write(JSON.stringify({ applied, jobQueueSchema, ...(database.seededWith ? { fromTemplate: database.seededWith } : {}) }) + '\n');
      } finally {
        await database.close();
        unlock();
      }
    });

  registerJobCommands(program, { withRuntime });

  const keys = program.command('keys').description('encryption keys for secrets at rest');
  keys
    .command('generate')
    .option('--id <kid>', 'key id (1-32 letters, digits, _ or -); default the day and a random suffix, e.g. k20261206-3f9a1c, new every time')
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

  registerApiKeyCommands(program, { withRuntime });

  program
    .command('users')
    .description('people who sign in')
    .command('create')
    .requiredOption('--workspace <name>', 'workspace name (created when new)')
    .requiredOption('--email <email>')
    .option('--password <password>', 'password (omit to read it from stdin)')
    .addOption(new Option('--role <role>').choices(['admin', 'member']).default('member'))
    // English unless said: the language of these commands and their docs; the person switches
    // the UI (IT/EN) themselves, and their notifications and emails follow.
    .addOption(new Option('--locale <locale>', 'language of the UI, notifications and alert emails').choices(['it', 'en']).default('en'))
    .option('--name <name>', 'display name (default none: the UI shows the email address instead)')
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
  // The key file in DATA_DIR, or `keys generate --id`, is configuration too.
  if (error instanceof KeyConfigError) fail(`invalid configuration: ${error.message}`, 2);
  if (error instanceof AppError) fail(error.message, error.code === 'invalid_input' ? 2 : 1);
  fail(error instanceof Error ? error.message : String(error));
}
