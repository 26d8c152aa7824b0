/**
 * Shared by bench/refresh.ts and bench/http.ts: the emulator as a child process (its own core,
 * as Meta would be), a database of the bench's own (in-memory PGlite, or with DATABASE_URL a
 * PostgreSQL database created next to that one and dropped at the end), and the machine line
 * printed with every figure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { World } from '../src/emulator/world.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function machine(): string {
  const gib = (n: number) => (n / 1024 ** 3).toFixed(1);
  return `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${gib(totalmem())} GiB RAM (${gib(freemem())} free), load ${loadavg().map((n) => n.toFixed(1)).join(' ')}, node ${process.version}`;
}

/**
 * CPU time a process has used so far, in microseconds (user + system, from /proc/<pid>/stat;
 * Linux, 100 ticks a second, so read it around spans of seconds). NaN when the process is gone.
 */
export function cpuMicrosOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which may itself hold spaces: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return NaN;
  }
}

/** CPU time used so far by every process of this name (`postgres`: the server and its backends), in microseconds. */
export function cpuMicrosOfAll(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== name) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * 10_000;
    } catch {
      // Gone meanwhile: a backend that ended.
    }
  }
  return total;
}

/** The whole machine's busy CPU time so far (every core), in microseconds, from /proc/stat. */
export function machineBusyMicros(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  return (cpu.slice(0, 8).reduce((n, v) => n + v, 0) - cpu[3]! - cpu[4]!) * 10_000;
}

/** A process's resident memory now and at its peak (MiB), from /proc/<pid>/status (Linux). */
export function memoryOf(pid: number | undefined): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return { rssMb: NaN, peakMb: NaN };
  }
}

/** The direct children of a process (Linux). */
export function childrenOf(pid: number | undefined): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export interface Cannon {
  requests: { average: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

/** autocannon in its own process (so it does not share the service's or this process's event loop). */
export function cannon(url: string, options: { method?: string; headers: Record<string, string>; body?: string; duration: number; connections?: number }): Promise<Cannon> {
  const args = [path.join(ROOT, 'node_modules/autocannon/autocannon.js'), '--json', '-n', '-c', String(options.connections ?? 100), '-d', String(options.duration), '-m', options.method ?? 'GET'];
  for (const [k, v] of Object.entries(options.headers)) args.push('-H', `${k}=${v}`);
  if (options.body) args.push('-b', options.body);
  args.push(url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Cannon) : reject(new Error(`autocannon exited ${code}`))));
  });
}

export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

export interface EmulatorProcess {
  url: string;
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(world: World): Promise<EmulatorProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wevion-bench-world-'));
  const file = path.join(dir, 'world.json');
  writeFileSync(file, JSON.stringify(world));
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin/wevion.js'), 'emulator', '--port', '0', '--world', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const control = async (method: string, p: string, body?: unknown) => {
    const response = await fetch(`${url}${p}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator ${method} ${p}: ${response.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : null;
  };
  return {
    url,
    control,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface BenchDatabase {
  engine: 'pglite' | 'postgres';
  url?: string;
  /** Another handle (its own pool) on the same database; PGlite has only the one. */
  open(): Promise<Database>;
  database: Database;
  drop(): Promise<void>;
}

export async function benchDatabase(): Promise<BenchDatabase> {
  const admin = process.env.DATABASE_URL;
  if (!admin) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database.db);
    return { engine: 'pglite', database, open: async () => database, drop: () => database.close() };
  }
  const name = `wevion_bench_${process.pid}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: admin });
  try {
    await client.connect();
    await client.query(`create database ${name}`);
  } catch (error) {
    // The URL names the server (its database is only where `create database` is sent from).
    throw new Error(`DATABASE_URL: cannot create the bench's database through ${redactUrl(admin)}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => {});
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  await migrate(database.db);
  return {
    engine: 'postgres',
    url: url.toString(),
    database,
    open: () => openDatabase({ databaseUrl: url.toString(), poolSize: 10 }),
    drop: async () => {
      await database.close();
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** A connection string without its password, for an error message. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}
