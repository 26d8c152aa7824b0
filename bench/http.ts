/**
 * HTTP under load: a real `wevion serve` process (LOG_LEVEL=info, so every request is logged as
 * in production) with 1,000 profiles in one workspace, the emulator in its own process, and
 * autocannon in a third, 100 concurrent keep-alive clients each:
 *   - GET /api/meta-users (the Meta Users page's data: the first page, 50 of the 1,000 profiles),
 *     target p99 < 50 ms; and the biggest page a client may ask for (?limit=500), for comparison;
 *   - POST /api/graph/proxy {profileId, path: "/me"} (a Graph call through the service), beside
 *     the same call through a bare forwarder (bench/forwarder.ts: undici pool, fixed token, its own
 *     process), both at 50 clients, taking turns (--rounds, 5 by default) so the machine's drift
 *     hits both, and their ratio; target proxy ≥ 0.5 × forwarder, p99 < 50 ms;
 *   - POST /api/tokens/checkout {profileId, purpose} with an API key, 50 clients; target ≥ 2,000 req/s;
 *   - GET /api/ad-accounts (the first page, 50 of 20,000 ad accounts in the workspace, 16,000 of
 *     them reached by a profile, some by expired ones, 4,000 by nobody), target p99 < 50 ms; its
 *     `?blocked=true` page beside it.
 * Prints requests/s, latency p50/p99 and errors (socket errors, timeouts, non-2xx).
 *
 *   node --import tsx bench/http.ts [--duration 10] [--connections 100] [--graph-connections 50] [--profiles 1000] [--rounds 5] [--profile DIR] [--list-only]
 * With DATABASE_URL the service runs on PostgreSQL (a database of the bench's own, dropped at
 * the end); otherwise on embedded PGlite in a temporary DATA_DIR.
 */
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApiKey, createUser } from '../src/accounts/accounts.ts';
import { appsecretProof } from '../src/meta/appsecret-proof.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { parseKeys } from '../src/vault/keys.ts';
import { Vault } from '../src/vault/vault.ts';
import { bigWorld, DAY_MS, insertProfiles, mintTokens, userIdOf } from '../test/chaos/population.ts';
import { freePort, spawnWevion, testKeys, waitForHttp } from '../test/helpers/process.ts';
import { arg, benchDatabase, cannon as runCannon, machine, memoryOf, ROOT, startEmulatorProcess, type Cannon } from './lib.ts';

const DURATION = Number(arg('duration', '10'));
const CONNECTIONS = Number(arg('connections', '100'));
const GRAPH_CONNECTIONS = Number(arg('graph-connections', '50'));
const PROFILES = Number(arg('profiles', '1000'));
/** Ad accounts in the workspace, for GET /api/ad-accounts (issue 14: 20,000). */
const ACCOUNTS = Number(arg('accounts', '20000'));
/** --list-only: just the first list page (e.g. with --profile, to see that route alone). */
const LIST_ONLY = process.argv.includes('--list-only');
/** --only proxy|checkout: one scenario alone (with --profile, to see its cost alone). */
const ONLY = arg('only', '');
/** The proxy and the bare forwarder take turns this many times, DURATION / ROUNDS seconds each. */
const ROUNDS = Math.max(1, Number(arg('rounds', '5')));
const APP = { id: '990000000000003', secret: 'bench-http-app-secret', name: 'Wevion bench', redirectUris: ['http://localhost/connect/meta/callback'], requireAppsecretProof: true, longLivedReexchange: 'extend' as const };
const PASSWORD = 'bench-password';

const cannon = (url: string, options: Parameters<typeof runCannon>[1]) => runCannon(url, { connections: CONNECTIONS, ...options });

async function main(): Promise<void> {
  // The database first: a DATABASE_URL that cannot be reached fails here, before any child process.
  const pgBench = process.env.DATABASE_URL ? await benchDatabase() : undefined;
  const emulator = await startEmulatorProcess(bigWorld(APP, PROFILES));
  const keys = testKeys();
  const vault = new Vault(parseKeys(keys));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wevion-bench-http-'));
  const database = pgBench?.database ?? (await openDatabase({ dataDir }));
  let profileId = '';
  let checkoutKey = '';
  let profileToken = '';
  try {
    await migrate(database.db);
    const { member } = await createUser(database.db, { workspace: 'Bench', email: 'bench@example.test', password: PASSWORD, role: 'admin' });
    const users = Array.from({ length: PROFILES }, (_, i) => userIdOf(i));
    const minted = await mintTokens(emulator.url, APP.id, users, Date.now() + 50 * DAY_MS);
    const ids = await insertProfiles(database.db, vault, member.workspaceId, member.id, users.map((metaUserId) => ({ metaUserId, token: minted.get(metaUserId)!.token, expiresAt: minted.get(metaUserId)!.expiresAt })));
    profileId = ids[0]!;
    profileToken = minted.get(users[0]!)!.token;
    checkoutKey = (await createApiKey(database.db, { workspace: 'Bench', name: 'bench', scopes: ['tokens:checkout', 'graph:proxy', 'read'] })).key;
    // The proxied and checked-out profile (the first) stays Active.
    await insertAdAccounts(database.db, member.workspaceId, ACCOUNTS, profileId);
  } finally {
    // PGlite belongs to one process: the service opens it next.
    if (!pgBench) await database.close();
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PORT: String(port),
    PUBLIC_URL: base,
    DATA_DIR: dataDir,
    TOKEN_ENCRYPTION_KEYS: keys,
    META_APP_ID: APP.id,
    META_APP_SECRET: APP.secret,
    META_GRAPH_URL: emulator.url,
    META_DIALOG_URL: emulator.url,
    LOG_LEVEL: 'info',
    // The bench's key checks out far more than a service should: the throttle is not measured here.
    CHECKOUTS_PER_MINUTE: '1000000',
    TOKEN_JOBS_CRON: '0 0 1 1 *',
    INSIGHTS_SYNC_CRON: '0 0 1 1 *',
    ...(pgBench?.url ? { DATABASE_URL: pgBench.url } : {}),
  };
  // --profile DIR writes the service's CPU profile there (open it in Chrome's DevTools).
  const profileDir = arg('profile', '');
  const service = spawnWevion(['serve'], env, undefined, profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []);
  // The request log goes nowhere: it is written (the cost is measured) but not kept in memory.
  try {
    // Its start-up lines are kept in case it does not come up; then the request log goes nowhere
    // (written, so its cost is measured, but not kept in memory).
    await waitForHttp(`${base}/healthz`, 60_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${service.output().slice(-3000)}`);
    });
    service.child.stdout?.removeAllListeners('data').resume();
    service.child.stderr?.removeAllListeners('data').resume();
    const signIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email: 'bench@example.test', password: PASSWORD }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    // Every profile is reachable page by page.
    let seen = 0;
    let after: string | null = null;
    do {
      const page = (await (await fetch(`${base}/api/meta-users?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`, { headers: { cookie } })).json()) as { metaUsers: unknown[]; nextCursor: string | null };
      seen += page.metaUsers.length;
      after = page.nextCursor;
    } while (after);
    if (seen !== PROFILES) throw new Error(`expected ${PROFILES} profiles, got ${seen}`);
    const bytes = async (url: string) => (await (await fetch(url, { headers: { cookie } })).text()).length;
    const firstPageBytes = await bytes(`${base}/api/meta-users`);
    const bigPageBytes = await bytes(`${base}/api/meta-users?limit=500`);

    const results: Array<[string, Measured]> = [];
    /** A measured run, with the CPU the serving process spent per request. */
    const measured = async (pid: number | undefined, run: () => Promise<Cannon>): Promise<Measured> => {
      const before = cpuMs(pid);
      const r = await run();
      const spent = cpuMs(pid) - before;
      return { ...r, cpuUsPerRequest: Math.round((spent * 1000) / Math.max(1, r['2xx'])) };
    };
    let ratio: number | undefined;
    let roundRatios: number[] = [];
    let coldLine: string | undefined;
    if (!ONLY) {
      await cannon(`${base}/api/meta-users`, { headers: { cookie }, duration: 2 }); // warm-up
      results.push([`GET /api/meta-users (first 50 of ${PROFILES}, ${Math.round(firstPageBytes / 1024)} KiB)`, await measured(service.child.pid, () => cannon(`${base}/api/meta-users`, { headers: { cookie }, duration: DURATION }))]);
    }
    if (!ONLY || ONLY === 'ad-accounts') {
      const accountsBytes = await bytes(`${base}/api/ad-accounts`);
      await cannon(`${base}/api/ad-accounts`, { headers: { cookie }, duration: 2 });
      results.push([`GET /api/ad-accounts (first 50 of ${ACCOUNTS.toLocaleString('en')}, ${Math.round(accountsBytes / 1024)} KiB)`, await measured(service.child.pid, () => cannon(`${base}/api/ad-accounts`, { headers: { cookie }, duration: DURATION }))]);
      const cold = await coldPage(`${base}/api/ad-accounts`, cookie);
      coldLine = `  GET /api/ad-accounts, a page not yet in memory (each one after a change): median ${cold.median} ms, max ${cold.max} ms over ${cold.n} pages`;
      if (!LIST_ONLY) results.push([`GET /api/ad-accounts?blocked=true (first 50)`, await measured(service.child.pid, () => cannon(`${base}/api/ad-accounts?blocked=true`, { headers: { cookie }, duration: DURATION }))]);
    }
    if (!LIST_ONLY && !ONLY) results.push([`GET /api/meta-users?limit=500 (${Math.round(bigPageBytes / 1024)} KiB)`, await measured(service.child.pid, () => cannon(`${base}/api/meta-users?limit=500`, { headers: { cookie }, duration: DURATION }))]);
    if (!LIST_ONLY && (!ONLY || ONLY === 'proxy')) {
      // The proxy and the bare forwarder, the same Graph call, side by side.
      const proxyBody = JSON.stringify({ profileId: profileId, path: '/me' });
      const proxyHeaders = { authorization: `Bearer ${checkoutKey}`, 'content-type': 'application/json' };
      const graph = { method: 'POST', body: proxyBody, connections: GRAPH_CONNECTIONS } as const;
      const forwarder = await startForwarder(emulator.url, profileToken, appsecretProof(profileToken, APP.secret));
      try {
        const viaProxy = (duration: number) => cannon(`${base}/api/graph/proxy`, { ...graph, headers: proxyHeaders, duration });
        const viaForwarder = (duration: number) => cannon(forwarder.url, { ...graph, headers: { 'content-type': 'application/json' }, duration });
        await viaProxy(2);
        await viaForwarder(2);
        // The two take turns, so a machine that slows down (or speeds up) during the run does it
        // to both: the ratio compares them in the same seconds, not one after the other.
        const slice = Math.max(1, Math.round(DURATION / ROUNDS));
        const proxiedSlices: Measured[] = [];
        const bareSlices: Measured[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          // Proxy first in even turns, forwarder first in odd ones (P F F P …): a steady drift
          // favours neither.
          const proxyTurn = async () => proxiedSlices.push(await measured(service.child.pid, () => viaProxy(slice)));
          const bareTurn = async () => bareSlices.push(await measured(forwarder.pid, () => viaForwarder(slice)));
          if (round % 2 === 0) await proxyTurn().then(bareTurn);
          else await bareTurn().then(proxyTurn);
        }
        const proxied = combined(proxiedSlices);
        const bare = combined(bareSlices);
        results.push([`POST /api/graph/proxy (GET /me at the emulator), ${GRAPH_CONNECTIONS} clients`, proxied]);
        results.push([`  bare forwarder, same call (undici pool, fixed token)`, bare]);
        ratio = proxied.requests.average / bare.requests.average;
        roundRatios = proxiedSlices.map((p, i) => p.requests.average / bareSlices[i]!.requests.average);
      } finally {
        await forwarder.stop();
      }
    }
    if (!LIST_ONLY && (!ONLY || ONLY === 'checkout')) {
      const proxyHeaders = { authorization: `Bearer ${checkoutKey}`, 'content-type': 'application/json' };
      const checkoutBody = JSON.stringify({ profileId, purpose: 'ads_read' });
      const checkout = { method: 'POST', body: checkoutBody, headers: proxyHeaders, connections: GRAPH_CONNECTIONS } as const;
      await cannon(`${base}/api/tokens/checkout`, { ...checkout, duration: 2 });
      results.push([`POST /api/tokens/checkout (profile, API key), ${GRAPH_CONNECTIONS} clients`, await measured(service.child.pid, () => cannon(`${base}/api/tokens/checkout`, { ...checkout, duration: DURATION }))]);
    }

    const engine = pgBench ? 'postgres' : 'pglite';
    // The service's resident memory: its peak over the whole run (set-up pages included), and now.
    const memory = memoryOf(service.child.pid);
    const lines = [`HTTP — wevion serve on ${engine}, ${CONNECTIONS} connections, ${DURATION} s each; ${machine()}`];
    for (const [name, r] of results) {
      const errors = r.errors + r.timeouts + r.non2xx;
      lines.push(`  ${name.padEnd(66)} ${Math.round(r.requests.average).toString().padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(5)} ms   errors ${errors}   CPU ${String(r.cpuUsPerRequest ?? '?').padStart(4)} µs/req`);
    }
    if (ratio !== undefined) lines.push(`  proxy / bare forwarder: ${ratio.toFixed(2)} (target ≥ 0.5; ${ROUNDS} turns each: ${roundRatios.map((r) => r.toFixed(2)).join(', ')})`);
    if (coldLine) lines.push(coldLine);
    lines.push(`  wevion serve resident memory: peak ${memory.peakMb} MiB over the run, ${memory.rssMb} MiB at the end${engine === 'pglite' ? ' (target ≤ 500 MiB on PGlite)' : ''}`);
    lines.push(JSON.stringify({ engine, peakRssMb: memory.peakMb, rssMb: memory.rssMb, connections: CONNECTIONS, duration: DURATION, results: results.map(([name, r]) => ({ name, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, cpuUsPerRequest: r.cpuUsPerRequest })), proxyToForwarder: ratio, proxyToForwarderByTurn: roundRatios, machine: machine() }));
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    service.child.kill('SIGTERM');
    await service.exited;
    await pgBench?.drop();
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * 20,000 ad accounts in the workspace. Profile k (of the 1,000) holds a permission on every
 * account whose number is k modulo 1,000, for the first 80 % of them; the last 100 profiles are
 * then Expired, so their accounts are blocked (token_expired) and the last 20 % reach nobody
 * (no_permission): every page computes reach, and `?blocked=true` has rows to find.
 */
async function insertAdAccounts(db: import('../src/db/database.ts').Db, workspaceId: string, count: number, keepActive: string): Promise<void> {
  await sql`insert into ad_accounts (workspace_id, meta_id, name)
    select ${workspaceId}::uuid, 'act_' || (9000000 + g), 'Account ' || lpad(g::text, 6, '0') from generate_series(1, ${count}::int) g`.execute(db);
  await sql`with a as (select id, row_number() over (order by meta_id) as n from ad_accounts where workspace_id = ${workspaceId}::uuid),
      p as (select id, row_number() over (order by id) as n, count(*) over () as total from meta_users where workspace_id = ${workspaceId}::uuid)
    insert into asset_permissions (profile_id, asset_type, asset_id, tasks)
    select p.id, 'ad_account', a.id, '[]'::jsonb from a join p on p.n = (a.n % p.total) + 1 where a.n <= ${Math.floor(count * 0.8)}`.execute(db);
  await sql`update meta_users set status = 'expired' where id in (select id from meta_users where workspace_id = ${workspaceId}::uuid and id <> ${keepActive}::uuid order by id desc limit 100)`.execute(db);
}

/** A page computed, not served from memory: each request asks a different page (`limit` 41–60). */
async function coldPage(url: string, cookie: string): Promise<{ median: number; max: number; n: number }> {
  const times: number[] = [];
  for (let limit = 41; limit <= 60; limit += 1) {
    const started = performance.now();
    const response = await fetch(`${url}?limit=${limit}`, { headers: { cookie } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`cold page: ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: Math.round(times[times.length >> 1]! * 10) / 10, max: Math.round(times[times.length - 1]! * 10) / 10, n: times.length };
}

type Measured = Cannon & { cpuUsPerRequest?: number };

/**
 * Slices of equal length as one run: requests per second averaged, errors and answers summed,
 * CPU per request over all of them, and the worst slice's latency percentiles (the slices'
 * latencies cannot be merged exactly; the worst is the one a target must hold for).
 */
function combined(slices: Measured[]): Measured {
  const answered = slices.reduce((sum, s) => sum + s['2xx'], 0);
  const sum = (pick: (s: Measured) => number) => slices.reduce((total, s) => total + pick(s), 0);
  return {
    requests: { average: sum((s) => s.requests.average) / slices.length },
    latency: { p50: Math.max(...slices.map((s) => s.latency.p50)), p99: Math.max(...slices.map((s) => s.latency.p99)), max: Math.max(...slices.map((s) => s.latency.max)) },
    errors: sum((s) => s.errors),
    timeouts: sum((s) => s.timeouts),
    non2xx: sum((s) => s.non2xx),
    '2xx': answered,
    cpuUsPerRequest: Math.round(sum((s) => (s.cpuUsPerRequest ?? NaN) * s['2xx']) / Math.max(1, answered)),
  };
}

/** User + system CPU time (ms) a process has used so far (Linux /proc). */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** bench/forwarder.ts in its own process, as the service runs in its own. */
async function startForwarder(emulatorUrl: string, token: string, proof: string): Promise<{ url: string; pid: number | undefined; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/forwarder.ts')], { env: { ...process.env, FORWARD_URL: emulatorUrl, FORWARD_TOKEN: token, FORWARD_PROOF: proof, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`forwarder exited ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

await main();
