/**
 * Start-up and memory of `wevion serve` as a newcomer runs it (issue 18): the real bin, demo mode
 * (no META_APP_ID: the emulator is started beside it), embedded PGlite in a fresh DATA_DIR.
 *   - first start: time from spawn to the first `GET /healthz` 200, then its resident memory
 *     (VmRSS) after `--idle` seconds doing nothing;
 *   - restart on the same DATA_DIR: the same two figures;
 *   - under load: the restarted process's peak resident memory (VmHWM) while autocannon
 *     (`--connections` clients, `--load` seconds per route) asks for the Meta Users and ad account
 *     lists as the demo admin; `bench/http.ts` prints the same peak for its heavier workspace;
 *   - PostgreSQL (a database of its own, created and dropped here): time to /healthz on an empty
 *     database (migrations included) and on a restart, and idle memory after each;
 * and beside each, in the same run, a baseline: a bare `node` process that opens the same engine
 * on the same data (PGlite with its default settings: initdb in an empty folder for the first
 * start, the service's data folder for the restart; `pg` for PostgreSQL) and answers one HTTP
 * request with a query's result; its time to that answer and its idle memory.
 *
 *   node --import tsx bench/startup.ts [--idle 5] [--load 5] [--connections 50] [--runs 1] [--bin bin/wevion.js]
 *
 * With --runs N every figure is the median of N rounds (each round a new DATA_DIR). --bin runs
 * another checkout's bin/wevion.js (e.g. the code before a change) against this one's baseline.
 * PostgreSQL is DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres);
 * skipped, and said so, when it does not answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../src/accounts/accounts.ts';
import { freePort, testKeys } from '../test/helpers/process.ts';
import { arg, cannon, childrenOf, machine, memoryOf, ROOT } from './lib.ts';

const IDLE_S = Number(arg('idle', '5'));
const LOAD_S = Number(arg('load', '5'));
const CONNECTIONS = Number(arg('connections', '50'));
const RUNS = Number(arg('runs', '1'));
const BIN = path.resolve(arg('bin', path.join(ROOT, 'bin/wevion.js')));
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Every process started here, so that a failed round leaves none behind. */
const running = new Set<ChildProcess>();

interface Started {
  child: ChildProcess;
  url: string;
  /** ms from spawn to the first 200. */
  upMs: number;
  output: () => string;
  stop(): Promise<void>;
}

/** Spawns a process, polls `probeUrl` every 25 ms until it answers 200, and returns how long that took. */
async function startAndTime(args: string[], env: Record<string, string>, probeUrl: string, timeoutMs = 120_000): Promise<Started> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
  let out = '';
  const keep = (chunk: Buffer) => (out = (out + chunk.toString()).slice(-8000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}:\n${out}`);
    try {
      const response = await fetch(probeUrl);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${probeUrl} did not answer within ${timeoutMs} ms:\n${out}`);
    }
    await sleep(25);
  }
  const upMs = performance.now() - started;
  return {
    child,
    url: new URL(probeUrl).origin,
    upMs,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The demo service on `dataDir` (and, with `databaseUrl`, on that PostgreSQL database). */
async function startServe(dataDir: string, databaseUrl?: string): Promise<Started> {
  const port = await freePort();
  const env: Record<string, string> = { DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, EMULATOR_PORT: String(await freePort()), LOG_LEVEL: 'warn', ...(databaseUrl ? { DATABASE_URL: databaseUrl, TOKEN_ENCRYPTION_KEYS: testKeys() } : {}) };
  return startAndTime([BIN, 'serve'], env, `http://127.0.0.1:${port}/healthz`);
}

/** The baseline: bare node, the engine opened on the same data, one HTTP request answered with a query's result. */
const BASELINE_PGLITE = `
import { createServer } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create(process.env.PGDATA);
createServer(async (req, res) => {
  const { rows } = await db.query('select count(*)::int as n from pg_class');
  res.end(JSON.stringify(rows[0]));
}).listen(Number(process.env.PORT), '127.0.0.1');
`;
const BASELINE_PG = `
import { createServer } from 'node:http';
import pg from 'pg';
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
createServer(async (req, res) => {
  const { rows } = await pool.query('select count(*)::int as n from pg_class');
  res.end(JSON.stringify(rows[0]));
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

async function startBaseline(script: string, env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  // Evaluated with the project as the working folder, so the engine is this install's.
  return startAndTime(['--input-type=module', '-e', script], { ...env, PORT: String(port) }, `http://127.0.0.1:${port}/`);
}

interface Measured {
  upMs: number;
  rssMb: number;
  /** The demo emulator (serve's child), when there is one. */
  childMb?: number;
}

/** Lets a started process idle, then reads its memory (and its children's) and stops it. */
async function idleAndStop(started: Started, keep?: (s: Started) => Promise<number>): Promise<Measured & { loadPeakMb?: number }> {
  await sleep(IDLE_S * 1000);
  const { rssMb } = memoryOf(started.child.pid);
  const children = childrenOf(started.child.pid).map((pid) => memoryOf(pid).rssMb);
  const loadPeakMb = keep ? await keep(started) : undefined;
  await started.stop();
  return { upMs: started.upMs, rssMb, ...(children.length > 0 ? { childMb: children.reduce((a, b) => a + b, 0) } : {}), ...(loadPeakMb !== undefined ? { loadPeakMb } : {}) };
}

/** autocannon on the two list routes as the demo admin; the service's peak resident memory (VmHWM) afterwards. */
async function load(started: Started): Promise<number> {
  const base = started.url;
  const signIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }) });
  if (signIn.status !== 200) throw new Error(`demo sign-in: ${signIn.status} ${await signIn.text()}`);
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  for (const route of ['/api/meta-users', '/api/ad-accounts', '/api/notifications']) {
    const result = await cannon(`${base}${route}`, { headers: { cookie }, duration: LOAD_S, connections: CONNECTIONS });
    if (result.non2xx + result.errors > 0) throw new Error(`${route}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  return memoryOf(started.child.pid).peakMb;
}

async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function withPostgresDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const name = `wevion_startup_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    const dropper = new pg.Client({ connectionString: ADMIN_URL });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  }
}

interface Round {
  first: Measured;
  restart: Measured;
  loadPeakMb: number;
  baseFirst: Measured;
  baseRestart: Measured;
  postgres?: Measured;
  postgresRestart?: Measured;
  basePostgres?: Measured;
}

async function round(withPostgres: boolean): Promise<Round> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wevion-bench-startup-'));
  const bareDir = mkdtempSync(path.join(tmpdir(), 'wevion-bench-startup-bare-'));
  try {
    // Baseline and service alternate, so that the machine's mood weighs on both alike.
    const baseFirst = await idleAndStop(await startBaseline(BASELINE_PGLITE, { PGDATA: path.join(bareDir, 'pgdata') }));
    const first = await idleAndStop(await startServe(dataDir));
    const restartRun = await idleAndStop(await startServe(dataDir), load);
    const baseRestart = await idleAndStop(await startBaseline(BASELINE_PGLITE, { PGDATA: path.join(dataDir, 'pgdata') }));
    const { loadPeakMb, ...restart } = restartRun;
    const result: Round = { first, restart, loadPeakMb: loadPeakMb ?? NaN, baseFirst, baseRestart };
    if (withPostgres) {
      await withPostgresDatabase(async (url) => {
        const pgDir = mkdtempSync(path.join(tmpdir(), 'wevion-bench-startup-pg-'));
        try {
          result.postgres = await idleAndStop(await startServe(pgDir, url));
          result.postgresRestart = await idleAndStop(await startServe(pgDir, url));
          result.basePostgres = await idleAndStop(await startBaseline(BASELINE_PG, { DATABASE_URL: url }));
        } finally {
          rmSync(pgDir, { recursive: true, force: true });
        }
      });
    }
    return result;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(bareDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[sorted.length >> 1]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const withPostgres = await postgresAvailable();
  const rounds: Round[] = [];
  for (let i = 0; i < RUNS; i++) rounds.push(await round(withPostgres));
  const m = (pick: (r: Round) => number | undefined) => median(rounds.map((r) => pick(r) ?? NaN));

  type Row = [figure: string, value: number, unit: 's' | 'MiB', target: number | undefined, baseline: number | undefined];
  const s = (ms: number) => ms / 1000;
  const rows: Row[] = [
    ['first start: spawn → /healthz 200', s(m((r) => r.first.upMs)), 's', 6, s(m((r) => r.baseFirst.upMs))],
    [`first start: resident memory, ${IDLE_S} s idle`, m((r) => r.first.rssMb), 'MiB', 300, m((r) => r.baseFirst.rssMb)],
    ['restart: spawn → /healthz 200', s(m((r) => r.restart.upMs)), 's', 3, s(m((r) => r.baseRestart.upMs))],
    [`restart: resident memory, ${IDLE_S} s idle`, m((r) => r.restart.rssMb), 'MiB', 250, m((r) => r.baseRestart.rssMb)],
    [`under load (${CONNECTIONS} clients, 3 lists × ${LOAD_S} s): peak resident memory`, m((r) => r.loadPeakMb), 'MiB', 500, undefined],
  ];
  if (withPostgres) {
    rows.push(['PostgreSQL, empty database: spawn → /healthz 200', s(m((r) => r.postgres?.upMs)), 's', undefined, s(m((r) => r.basePostgres?.upMs))]);
    rows.push([`PostgreSQL, empty database: resident memory, ${IDLE_S} s idle`, m((r) => r.postgres?.rssMb), 'MiB', 150, m((r) => r.basePostgres?.rssMb)]);
    rows.push(['PostgreSQL, restart: spawn → /healthz 200', s(m((r) => r.postgresRestart?.upMs)), 's', undefined, s(m((r) => r.basePostgres?.upMs))]);
    rows.push([`PostgreSQL, restart: resident memory, ${IDLE_S} s idle`, m((r) => r.postgresRestart?.rssMb), 'MiB', 150, m((r) => r.basePostgres?.rssMb)]);
  }
  const fmt = (v: number | undefined, unit: string) => (v === undefined || !Number.isFinite(v) ? '—' : unit === 's' ? `${v.toFixed(2)} s` : `${Math.round(v)} MiB`);
  const lines = [
    `Start-up — ${path.relative(ROOT, BIN) || BIN} serve (demo mode); ${RUNS > 1 ? `median of ${RUNS} rounds` : 'one round'}; ${machine()}`,
    `  ${'figure'.padEnd(62)} ${'measured'.padStart(9)} ${'target'.padStart(10)} ${'met'.padStart(4)} ${'baseline'.padStart(9)} ${'ratio'.padStart(6)}`,
  ];
  for (const [figure, value, unit, target, baseline] of rows) {
    const met = target === undefined || !Number.isFinite(value) ? '' : value <= target ? 'yes' : 'NO';
    const ratio = baseline === undefined || !Number.isFinite(baseline) || !Number.isFinite(value) ? '—' : (value / baseline).toFixed(2);
    lines.push(`  ${figure.padEnd(62)} ${fmt(value, unit).padStart(9)} ${(target === undefined ? '—' : `≤ ${fmt(target, unit)}`).padStart(10)} ${met.padStart(4)} ${fmt(baseline, unit).padStart(9)} ${ratio.padStart(6)}`);
  }
  const emulatorMb = m((r) => r.restart.childMb);
  if (Number.isFinite(emulatorMb)) lines.push(`  the demo Meta emulator (serve's child process), idle: ${Math.round(emulatorMb)} MiB`);
  if (!withPostgres) lines.push(`  PostgreSQL: skipped (${ADMIN_URL.replace(/\/\/[^@]*@/, '//…@')} does not answer)`);
  lines.push('  baseline: bare node + the same engine on the same data (PGlite defaults; pg for PostgreSQL), answering one HTTP request');
  lines.push(JSON.stringify({ runs: RUNS, idleSeconds: IDLE_S, loadSeconds: LOAD_S, connections: CONNECTIONS, rounds, machine: machine() }));
  process.stdout.write(lines.join('\n') + '\n');
}

try {
  await main();
} finally {
  for (const child of running) child.kill('SIGTERM');
}
