/**
 * Growth, on PostgreSQL: the same measurements at two sizes, side by side, and their ratio —
 * flat growth means every per-item figure at the big size stays within 1.2 × the small one's.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/scale.ts [--sizes 10000,100000] [--duration 5] [--warmup 1000]
 *
 * Per size: profiles in workspaces of 1,000 (a fifth of them due for refresh), 1,000 ad accounts
 * per workspace and 2 ad-account permissions per profile (200,000 at 100,000 profiles). Measured:
 *   - the refresh sweep's claim: selecting the due tokens and claiming their leases 16 at a time,
 *     per due token (the database work of a sweep before it asks Meta anything);
 *   - the scheduled permission sync's fan-out: one job per Active token through pg-boss insert;
 *   - `GET /api/meta-users` and `GET /api/ad-accounts` (first page), p99 at 100 clients, from a
 *     real `wevion serve` on that database;
 *   - database size per profile, and the service's RSS after the HTTP load.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { createUser } from '../src/accounts/accounts.ts';
import { createAssets } from '../src/assets/index.ts';
import { systemClock } from '../src/clock.ts';
import { createJobQueue } from '../src/jobs/queue.ts';
import { createLogger } from '../src/logger.ts';
import { createGraphClient } from '../src/meta/graph-client.ts';
import { createAppHealth, credentialsFingerprint } from '../src/meta-app/app-health.ts';
import { claimRefreshLeases, selectDueForRefresh } from '../src/tokens/refresh.queries.ts';
import { createVerifier } from '../src/tokens/verification.ts';
import { noEvents } from '../src/tokens/deps.ts';
import { parseKeys } from '../src/vault/keys.ts';
import { Vault } from '../src/vault/vault.ts';
import { DAY_MS, insertProfiles } from '../test/chaos/population.ts';
import { freePort, spawnWevion, testKeys, waitForHttp } from '../test/helpers/process.ts';
import { arg, benchDatabase, machine, ROOT } from './lib.ts';
import { DEFAULT_GRAPH_VERSION } from '../src/meta-facts/api-versions.ts';

const SIZES = arg('sizes', '10000,100000').split(',').map(Number);
const DURATION = Number(arg('duration', '5'));
const PER_WORKSPACE = 1_000;
const PASSWORD = 'bench-password';
const APP = { id: '990000000000017', secret: 'bench-scale-app-secret' };

interface Figures {
  profiles: number;
  populateSeconds: number;
  claimUsPerToken: number;
  fanOutSeconds: number;
  fanOutUsPerToken: number;
  listP99: number;
  listRps: number;
  accountsP99: number;
  accountsRps: number;
  bytesPerProfile: number;
  rssMb: number;
}

function cannon(url: string, cookie: string): Promise<{ requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number }> {
  const args = [path.join(ROOT, 'node_modules/autocannon/autocannon.js'), '--json', '-n', '-c', '100', '-d', String(DURATION), '-H', `cookie=${cookie}`, url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`autocannon exited ${code}`))));
  });
}

const rssOf = (pid: number | undefined) => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.replace(/\D+/g, '') ?? 0) / 1024);
};

async function measure(size: number): Promise<Figures> {
  const bench = await benchDatabase();
  if (bench.engine !== 'postgres') throw new Error('bench/scale.ts runs on PostgreSQL: set DATABASE_URL');
  const { db } = bench.database;
  const keys = testKeys();
  const vault = new Vault(parseKeys(keys));
  try {
    const sizeNow = async () => Number((await sql<{ bytes: number }>`select pg_database_size(current_database())::bigint as bytes`.execute(db)).rows[0]?.bytes ?? 0);
    // The empty, migrated database's own size is not the profiles'.
    const empty = await sizeNow();
    // Populate: profiles (encrypted tokens), ad accounts, two permissions per profile.
    const started = performance.now();
    const workspaces = Math.ceil(size / PER_WORKSPACE);
    const now = Date.now();
    for (let w = 0; w < workspaces; w++) {
      const { member } = await createUser(db, { workspace: `Scale ${w}`, email: `scale${w}@example.test`, password: PASSWORD, role: 'admin' });
      const count = Math.min(PER_WORKSPACE, size - w * PER_WORKSPACE);
      await insertProfiles(
        db,
        vault,
        member.workspaceId,
        member.id,
        Array.from({ length: count }, (_, i) => {
          const n = w * PER_WORKSPACE + i;
          // A fifth are due (3 days left), the rest have 50.
          return { metaUserId: String(1_000_000 + n), token: `EAAbench${randomUUID().replaceAll('-', '')}`, expiresAt: new Date(now + (n % 5 === 0 ? 3 : 50) * DAY_MS), name: `Profile ${String(n).padStart(7, '0')}` };
        }),
      );
      await sql`insert into ad_accounts (workspace_id, meta_id, name)
        select ${member.workspaceId}::uuid, 'act_' || (${w * PER_WORKSPACE} + g), 'Account ' || lpad(g::text, 5, '0') from generate_series(1, ${PER_WORKSPACE}) g`.execute(db);
      // Profile k of the workspace reaches accounts k and k+1 (wrapping): two rows each.
      await sql`insert into asset_permissions (profile_id, asset_type, asset_id)
        select p.id, 'ad_account', a.id
        from (select id, row_number() over (order by name) - 1 as k from meta_users where workspace_id = ${member.workspaceId}::uuid) p
        join (select id, row_number() over (order by meta_id) - 1 as k from ad_accounts where workspace_id = ${member.workspaceId}::uuid) a
          on a.k = p.k % ${PER_WORKSPACE} or a.k = (p.k + 1) % ${PER_WORKSPACE}`.execute(db);
    }
    await sql`analyze`.execute(db);
    const populateSeconds = (performance.now() - started) / 1000;

    // The refresh sweep's claim (no Meta call): select the due tokens, claim them 16 at a time.
    const claimStarted = performance.now();
    const due = await selectDueForRefresh(db, new Date(), 7 * DAY_MS);
    const owner = randomUUID();
    for (let i = 0; i < due.length; i += 16) await claimRefreshLeases(db, due.slice(i, i + 16).map((m) => m.id), owner, new Date(), 5 * 60_000);
    const claimUsPerToken = ((performance.now() - claimStarted) * 1000) / due.length;
    await db.updateTable('meta_users').set({ refresh_lease_owner: null, refresh_lease_until: null }).execute();

    // The scheduled permission sync's fan-out, through pg-boss.
    const logger = createLogger({ level: 'warn' });
    const graph = createGraphClient({ graphUrl: 'http://127.0.0.1:9', graphVersion: DEFAULT_GRAPH_VERSION, appId: APP.id, appSecret: APP.secret, clock: systemClock });
    const appGate = createAppHealth({ db, graph, clock: systemClock, logger, appId: APP.id, credentials: credentialsFingerprint(APP.id, APP.secret), onChange: async () => {}, recheck: async () => {} }).gate;
    const verifier = createVerifier({ db, vault, graph, clock: systemClock, logger, events: noEvents, appGate });
    // The getter is read when the sweep runs, once the queue below exists.
    const assets = createAssets({ db, vault, graph, clock: systemClock, logger, verifier, queue: () => queue });
    const queue = createJobQueue({ database: bench.database, clock: systemClock, logger, jobs: assets.jobs, scheduleTimeZone: 'UTC' });
    await queue.start({ work: false, schedule: false });
    const sweep = assets.jobs.find((job) => job.name === 'permission-sync')!;
    const fanStarted = performance.now();
    const summary = (await sweep.handler({} as never, { trigger: 'schedule', logger })) as { enqueued: number };
    const fanOutSeconds = (performance.now() - fanStarted) / 1000;
    if (summary.enqueued !== size) throw new Error(`fan-out enqueued ${summary.enqueued} of ${size}`);
    await queue.stop(1000);
    await graph.close();
    // Not worked here (their Meta is nowhere): the lists are measured without them in the way.
    await bench.database.executeSql(`delete from pgboss.job where name = 'permission-sync-token'`);
    await sql`analyze`.execute(db);
    const bytes = (await sizeNow()) - empty;

    // The lists, from a real service on this database.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const service = spawnWevion(['serve'], {
      PORT: String(port),
      PUBLIC_URL: base,
      DATABASE_URL: bench.url!,
      TOKEN_ENCRYPTION_KEYS: keys,
      META_APP_ID: APP.id,
      META_APP_SECRET: APP.secret,
      META_GRAPH_URL: 'http://127.0.0.1:9',
      META_DIALOG_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'info',
      TOKEN_JOBS_CRON: '0 0 1 1 *',
      INSIGHTS_SYNC_CRON: '0 0 1 1 *',
    });
    try {
      await waitForHttp(`${base}/healthz`, 60_000);
      service.child.stdout?.removeAllListeners('data').resume();
      service.child.stderr?.removeAllListeners('data').resume();
      const signIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email: 'scale0@example.test', password: PASSWORD }) });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      await cannon(`${base}/api/meta-users`, cookie);
      const list = await cannon(`${base}/api/meta-users`, cookie);
      await cannon(`${base}/api/ad-accounts`, cookie);
      const accounts = await cannon(`${base}/api/ad-accounts`, cookie);
      const rssMb = rssOf(service.child.pid);
      if (list.non2xx + list.errors + accounts.non2xx + accounts.errors > 0) throw new Error('errors under load');
        return {
        profiles: size,
        populateSeconds,
        claimUsPerToken,
        fanOutSeconds,
        fanOutUsPerToken: (fanOutSeconds * 1e6) / size,
        listP99: list.latency.p99,
        listRps: list.requests.average,
        accountsP99: accounts.latency.p99,
        accountsRps: accounts.requests.average,
        bytesPerProfile: bytes / size,
        rssMb,
      };
    } finally {
      service.child.kill('SIGTERM');
      await service.exited;
    }
  } finally {
    await bench.drop();
  }
}

// The first size measured would otherwise also pay for this process's warm-up (JIT, pools):
// a small pass first, not printed, so the sizes compare like for like.
const WARMUP = Number(arg('warmup', '1000'));
if (WARMUP > 0) {
  process.stderr.write(`warming up with ${WARMUP} profiles (not printed)…\n`);
  await measure(WARMUP);
}
const results: Figures[] = [];
for (const size of SIZES) {
  process.stderr.write(`measuring ${size} profiles…\n`);
  results.push(await measure(size));
}
const [small, big] = [results[0]!, results[results.length - 1]!];
const row = (name: string, pick: (f: Figures) => number, unit: string, digits = 0) => {
  const cells = results.map((f) => `${pick(f).toFixed(digits)} ${unit}`.padStart(14));
  const ratio = pick(small) > 0 ? (pick(big) / pick(small)).toFixed(2) : '—';
  return `  ${name.padEnd(46)}${cells.join('')}   ${ratio.padStart(5)} ×`;
};
const lines = [
  `Scale — PostgreSQL, ${SIZES.map((s) => s.toLocaleString('en')).join(' vs ')} profiles (1,000 per workspace, 2 ad-account permissions each); ${machine()}`,
  `  ${''.padEnd(46)}${results.map((f) => `${f.profiles.toLocaleString('en')} profiles`.padStart(14)).join('')}   ratio`,
  row('populate (not a target)', (f) => f.populateSeconds, 's', 1),
  row('refresh claim, per due token', (f) => f.claimUsPerToken, 'µs'),
  row('permission-sync fan-out, total', (f) => f.fanOutSeconds, 's', 2),
  row('permission-sync fan-out, per token', (f) => f.fanOutUsPerToken, 'µs'),
  row('GET /api/meta-users first page, p99', (f) => f.listP99, 'ms'),
  row('GET /api/ad-accounts first page, p99', (f) => f.accountsP99, 'ms'),
  row('database size per profile (its rows, its two permissions, indexes)', (f) => f.bytesPerProfile / 1024, 'KiB', 1),
  row('service RSS after the load', (f) => f.rssMb, 'MB'),
  `  (list throughput: ${results.map((f) => `${Math.round(f.listRps)} / ${Math.round(f.accountsRps)} req/s`).join(' vs ')})`,
];
process.stdout.write(lines.join('\n') + '\n' + JSON.stringify({ results, machine: machine() }) + '\n');
