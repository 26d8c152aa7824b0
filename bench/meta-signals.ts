/**
 * Meta tells us first (issue 26), measured with a real `wevion serve` process, the emulator in its
 * own process (playing Meta: it signs and pushes), and the load in a third:
 *
 * A. 1,000 people remove the app within a minute (`POST /__control/users/{id}/remove-app`, one
 *    every 60 ms): Meta sends each the deauthorize callback and the `connected` webhook. Every
 *    profile must end Expired. Printed: the time from Meta's `issued_at` (read from the emulator's
 *    deliveries) to the profile's status change, p50 and p99 (target p99 ≤ 5 s), and the same from
 *    the moment the removal was asked (issued_at has second precision: it overstates by up to 1 s);
 *    Graph calls per removal by kind (target ~1, the GET /me; the check of the app before a
 *    confirmation is shared by the checks waiting for it).
 * B. Webhook intake: 50 clients posting signed `permissions` webhooks of 100 changes each (every
 *    body different, about people nobody connected: processing looks them up and counts them),
 *    beside a bare Node handler that checks the signature and answers 200 (bench/meta-signals-bare.ts),
 *    taking turns (--rounds). Printed: requests/s, p50/p99, the ratio (target ≥ 0.5, p99 ≤ 50 ms),
 *    and after the load, that every change was processed exactly once (every delivery answered
 *    200 stored once, processed once, its 100 changes counted).
 *
 *   node --import tsx bench/meta-signals.ts [--people 1000] [--spread 60] [--lanes 4] [--duration 10] [--connections 50] [--changes 100] [--rounds 4] [--only removals|intake] [--profile DIR]
 * With DATABASE_URL the service runs on PostgreSQL (a database of the bench's own, dropped at the
 * end); otherwise on embedded PGlite in a temporary DATA_DIR. `--lanes` is WORKER_CONCURRENCY.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { createUser } from '../src/accounts/accounts.ts';
import { systemClock } from '../src/clock.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { createGraphClient } from '../src/meta/graph-client.ts';
import { DEFAULT_GRAPH_VERSION } from '../src/meta-facts/api-versions.ts';
import { subscribeApp, WEBHOOKS_PATH } from '../src/meta-signals/subscription.ts';
import { parseKeys } from '../src/vault/keys.ts';
import { Vault } from '../src/vault/vault.ts';
import { bigWorld, DAY_MS, insertProfiles, mintTokens, userIdOf } from '../test/chaos/population.ts';
import { freePort, spawnWevion, testKeys, waitForHttp } from '../test/helpers/process.ts';
import { arg, benchDatabase, cpuMicrosOf, cpuMicrosOfAll, machine, machineBusyMicros, ROOT, startEmulatorProcess, type Cannon, type EmulatorProcess } from './lib.ts';

const PEOPLE = Number(arg('people', '1000'));
const SPREAD_S = Number(arg('spread', '60'));
const LANES = Number(arg('lanes', '4'));
const DURATION = Number(arg('duration', '10'));
const CONNECTIONS = Number(arg('connections', '50'));
const CHANGES = Number(arg('changes', '100'));
const ROUNDS = Math.max(1, Number(arg('rounds', '4')));
const ONLY = arg('only', '');
const APP = { id: '990000000000026', secret: 'bench-signals-app-secret', name: 'Wevion bench', redirectUris: ['http://localhost/connect/meta/callback'], requireAppsecretProof: true, longLivedReexchange: 'extend' as const };
const VERIFY_TOKEN = 'bench-verify-token-0123456789';
const PASSWORD = 'bench-password';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const seconds = (ms: number) => Number((ms / 1000).toFixed(2));

async function main(): Promise<void> {
  const pgBench = process.env.DATABASE_URL ? await benchDatabase() : undefined;
  const emulator = await startEmulatorProcess(bigWorld(APP, PEOPLE));
  const keys = testKeys();
  const vault = new Vault(parseKeys(keys));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wevion-bench-signals-'));
  const openDb = async () => pgBench?.database ?? (await openDatabase({ dataDir }));
  let database: Database | undefined = await openDb();
  const users = Array.from({ length: PEOPLE }, (_, i) => userIdOf(i));
  try {
    await migrate(database.db);
    const { member } = await createUser(database.db, { workspace: 'Bench', email: 'bench@example.test', password: PASSWORD, role: 'admin' });
    // Meta's clock on real time: `issued_at` comes from it.
    await emulator.control('POST', '/__control/clock', { now: new Date().toISOString() });
    const minted = await mintTokens(emulator.url, APP.id, users, Date.now() + 50 * DAY_MS);
    await insertProfiles(database.db, vault, member.workspaceId, member.id, users.map((metaUserId) => ({ metaUserId, token: minted.get(metaUserId)!.token, expiresAt: minted.get(metaUserId)!.expiresAt })));
  } finally {
    // PGlite belongs to one process: the service opens it next.
    if (!pgBench) await database.close();
    database = undefined;
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
    META_WEBHOOK_VERIFY_TOKEN: VERIFY_TOKEN,
    WORKER_CONCURRENCY: String(LANES),
    LOG_LEVEL: 'info',
    TOKEN_JOBS_CRON: '0 0 1 1 *',
    INSIGHTS_SYNC_CRON: '0 0 1 1 *',
    ...(pgBench?.url ? { DATABASE_URL: pgBench.url } : {}),
  };
  // --profile DIR writes the service's CPU profile there (open it in Chrome's DevTools).
  const profileDir = arg('profile', '');
  const service = spawnWevion(['serve'], env, undefined, profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []);
  const lines: string[] = [`Meta's push signals — wevion serve on ${pgBench ? 'postgres' : 'pglite'}, WORKER_CONCURRENCY ${LANES}; ${machine()}`];
  const result: Record<string, unknown> = { engine: pgBench ? 'postgres' : 'pglite', lanes: LANES, machine: machine() };
  let ok = true;
  try {
    await waitForHttp(`${base}/healthz`, 60_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${service.output().slice(-3000)}`);
    });
    // The request log is written (its cost is measured) but not kept.
    service.child.stdout?.removeAllListeners('data').resume();
    service.child.stderr?.removeAllListeners('data').resume();
    // The app's callback URLs and webhook subscription, as an operator sets them (the same subscribe as `wevion meta subscribe`).
    await emulator.control('POST', '/__control/apps', { ...APP, deauthorizeCallbackUrl: `${base}/connect/meta/deauthorize`, dataDeletionCallbackUrl: `${base}/connect/meta/data-deletion` });
    const graph = createGraphClient({ graphUrl: emulator.url, graphVersion: DEFAULT_GRAPH_VERSION, appId: APP.id, appSecret: APP.secret, clock: systemClock });
    await subscribeApp(graph, { appId: APP.id, appSecret: APP.secret }, { callbackUrl: `${base}${WEBHOOKS_PATH}`, verifyToken: VERIFY_TOKEN });
    await graph.close();

    if (ONLY !== 'intake') ok = (await removals(emulator, base, users, lines, result)) && ok;
    if (ONLY !== 'removals') ok = (await intake(base, service.child.pid, lines, result, async () => {
      service.child.kill('SIGTERM');
      await service.exited;
      return openDb();
    })) && ok;
    lines.push(JSON.stringify(result));
    process.stdout.write(lines.join('\n') + '\n');
    if (!ok) process.exitCode = 1;
  } finally {
    if (service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    await pgBench?.drop();
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email: 'bench@example.test', password: PASSWORD }) });
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/** Every profile's status and when it last changed, through the API. */
async function profiles(base: string, cookie: string): Promise<Map<string, { status: string; statusChangedAt: string }>> {
  const out = new Map<string, { status: string; statusChangedAt: string }>();
  let after: string | null = null;
  do {
    const page = (await (await fetch(`${base}/api/meta-users?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`, { headers: { cookie } })).json()) as { metaUsers: Array<{ metaId: string; status: string; statusChangedAt: string }>; nextCursor: string | null };
    for (const p of page.metaUsers) out.set(p.metaId, p);
    after = page.nextCursor;
  } while (after);
  return out;
}

async function removals(emulator: EmulatorProcess, base: string, users: string[], lines: string[], result: Record<string, unknown>): Promise<boolean> {
  const cookie = await signIn(base);
  const callsBefore = ((await emulator.control('GET', '/__control/calls')) as { calls: unknown[] }).calls.length;
  // Meta's clock follows real time while people remove the app (issued_at is read from it).
  let ticking = true;
  const ticker = (async () => {
    while (ticking) {
      await emulator.control('POST', '/__control/clock', { now: new Date().toISOString() });
      await sleep(200);
    }
  })();
  const askedAt = new Map<string, number>();
  const gapMs = (SPREAD_S * 1000) / users.length;
  const started = Date.now();
  const answers: Array<Promise<{ deliveries: Array<{ kind: string; delivered: boolean }> }>> = [];
  for (const [i, user] of users.entries()) {
    await sleep(started + i * gapMs - Date.now());
    askedAt.set(user, Date.now());
    answers.push(emulator.control('POST', `/__control/users/${user}/remove-app`, { appId: APP.id }) as Promise<{ deliveries: Array<{ kind: string; delivered: boolean }> }>);
  }
  const answered = await Promise.all(answers);
  const removingSeconds = (Date.now() - started) / 1000;
  ticking = false;
  await ticker;
  const undelivered = answered.flatMap((a) => a.deliveries).filter((d) => !d.delivered).length;

  // Every profile Expired (or the wait gives up).
  const deadline = Date.now() + 120_000;
  let seen = await profiles(base, cookie);
  while ([...seen.values()].some((p) => p.status !== 'expired') && Date.now() < deadline) {
    await sleep(500);
    seen = await profiles(base, cookie);
  }
  const expired = [...seen.values()].filter((p) => p.status === 'expired').length;

  // Meta's issued_at of each person's deauthorize callback, from what the emulator sent.
  const deliveries = ((await emulator.control('GET', `/__control/apps/${APP.id}/deliveries?limit=${users.length * 2}`)) as { deliveries: Array<{ kind: string; userId: string; body: string }> }).deliveries;
  const issuedAt = new Map<string, number>();
  for (const d of deliveries) {
    if (d.kind !== 'deauthorize') continue;
    const payload = JSON.parse(Buffer.from(new URLSearchParams(d.body).get('signed_request')!.split('.')[1]!, 'base64url').toString('utf8')) as { issued_at: number };
    issuedAt.set(d.userId, payload.issued_at * 1000);
  }
  const fromIssued: number[] = [];
  const fromAsked: number[] = [];
  for (const user of users) {
    const profile = seen.get(user);
    if (profile?.status !== 'expired') continue;
    const changed = Date.parse(profile.statusChangedAt);
    fromIssued.push(changed - (issuedAt.get(user) ?? NaN));
    fromAsked.push(changed - askedAt.get(user)!);
  }
  fromIssued.sort((a, b) => a - b);
  fromAsked.sort((a, b) => a - b);

  const calls = ((await emulator.control('GET', '/__control/calls')) as { calls: Array<{ path: string }> }).calls.slice(callsBefore);
  const byKind = { me: 0, appCheck: 0, debugToken: 0, other: 0 };
  for (const call of calls) {
    if (call.path === '/me') byKind.me += 1;
    else if (call.path === `/${APP.id}`) byKind.appCheck += 1;
    else if (call.path === '/debug_token') byKind.debugToken += 1;
    else byKind.other += 1;
  }
  const per = (n: number) => Number((n / users.length).toFixed(2));
  Object.assign(result, {
    removals: {
      people: users.length,
      spreadSeconds: Number(removingSeconds.toFixed(1)),
      undelivered,
      expired,
      fromIssuedP50: seconds(percentile(fromIssued, 50)),
      fromIssuedP99: seconds(percentile(fromIssued, 99)),
      fromAskedP50: seconds(percentile(fromAsked, 50)),
      fromAskedP99: seconds(percentile(fromAsked, 99)),
      graphCalls: calls.length,
      perRemoval: { total: per(calls.length), me: per(byKind.me), appCheck: per(byKind.appCheck), debugToken: per(byKind.debugToken), other: per(byKind.other) },
    },
  });
  lines.push(
    `A. ${users.length} people remove the app within ${removingSeconds.toFixed(1)} s (each: a deauthorize callback and a connected webhook; ${undelivered} not answered 200)`,
    `  profiles Expired              ${expired} of ${users.length}`,
    `  issued_at → status change     p50 ${seconds(percentile(fromIssued, 50))} s   p99 ${seconds(percentile(fromIssued, 99))} s (target p99 ≤ 5 s; issued_at is in whole seconds)`,
    `  removal asked → status change p50 ${seconds(percentile(fromAsked, 50))} s   p99 ${seconds(percentile(fromAsked, 99))} s`,
    `  Graph calls per removal       ${per(calls.length)}: GET /me ${per(byKind.me)}, app checks ${per(byKind.appCheck)} (shared), debug_token ${per(byKind.debugToken)}, other ${per(byKind.other)} (target ~1, the GET /me)`,
  );
  return expired === users.length;
}

type Run = Cannon & { cpuMicros: number };

/** CPU time each party used during one turn, in microseconds. */
interface TurnCpu {
  receiver: number;
  postgres: number;
  load: number;
  machine: number;
  wallMicros: number;
}

/** Runs one turn and measures the CPU time the receiver, PostgreSQL's processes and the whole machine used meanwhile. */
async function measured(receiverPid: number | undefined, turn: () => Promise<Run>): Promise<{ run: Run; cpu: TurnCpu }> {
  const before = { receiver: cpuMicrosOf(receiverPid), postgres: cpuMicrosOfAll('postgres'), machine: machineBusyMicros(), at: performance.now() };
  const run = await turn();
  return {
    run,
    cpu: {
      receiver: cpuMicrosOf(receiverPid) - before.receiver,
      postgres: cpuMicrosOfAll('postgres') - before.postgres,
      load: run.cpuMicros,
      machine: machineBusyMicros() - before.machine,
      wallMicros: (performance.now() - before.at) * 1000,
    },
  };
}

/** bench/meta-signals-load.ts in its own process, against `url`, for `seconds`. */
function load(url: string, seconds: number, prefix: string): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/meta-signals-load.ts')], {
    env: { ...process.env, LOAD_URL: url, LOAD_SECRET: APP.secret, LOAD_CHANGES: String(CHANGES), LOAD_CONNECTIONS: String(CONNECTIONS), LOAD_SECONDS: String(seconds), LOAD_PREFIX: prefix },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Run) : reject(new Error(`load exited ${code}`)))));
}

async function startBare(): Promise<{ url: string; pid: number | undefined; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/meta-signals-bare.ts')], { env: { ...process.env, BARE_SECRET: APP.secret, PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`bare receiver exited ${code}`)));
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

// Asked again once when the keep-alive connection of the previous ask was closed under it (ECONNRESET, seen after a long load).
const metric = async (base: string, name: string): Promise<number> =>
  metricOnce(base, name).catch(async () => {
    await sleep(200);
    return metricOnce(base, name);
  });
const metricOnce = async (base: string, name: string) => Number(/^(\S+) (\S+)$/m.exec((await (await fetch(`${base}/metrics`)).text()).split('\n').find((l) => l.startsWith(name)) ?? '')?.[2] ?? NaN);

async function intake(base: string, pid: number | undefined, lines: string[], result: Record<string, unknown>, stopService: () => Promise<Database>): Promise<boolean> {
  const url = `${base}${WEBHOOKS_PATH}`;
  // Webhooks stored before (part A's `connected` ones) are told apart from the load's.
  const acceptedBefore = await metric(base, 'wevion_meta_signals_total{kind="webhook",outcome="accepted"}');
  const bare = await startBare();
  const service: Run[] = [];
  const baseline: Run[] = [];
  const serviceCpu: TurnCpu[] = [];
  const bareCpu: TurnCpu[] = [];
  let answered = 0;
  try {
    answered += (await load(url, 2, '80'))['2xx'];
    await load(bare.url, 2, '80');
    const slice = Math.max(1, Math.round(DURATION / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      const serviceTurn = async () => {
        const { run, cpu } = await measured(pid, () => load(url, slice, `8${round + 1}`));
        answered += run['2xx'];
        service.push(run);
        serviceCpu.push(cpu);
      };
      const bareTurn = async () => {
        const { run, cpu } = await measured(bare.pid, () => load(bare.url, slice, `8${round + 1}`));
        baseline.push(run);
        bareCpu.push(cpu);
      };
      if (round % 2 === 0) await serviceTurn().then(bareTurn);
      else await bareTurn().then(serviceTurn);
    }
  } finally {
    await bare.stop();
  }
  const mean = (runs: Run[], pick: (r: Run) => number) => runs.reduce((n, r) => n + pick(r), 0) / runs.length;
  const worst = (runs: Run[], pick: (r: Run) => number) => Math.max(...runs.map(pick));
  const rps = mean(service, (r) => r.requests.average);
  const bareRps = mean(baseline, (r) => r.requests.average);
  const errors = service.reduce((n, r) => n + r.errors + r.timeouts + r.non2xx, 0);
  // CPU per request answered 200, summed over the turns: where the time goes on each side.
  const perRequest = (runs: Run[], cpu: TurnCpu[], pick: (c: TurnCpu) => number) => Math.round(cpu.reduce((n, c) => n + pick(c), 0) / runs.reduce((n, r) => n + r['2xx'], 0));
  const busy = (cpu: TurnCpu[]) => Math.round((100 * cpu.reduce((n, c) => n + c.machine, 0)) / cpu.reduce((n, c) => n + c.wallMicros * cpus().length, 0));
  const cpuFigures = {
    service: { receiver: perRequest(service, serviceCpu, (c) => c.receiver), postgres: perRequest(service, serviceCpu, (c) => c.postgres), load: perRequest(service, serviceCpu, (c) => c.load), machineBusyPercent: busy(serviceCpu) },
    bare: { receiver: perRequest(baseline, bareCpu, (c) => c.receiver), postgres: perRequest(baseline, bareCpu, (c) => c.postgres), load: perRequest(baseline, bareCpu, (c) => c.load), machineBusyPercent: busy(bareCpu) },
  };

  // Processing catches up; then the process stops and the database says what became of each delivery.
  const waitStarted = Date.now();
  while ((await metric(base, 'wevion_meta_signals_unprocessed')) !== 0 && Date.now() - waitStarted < 600_000) await sleep(500);
  const catchUpSeconds = (Date.now() - waitStarted) / 1000;
  // What the service answered 200 and stored (the load's own count misses the answers in flight when a turn ends).
  const accepted = await metric(base, 'wevion_meta_signals_total{kind="webhook",outcome="accepted"}');
  const database = await stopService();
  const row = (
    await database.executeSql(
      `select count(*)::int as stored, count(*) filter (where processed_at is null)::int as unprocessed, coalesce(max(attempts), 0)::int as most_attempts,
        coalesce(sum((outcome->>'unknown_person')::int), 0)::int as changes, count(*) filter (where outcome::text <> jsonb_build_object('unknown_person', ${CHANGES})::text)::int as odd
       from meta_signals where kind = 'webhook'`,
    )
  ).rows[0] as { stored: number; unprocessed: number; most_attempts: number; changes: number; odd: number };
  await database.close();
  const loadStored = row.stored - row.odd;
  const once = row.stored === accepted && row.odd === acceptedBefore && loadStored >= answered && row.unprocessed === 0 && row.most_attempts === 1 && row.changes === loadStored * CHANGES;

  Object.assign(result, {
    intake: {
      connections: CONNECTIONS,
      changesPerDelivery: CHANGES,
      rps: Math.round(rps),
      p50: worst(service, (r) => r.latency.p50),
      p99: worst(service, (r) => r.latency.p99),
      errors,
      bareRps: Math.round(bareRps),
      bareP99: worst(baseline, (r) => r.latency.p99),
      ratio: Number((rps / bareRps).toFixed(2)),
      ratioByTurn: service.map((r, i) => Number((r.requests.average / baseline[i]!.requests.average).toFixed(2))),
      cpuMicrosPerRequest: cpuFigures,
      answered,
      accepted: accepted - acceptedBefore,
      stored: loadStored,
      changesProcessed: row.changes,
      mostAttempts: row.most_attempts,
      catchUpSeconds: Number(catchUpSeconds.toFixed(1)),
      exactlyOnce: once,
    },
  });
  lines.push(
    `B. webhook intake, ${CONNECTIONS} clients, ${CHANGES} changes a delivery, ${ROUNDS} turns each of ${Math.max(1, Math.round(DURATION / ROUNDS))} s`,
    `  POST /connect/meta/webhooks   ${Math.round(rps)} req/s   p50 ${worst(service, (r) => r.latency.p50)} ms   p99 ${worst(service, (r) => r.latency.p99)} ms   errors ${errors}`,
    `  bare handler (signature, 200) ${Math.round(bareRps)} req/s   p50 ${worst(baseline, (r) => r.latency.p50)} ms   p99 ${worst(baseline, (r) => r.latency.p99)} ms`,
    `  ratio ${(rps / bareRps).toFixed(2)} (target ≥ 0.5, p99 ≤ 50 ms; by turn ${service.map((r, i) => (r.requests.average / baseline[i]!.requests.average).toFixed(2)).join(', ')})`,
    `  CPU per request (µs): the service ${cpuFigures.service.receiver} + PostgreSQL's processes ${cpuFigures.service.postgres} + the load ${cpuFigures.service.load}, machine ${cpuFigures.service.machineBusyPercent} % busy; the bare handler ${cpuFigures.bare.receiver} + PostgreSQL ${cpuFigures.bare.postgres} + the load ${cpuFigures.bare.load}, machine ${cpuFigures.bare.machineBusyPercent} % busy`,
    `  exactly once: ${accepted - acceptedBefore} accepted (${answered} answers counted by the load, which misses those in flight at the end of a turn), ${loadStored} stored, ${row.unprocessed} unprocessed, at most ${row.most_attempts} attempt(s) each, ${row.changes} changes processed (${loadStored * CHANGES} stored): ${once ? 'yes' : 'NO'}; processing caught up ${catchUpSeconds.toFixed(1)} s after the load`,
  );
  return once;
}

await main();
