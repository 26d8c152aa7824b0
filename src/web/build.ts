/**
 * Builds the web UI with Vite when the built assets are missing or stale, so `wevion serve` and
 * the tests never serve an outdated UI and nobody has to remember a build step.
 *
 * Staleness: the build leaves a stamp (`.build-stamp.json`) with a hash of every file under
 * src/web (plus the versions of the packages that shape the output) and the newest mtime it saw.
 * Nothing newer than that mtime → fresh without reading a file; something newer → the hash decides,
 * so a `git checkout` that only touches mtimes does not cost a rebuild.
 *
 * Several processes may start at once (test files in parallel, web processes on one host): a lock
 * file serialises them, the build goes to a temporary folder, and the finished folder is swapped in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../paths.ts';

const WEB_ROOT = path.join(PROJECT_ROOT, 'src/web');
export const WEB_DIST_DIR = path.join(PROJECT_ROOT, 'dist/web');
export const STAMP_FILE = '.build-stamp.json';
/** Packages whose version changes the built output. */
const OUTPUT_PACKAGES = ['vite', 'react', 'react-dom', '@vitejs/plugin-react'];
const LOCK_STALE_MS = 120_000;

export interface EnsureWebBuiltOptions {
  logger?: { info(msg: string): void };
  /** Where the assets go; `dist/web` by default. */
  outDir?: string;
  /** Build even when the assets are fresh. */
  force?: boolean;
}

interface Stamp {
  hash: string;
  newestMtimeMs: number;
  builtAt: string;
}

export interface SourceState {
  hash: string;
  newestMtimeMs: number;
}

/** Every file and folder under `dir` (folders count: deleting a file changes its folder's mtime). */
async function walk(dir: string, base = dir): Promise<Array<{ rel: string; full: string; isFile: boolean; mtimeMs: number }>> {
  const out: Array<{ rel: string; full: string; isFile: boolean; mtimeMs: number }> = [];
  const own = await stat(dir);
  out.push({ rel: path.relative(base, dir) || '.', full: dir, isFile: false, mtimeMs: own.mtimeMs });
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full, base)));
    else if (entry.isFile()) out.push({ rel: path.relative(base, full), full, isFile: true, mtimeMs: (await stat(full)).mtimeMs });
  }
  return out;
}

async function newestMtime(srcDir: string): Promise<number> {
  return Math.max(...(await walk(srcDir)).map((entry) => entry.mtimeMs));
}

/** The hash of the sources (paths and contents) and of the output-shaping package versions. */
export async function sourceState(srcDir: string, packageVersions: Record<string, string> = {}): Promise<SourceState> {
  const entries = (await walk(srcDir)).sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const hash = createHash('sha256');
  for (const entry of entries) {
    if (!entry.isFile) continue;
    hash.update(entry.rel.split(path.sep).join('/')).update('\0').update(await readFile(entry.full)).update('\0');
  }
  hash.update(JSON.stringify(packageVersions));
  return { hash: hash.digest('hex'), newestMtimeMs: Math.max(...entries.map((entry) => entry.mtimeMs)) };
}

async function readStamp(outDir: string): Promise<Stamp | undefined> {
  try {
    const stamp = JSON.parse(await readFile(path.join(outDir, STAMP_FILE), 'utf8')) as Stamp;
    return typeof stamp.hash === 'string' && typeof stamp.newestMtimeMs === 'number' ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `outDir` holds a build of the current `srcDir`. When only mtimes moved (same contents),
 * the stamp is brought forward so the next check is the cheap one again.
 */
export async function needsBuild(
  srcDir: string,
  outDir: string,
  packageVersions: Record<string, string> = {},
): Promise<{ stale: boolean; reason: 'missing' | 'changed' | 'fresh' }> {
  const stamp = await readStamp(outDir);
  if (!stamp || !existsSync(path.join(outDir, 'index.html'))) return { stale: true, reason: 'missing' };
  if ((await newestMtime(srcDir)) <= stamp.newestMtimeMs) return { stale: false, reason: 'fresh' };
  const current = await sourceState(srcDir, packageVersions);
  if (current.hash !== stamp.hash) return { stale: true, reason: 'changed' };
  await writeStamp(outDir, { ...stamp, newestMtimeMs: current.newestMtimeMs });
  return { stale: false, reason: 'fresh' };
}

async function writeStamp(outDir: string, stamp: Stamp): Promise<void> {
  await writeFile(path.join(outDir, STAMP_FILE), JSON.stringify(stamp, null, 2));
}

async function packageVersions(): Promise<Record<string, string>> {
  const versions: Record<string, string> = {};
  for (const name of OUTPUT_PACKAGES) {
    try {
      const manifest = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
      versions[name] = manifest.version ?? '?';
    } catch {
      versions[name] = 'missing';
    }
  }
  return versions;
}

/** Whether dist/web holds a build of the current UI sources (`wevion serve` asks this at start, and does not build). */
export async function webBuildState(distDir: string = WEB_DIST_DIR): Promise<{ stale: boolean; reason: 'missing' | 'changed' | 'fresh' }> {
  return needsBuild(WEB_ROOT, path.resolve(distDir), await packageVersions());
}

/** Holds `lockFile` while `work` runs; waits for another holder, and breaks a lock left by a crash. */
async function withLock<T>(lockFile: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lockFile).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > LOCK_STALE_MS) await rm(lockFile, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockFile, { force: true });
  }
}

const inFlight = new Map<string, Promise<{ distDir: string; built: boolean }>>();

/**
 * Builds the UI into `dist/web` when it is missing or older than its sources; returns where the
 * assets are and whether a build ran. Vite is imported only when a build is needed, so a process
 * serving prebuilt assets does not need the build tools installed.
 */
export function ensureWebBuilt(options: EnsureWebBuiltOptions = {}): Promise<{ distDir: string; built: boolean }> {
  const distDir = path.resolve(options.outDir ?? WEB_DIST_DIR);
  const running = inFlight.get(distDir);
  if (running) return running;
  const promise = build(distDir, options).finally(() => inFlight.delete(distDir));
  inFlight.set(distDir, promise);
  return promise;
}

async function build(distDir: string, options: EnsureWebBuiltOptions): Promise<{ distDir: string; built: boolean }> {
  const versions = await packageVersions();
  if (!options.force && !(await needsBuild(WEB_ROOT, distDir, versions)).stale) return { distDir, built: false };
  const parent = path.dirname(distDir);
  await mkdir(parent, { recursive: true });
  return withLock(path.join(parent, `.${path.basename(distDir)}.build.lock`), async () => {
    // Another process may have built it while we waited for the lock.
    const check = await needsBuild(WEB_ROOT, distDir, versions);
    if (!options.force && !check.stale) return { distDir, built: false };
    const started = Date.now();
    const sources = await sourceState(WEB_ROOT, versions);
    const temporary = path.join(parent, `.${path.basename(distDir)}-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      const { build: viteBuild } = await import('vite');
      const { webViteConfig } = await import('./vite.config.ts');
      await viteBuild(webViteConfig(temporary));
      await writeStamp(temporary, { ...sources, builtAt: new Date().toISOString() });
      const old = `${temporary}-old`;
      if (existsSync(distDir)) await rename(distDir, old);
      await rename(temporary, distDir);
      await rm(old, { recursive: true, force: true });
    } finally {
      await rm(temporary, { recursive: true, force: true });
    }
    // The build read the sources as of `sources`; an edit made during it will be seen next time.
    await utimes(path.join(distDir, STAMP_FILE), new Date(), new Date());
    options.logger?.info(`web UI built into ${path.relative(PROJECT_ROOT, distDir) || distDir} in ${((Date.now() - started) / 1000).toFixed(1)} s (${check.reason})`);
    return { distDir, built: true };
  });
}

// `node --import tsx src/web/build.ts [--force]` (npm run build:web)
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  ensureWebBuilt({ logger: console, force: process.argv.includes('--force') }).then(
    ({ distDir, built }) => {
      if (!built) console.info(`web UI is up to date in ${path.relative(PROJECT_ROOT, distDir)}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
