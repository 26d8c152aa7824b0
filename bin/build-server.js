/**
 * Compiles the service's TypeScript (src/) into plain JavaScript (build/), once, so that no
 * process transpiles at run time: `npm install` does it (the `prepare` script runs
 * `wevion build`), and `bin/wevion.js` does it again whenever something under src/ is newer than
 * the build, so a developer editing src (and the tests that spawn the CLI) always run current code.
 *
 * esbuild bundles src/cli.ts with the pure-ESM libraries it uses (Kysely, Zod, Hono and its
 * OpenAPI layer: some 400 small files) into a few files, split where the CLI imports lazily (the
 * emulator, the service, the UI build), so a command loads only what it runs. Loading 600 files
 * one by one was half of a start's CPU; the bundle halves that. Packages that read files beside
 * their code or are CommonJS (PGlite, pg, pg-boss, pino, undici, …) stay in node_modules. The
 * chunks sit at build/'s top level, one folder down from the project like src/paths.ts, which
 * derives every path from there.
 *
 * Staleness is a walk of src/ comparing mtimes (folders count: a deleted file changes its folder's
 * mtime) with the stamp the last build left, a few milliseconds. Parallel processes (test files
 * spawning the CLI) serialise on a lock file; the build goes to a temporary folder that is then
 * swapped in, so nobody loads a half-written build.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SRC_DIR = path.join(ROOT, 'src');
export const BUILD_DIR = path.join(ROOT, 'build');
const STAMP = '.build-stamp.json';
const LOCK = path.join(ROOT, '.build.lock');
const LOCK_STALE_MS = 60_000;
/** Bundled with the service: pure ESM, nothing read from beside their own files. */
const BUNDLED_PACKAGES = /^(kysely|zod|hono|@hono\/|@asteasolutions\/zod-to-openapi|openapi3-ts)(\/|$)/;

/** Every file and folder under src/ (sorted), with mtimes. */
function walk(dir, out = []) {
  out.push({ full: dir, isFile: false, mtimeMs: statSync(dir).mtimeMs });
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile()) out.push({ full, isFile: true, mtimeMs: statSync(full).mtimeMs });
  }
  return out;
}

/** The sources' state: newest mtime (this file's own counts: it decides the output) and file count. */
function sourceState() {
  const entries = walk(SRC_DIR);
  const newestMtimeMs = Math.max(statSync(fileURLToPath(import.meta.url)).mtimeMs, ...entries.map((e) => e.mtimeMs));
  return { entries, newestMtimeMs, files: entries.filter((e) => e.isFile).length };
}

function readStamp(dir = BUILD_DIR) {
  try {
    const stamp = JSON.parse(readFileSync(path.join(dir, STAMP), 'utf8'));
    return typeof stamp.newestMtimeMs === 'number' ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** Whether build/ holds a compile of the current src/ (and why not). */
export function serverBuildState() {
  const stamp = readStamp();
  if (!stamp || !existsSync(path.join(BUILD_DIR, 'cli.js'))) return { stale: true, reason: 'missing' };
  const state = sourceState();
  if (state.newestMtimeMs > stamp.newestMtimeMs || state.files !== stamp.files) return { stale: true, reason: 'changed' };
  return { stale: false, reason: 'fresh' };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function withLock(work) {
  for (;;) {
    try {
      closeSync(openSync(LOCK, 'wx'));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let age = 0;
      try {
        age = Date.now() - statSync(LOCK).mtimeMs;
      } catch {
        continue;
      }
      if (age > LOCK_STALE_MS) rmSync(LOCK, { force: true });
      else await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

/** esbuild plugin: node builtins and packages other than BUNDLED_PACKAGES stay imports. */
const externals = {
  name: 'externals',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED_PACKAGES.test(args.path) ? undefined : { path: args.path, external: true }));
  },
};

async function compile(state) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('esbuild is not installed, so src/ cannot be compiled into build/: run npm install');
  }
  const started = Date.now();
  const temporary = path.join(ROOT, `.build-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await esbuild.build({
      entryPoints: { cli: path.join(SRC_DIR, 'cli.ts') },
      outdir: temporary,
      bundle: true,
      splitting: true,
      chunkNames: '[name]-[hash]',
      plugins: [externals],
      format: 'esm',
      platform: 'node',
      target: 'node20',
      jsx: 'automatic',
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'error',
    });
    writeFileSync(
      path.join(temporary, STAMP),
      JSON.stringify({ newestMtimeMs: state.newestMtimeMs, files: state.files, esbuild: esbuild.version, builtAt: new Date().toISOString() }, null, 2),
    );
    const old = `${temporary}-old`;
    if (existsSync(BUILD_DIR)) renameSync(BUILD_DIR, old);
    renameSync(temporary, BUILD_DIR);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  return Date.now() - started;
}

/**
 * Compiles src/ into build/ when it is missing or older than its sources. Returns whether it did.
 * Says so on stderr when that is a terminal or `verbose` (`wevion build`): a CLI command's output
 * read by a script or a test stays what it was. Without esbuild (an install without dev
 * dependencies) a stale build is run as it is, with a warning; a missing one is an error.
 */
export async function ensureServerBuilt(options = {}) {
  const say = options.verbose || process.stderr.isTTY;
  const log = (line) => process.stderr.write(`${line}\n`);
  if (!options.force && !serverBuildState().stale) {
    if (options.verbose) log('wevion build: server is up to date in build/');
    return false;
  }
  return withLock(async () => {
    // Another process may have compiled it while this one waited for the lock.
    const check = serverBuildState();
    if (!options.force && !check.stale) return false;
    const state = sourceState();
    try {
      const ms = await compile(state);
      if (say) log(`wevion: compiled src/ into build/ in ${(ms / 1000).toFixed(1)} s (${check.reason})`);
      return true;
    } catch (error) {
      if (check.reason !== 'missing' && /esbuild is not installed/.test(String(error))) {
        log('wevion: src/ is newer than build/, but esbuild is not installed to compile it; running the existing build');
        return false;
      }
      throw error;
    }
  });
}
