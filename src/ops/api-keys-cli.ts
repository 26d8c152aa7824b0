import type { Command } from 'commander';
import { findWorkspaceByName } from '../accounts/accounts.queries.ts';
import { apiKeyView, revokeApiKey } from '../accounts/api-keys.ts';
import { pageApiKeys, type ApiKeyRow } from '../accounts/api-keys.queries.ts';
import { API_KEY_SCOPES, DEFAULT_API_KEY_SCOPES, parseScopes } from '../accounts/scopes.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { isUuid } from '../ids.ts';

/** What these commands use of a started process (the CLI passes main.ts's Runtime). */
export interface ApiKeysRuntime {
  database: { db: Db };
  clock: Clock;
}

export interface ApiKeysCliHelpers {
  withRuntime<T>(fn: (runtime: ApiKeysRuntime) => Promise<T>): Promise<T>;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const PAGE = 500;

/** Every key (of one workspace, or all), newest first: the API's pages, read to the end. */
export async function allApiKeys(db: Db, workspaceId?: string): Promise<ApiKeyRow[]> {
  const rows: ApiKeyRow[] = [];
  let after: [string, string] | undefined;
  for (;;) {
    const page = await pageApiKeys(db, { workspaceId, after, limit: PAGE });
    rows.push(...page);
    const last = page[page.length - 1];
    if (page.length < PAGE || !last) return rows;
    after = [last.cursorTime, last.id];
  }
}

const utc = (date: Date | null) => (date ? date.toISOString().slice(0, 16).replace('T', ' ') : '—');

function table(rows: ApiKeyRow[]): string {
  if (rows.length === 0) return 'no API keys';
  const header = ['ID', 'WORKSPACE', 'NAME', 'KEY', 'SCOPES', 'CREATED (UTC)', 'LAST USED (UTC)', 'REVOKED (UTC)'];
  const body = rows.map((row) => [row.id, row.workspace, row.name, `${row.prefix}…`, row.scopes.join(','), utc(row.createdAt), row.lastUsedAt ? utc(row.lastUsedAt) : 'never', row.revokedAt ? utc(row.revokedAt) : '—']);
  const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i]!.length)));
  return [header, ...body].map((cells) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** `wevion api-keys create|list|revoke`: a key is shown once, at creation; never afterwards. */
export function registerApiKeyCommands(program: Command, helpers: ApiKeysCliHelpers): void {
  const apiKeys = program.command('api-keys').description('API keys for other services');

  apiKeys
    .command('create')
    .description('make a key for another service (`Authorization: Bearer …`); it is printed once')
    .requiredOption('--workspace <name>', 'workspace name')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--scope <scopes>', `comma-separated, of ${API_KEY_SCOPES.join(', ')} (default ${DEFAULT_API_KEY_SCOPES.join(',')})`)
    .action((options: { workspace: string; name: string; scope?: string }) =>
      helpers.withRuntime(async (runtime) => {
        const scopes = options.scope === undefined ? undefined : parseScopes(options.scope);
        const { createApiKey } = await import('../accounts/accounts.ts');
        const created = await createApiKey(runtime.database.db, { workspace: options.workspace, name: options.name, scopes });
        out(JSON.stringify({ id: created.id, key: created.key, scopes: created.scopes, note: 'Store the key now: it is not shown again.' }));
      }),
    );

  apiKeys
    .command('list')
    .description('the keys, newest first: id, workspace, name, first characters, scopes, created, last used (to the minute), revoked (never the key)')
    .option('--workspace <name>', 'only this workspace')
    .option('--json', 'JSON instead of a table')
    .action((options: { workspace?: string; json?: boolean }) =>
      helpers.withRuntime(async (runtime) => {
        const db = runtime.database.db;
        let workspaceId: string | undefined;
        if (options.workspace !== undefined) {
          const workspace = await findWorkspaceByName(db, options.workspace);
          if (!workspace) throw new AppError('not_found', `workspace "${options.workspace}" not found`);
          workspaceId = workspace.id;
        }
        const rows = await allApiKeys(db, workspaceId);
        if (options.json) out(JSON.stringify({ apiKeys: rows.map((row) => ({ ...apiKeyView(row), workspace: row.workspace })) }));
        else out(table(rows));
      }),
    );

  apiKeys
    .command('revoke')
    .argument('<id>', 'the key’s id (from `wevion api-keys list`)')
    .option('--json', 'JSON instead of a sentence')
    .description('revoke a key: every process refuses it (401) from its next request on; it stays listed as revoked')
    .action((id: string, options: { json?: boolean }) =>
      helpers.withRuntime(async (runtime) => {
        // Whatever names no key is "not found" (exit 1), a malformed id included.
        if (!isUuid(id)) throw new AppError('not_found', `API key ${id} not found (ids are UUIDs; see \`wevion api-keys list\`)`);
        const { key, alreadyRevoked } = await revokeApiKey({ db: runtime.database.db, clock: runtime.clock }, id);
        const view = { ...apiKeyView(key), workspace: key.workspace };
        if (options.json) out(JSON.stringify({ apiKey: view, alreadyRevoked }));
        else if (alreadyRevoked) out(`API key ${id} (${key.name}, ${key.workspace}) was already revoked at ${view.revokedAt}; nothing changed`);
        else out(`API key ${id} (${key.name}, ${key.workspace}) revoked at ${view.revokedAt}: every process refuses it from its next request`);
      }),
    );
}
