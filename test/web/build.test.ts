import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt, needsBuild, sourceState, STAMP_FILE } from '../../src/web/build.ts';

const temporary: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A fake source tree and a fake build of it, stamped as ensureWebBuilt stamps a real one. */
async function stampedTree() {
  const src = tempDir('wevion-web-src-');
  const out = tempDir('wevion-web-out-');
  mkdirSync(path.join(src, 'src'));
  writeFileSync(path.join(src, 'index.html'), '<div id="root"></div>');
  writeFileSync(path.join(src, 'src', 'main.tsx'), 'console.log(1)');
  writeFileSync(path.join(out, 'index.html'), 'built');
  const state = await sourceState(src);
  writeFileSync(path.join(out, STAMP_FILE), JSON.stringify({ ...state, builtAt: new Date().toISOString() }));
  return { src, out };
}

describe('web build staleness', () => {
  it('builds when nothing was built, and not when the stamp matches the sources', async () => {
    const { src, out } = await stampedTree();
    expect(await needsBuild(src, tempDir('wevion-web-none-'))).toEqual({ stale: true, reason: 'missing' });
    expect(await needsBuild(src, out)).toEqual({ stale: false, reason: 'fresh' });
    rmSync(path.join(out, 'index.html'));
    expect((await needsBuild(src, out)).reason).toBe('missing');
  });

  it('does not rebuild when only mtimes moved (a checkout), and moves the stamp forward', async () => {
    const { src, out } = await stampedTree();
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(src, 'src', 'main.tsx'), later, later);
    expect(await needsBuild(src, out)).toEqual({ stale: false, reason: 'fresh' });
    const stamp = JSON.parse(readFileSync(path.join(out, STAMP_FILE), 'utf8')) as { newestMtimeMs: number };
    expect(stamp.newestMtimeMs).toBeGreaterThanOrEqual(later.getTime() - 1);
  });

  it('rebuilds when a source file changes, appears or disappears, or a build tool changes version', async () => {
    const changed = await stampedTree();
    writeFileSync(path.join(changed.src, 'src', 'main.tsx'), 'console.log(2)');
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(changed.src, 'src', 'main.tsx'), later, later);
    expect(await needsBuild(changed.src, changed.out)).toEqual({ stale: true, reason: 'changed' });

    const added = await stampedTree();
    writeFileSync(path.join(added.src, 'src', 'extra.ts'), 'export {}');
    utimesSync(path.join(added.src, 'src', 'extra.ts'), later, later);
    expect((await needsBuild(added.src, added.out)).stale).toBe(true);

    const removed = await stampedTree();
    rmSync(path.join(removed.src, 'src', 'main.tsx'));
    utimesSync(path.join(removed.src, 'src'), later, later);
    expect((await needsBuild(removed.src, removed.out)).stale).toBe(true);

    const upgraded = await stampedTree();
    utimesSync(path.join(upgraded.src, 'index.html'), later, later);
    expect((await needsBuild(upgraded.src, upgraded.out, { vite: '99.0.0' })).stale).toBe(true);
  });

  it('really builds with Vite into a fresh folder, once, even when asked twice at the same time', async () => {
    const outDir = path.join(tempDir('wevion-web-real-'), 'web');
    const logs: string[] = [];
    const logger = { info: (msg: string) => logs.push(msg) };
    const [first, second] = await Promise.all([ensureWebBuilt({ outDir, logger }), ensureWebBuilt({ outDir, logger })]);
    expect(first).toEqual({ distDir: outDir, built: true });
    expect(second).toEqual(first);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/web UI built into .* in [\d.]+ s \(missing\)/);
    const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    expect(await ensureWebBuilt({ outDir, logger })).toEqual({ distDir: outDir, built: false });
  });
});
