import { Option, type Command } from 'commander';
import { findWorkspaceByName } from '../accounts/accounts.queries.ts';
import type { Config } from '../config.ts';
import type { TokenStatus } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { Db } from '../db/database.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { getMetaUser } from '../tokens/tokens.queries.ts';
import type { Verifier, VerifyOutcome } from '../tokens/verification.ts';
import { listTokensForOperators, type TokenListRow } from './ops.queries.ts';
import { pageCheckouts } from '../checkout/checkouts.queries.ts';
import { checkoutView } from '../checkout/views.ts';
import { isUuid } from '../ids.ts';

/** What these commands use of a started process (the CLI passes main.ts's Runtime). */
export interface OperatorRuntime {
  database: { db: Db };
  queue: Pick<JobQueue, 'start'>;
  application: { tokens: { verifier: Pick<Verifier, 'verify'> } };
}

export interface OperatorCliHelpers {
  config(): Config;
  withRuntime<T>(fn: (runtime: OperatorRuntime) => Promise<T>): Promise<T>;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

/** `wevion tokens list|verify` and `wevion doctor`. Tokens are never printed, only their state. */
export function registerOperatorCommands(program: Command, helpers: OperatorCliHelpers): void {
  const tokens = program.command('tokens').description('Meta profiles and the health of their tokens');
  tokens
    .command('list')
    .description('list profiles with token type, status and expiry (never the token)')
    .addOption(new Option('--status <status>', 'only this status').choices(['active', 'inactive', 'expired']))
    .option('--workspace <name>', 'only this workspace')
    .option('--json', 'JSON instead of a table')
    .action((options: { status?: TokenStatus; workspace?: string; json?: boolean }) =>
      helpers.withRuntime(async (runtime) => {
        const db = runtime.database.db;
        let workspaceId: string | undefined;
        if (options.workspace) {
          const workspace = await findWorkspaceByName(db, options.workspace);
          if (!workspace) throw new AppError('not_found', `workspace "${options.workspace}" not found`);
          workspaceId = workspace.id;
        }
        const rows = await listTokensForOperators(db, { status: options.status, workspaceId });
        if (options.json) out(JSON.stringify({ tokens: rows.map(toJson) }));
        else out(table(rows));
      }),
    );

  tokens
    .command('verify')
    .argument('<id>', 'profile id (from `wevion tokens list`)')
    .option('--json', 'JSON instead of a sentence')
    .description('check the token with Meta now (GET /me); changes its status only when Meta confirms it is invalid')
    .action((id: string, options: { json?: boolean }) =>
      helpers.withRuntime(async (runtime) => {
        if (!isUuid(id)) throw new AppError('invalid_input', `"${id}" is not a profile id; see \`wevion tokens list\``);
        const db = runtime.database.db;
        const before = await getMetaUser(db, id);
        if (!before) throw new AppError('not_found', `profile ${id} not found`);
        // Started (without working) so what the check sets off can be queued: a later re-check,
        // webhook deliveries.
        await runtime.queue.start({ work: false, schedule: false });
        const outcome = await runtime.application.tokens.verifier.verify(id);
        const after = (await getMetaUser(db, id)) ?? before;
        if (options.json) {
          out(JSON.stringify({ id, name: after.name, outcome, status: after.status, lastError: after.lastError ? { code: after.lastError.code, subcode: after.lastError.subcode, message: after.lastError.message } : null }));
        } else {
          out(`${outcome}: ${describeOutcome(outcome, after.name, before.status, after.status, after.lastError?.message)}`);
        }
        // Exit 1 when Meta could not give an answer; an answer, even "expired", is the command working.
        if (outcome === 'inconclusive') process.exitCode = 1;
      }),
    );

  tokens
    .command('checkouts')
    .description('the tokens handed out to other services: which key, which profile and asset, what for (never the token)')
    .option('--profile <id>', 'only this profile')
    .option('--workspace <name>', 'only this workspace')
    .option('--limit <n>', 'how many, newest first (default 50)', '50')
    .option('--json', 'JSON instead of a table')
    .action((options: { profile?: string; workspace?: string; limit: string; json?: boolean }) =>
      helpers.withRuntime(async (runtime) => {
        const db = runtime.database.db;
        if (options.profile !== undefined && !isUuid(options.profile)) throw new AppError('invalid_input', `--profile: "${options.profile}" is not a profile id; see \`wevion tokens list\``);
        const limit = Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new AppError('invalid_input', '--limit: a whole number from 1 to 10000');
        let workspaceId: string | undefined;
        if (options.workspace) {
          const workspace = await findWorkspaceByName(db, options.workspace);
          if (!workspace) throw new AppError('not_found', `workspace "${options.workspace}" not found`);
          workspaceId = workspace.id;
        }
        const rows = (await pageCheckouts(db, { workspaceId, profileId: options.profile, limit })).map(checkoutView);
        if (options.json) out(JSON.stringify({ checkouts: rows }));
        else out(checkoutTable(rows));
      }),
    );

  program
    .command('doctor')
    .description('check configuration, database, job queue, Meta and encryption keys (exit 1 if a check fails)')
    .option('--json', 'JSON instead of one line per check')
    .action(async (options: { json?: boolean }) => {
      // The doctor opens the database itself: its engines are loaded only for it.
      const { doctorPassed, formatCheck, runDoctor } = await import('./doctor.ts');
      const checks = await runDoctor(helpers.config());
      if (options.json) out(JSON.stringify({ ok: doctorPassed(checks), checks }));
      else for (const check of checks) out(formatCheck(check));
      // Exit explicitly once the lines are out: a connection attempt to an unreachable database
      // host may otherwise keep the process alive until the operating system gives up on it.
      const code = doctorPassed(checks) ? 0 : 1;
      process.stdout.write('', () => process.exit(code));
    });
}

function describeOutcome(outcome: VerifyOutcome, name: string, before: TokenStatus, after: TokenStatus, cause: string | undefined): string {
  switch (outcome) {
    case 'valid':
      return `${name}: Meta accepted the token; it stays ${after}`;
    case 'expired':
    case 'inactive':
      return `${name}: Meta confirmed the token is invalid (${cause ?? 'no cause given'}); status ${before} → ${after}; the owner is told to reconnect`;
    case 'inconclusive':
      return `${name}: Meta could not answer now (timeout, throttling or server error); status unchanged (${after}), checked again later`;
    case 'not_active':
      return `${name}: not checked, the token is ${after} (only Active tokens are verified; reconnect the profile)`;
    case 'held':
      return `${name}: not judged: Meta refuses the app itself (see \`wevion doctor\`); status unchanged (${after}), checked again once the app is healthy`;
    case 'superseded':
      return `${name}: the token checked was replaced meanwhile (reconnect or refresh); the new one stands (${after})`;
  }
}

const when = (date: Date | null) => (date ? date.toISOString().slice(0, 16).replace('T', ' ') : 'never');

function toJson(row: TokenListRow) {
  return { ...row, expiresAt: row.expiresAt?.toISOString() ?? null, lastRefreshedAt: row.lastRefreshedAt?.toISOString() ?? null, lastVerifiedAt: row.lastVerifiedAt?.toISOString() ?? null };
}

function table(rows: TokenListRow[]): string {
  if (rows.length === 0) return 'no profiles';
  const header = ['ID', 'WORKSPACE', 'NAME', 'TYPE', 'STATUS', 'EXPIRES (UTC)', 'NOTE'];
  const body = rows.map((row) => [
    row.id,
    row.workspace,
    row.name,
    row.tokenType,
    row.status,
    row.tokenType === 'system_user' && !row.expiresAt ? 'never' : when(row.expiresAt),
    [row.needsReconnect ? 'needs reconnect' : '', row.lastError && row.status !== 'active' ? row.lastError.message : ''].filter(Boolean).join('; '),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

function checkoutTable(rows: Array<ReturnType<typeof checkoutView>>): string {
  const header = ['CHECKOUT', 'AT (UTC)', 'KEY', 'PROFILE', 'META USER', 'ASSET', 'PURPOSE'];
  const lines = rows.map((r) => [r.id, r.createdAt.replace('T', ' ').slice(0, 19), r.apiKeyName ?? r.apiKeyId ?? '—', r.profileName ?? r.profileId ?? '(removed)', r.metaUserId, r.assetMetaId ?? (r.assetType ? `${r.assetType} ${r.assetId}` : 'the profile'), r.purpose]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [header, ...lines].map((l) => l.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
