import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testWorld } from './helpers.ts';

const entry = join(import.meta.dirname, 'fixtures', 'cli-entry.ts');

function run(args: string[]): { firstLine: Promise<string>; exit: Promise<number | null>; kill(signal: NodeJS.Signals): void; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    child.once('exit', () => reject(new Error(`exited before printing: ${err}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { firstLine, exit, kill: (s) => child.kill(s), stderr: () => err };
}

describe('wevion emulator', () => {
  it('starts with the default world, prints its URL, and exits 0 on SIGTERM', async () => {
    const p = run(['--port', '0']);
    const line = await p.firstLine;
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1];
    expect(url).toBeDefined();
    const health = await fetch(`${url}/__control/health`);
    expect(await health.json()).toEqual({ ok: true });
    const world = (await (await fetch(`${url}/__control/world`)).json()) as { adAccounts: unknown[] };
    expect(world.adAccounts).toHaveLength(6);
    p.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  });

  it('loads a world file and exits 0 on SIGINT', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-cli-'));
    const file = join(dir, 'world.json');
    await writeFile(file, JSON.stringify(testWorld()));
    const p = run(['--port', '0', '--world', file, '--host', '127.0.0.1']);
    const url = /(http:\/\/\S+)/.exec(await p.firstLine)?.[1] ?? '';
    const world = (await (await fetch(`${url}/__control/world`)).json()) as { adAccounts: unknown[] };
    expect(world.adAccounts).toHaveLength(4);
    p.kill('SIGINT');
    expect(await p.exit).toBe(0);
  });

  it('fails with exit code 1 on a bad world file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-cli-'));
    const file = join(dir, 'world.json');
    await writeFile(file, JSON.stringify({ adAccounts: [{ id: 'x' }] }));
    const p = run(['--port', '0', '--world', file]);
    p.firstLine.catch(() => undefined);
    expect(await p.exit).toBe(1);
    expect(p.stderr()).toContain('emulator:');
  });
});
