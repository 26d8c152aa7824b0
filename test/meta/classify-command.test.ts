import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runClassify } from '../../src/meta/classify-command.ts';

const parse = (stdin: string) => {
  const r = runClassify(stdin);
  return { ...r, json: r.exitCode === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined };
};

describe('runClassify', () => {
  it('prints one JSON line for a Graph error', () => {
    const r = parse(JSON.stringify({ status: 400, headers: {}, body: { error: { code: 190, error_subcode: 460, type: 'OAuthException' } } }));
    expect(r.exitCode).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.json).toEqual({ category: 'token_expired', retry: false, verifyToken: true, delaysMs: [], code: 190, subcode: 460 });
  });

  it('prints the un-jittered standard backoff ceilings', () => {
    expect(parse('{"networkError":"ETIMEDOUT"}').json).toEqual({ category: 'transient', retry: true, verifyToken: false, delaysMs: [1000, 2000, 4000, 8000] });
  });

  it('uses the regain estimate from a usage header given as a string or as an object', () => {
    const header = { '1234': [{ type: 'ads_management', call_count: 100, estimated_time_to_regain_access: 2 }] };
    for (const value of [JSON.stringify(header), header]) {
      const r = parse(JSON.stringify({ status: 400, headers: { 'X-Business-Use-Case-Usage': value }, body: { error: { code: 80004 } } }));
      expect(r.json).toMatchObject({ category: 'rate_limited', delaysMs: [120000, 120000, 120000], code: 80004 });
    }
  });

  it('exits 0 on valid JSON with a garbage body', () => {
    expect(parse('{"status":502,"body":"<html>Bad Gateway"}').json).toMatchObject({ category: 'server_error', retry: true });
    expect(parse('{"status":400,"body":"{\\"error\\":{\\"code\\":"}').json).toMatchObject({ category: 'invalid_request', retry: false });
    for (const doc of ['null', '42', '"text"', '[]', '{}', '{"status":"oops","headers":7}']) {
      expect(parse(doc).exitCode).toBe(0);
    }
  });

  it('exits 2 with a one-line message when stdin is not JSON', () => {
    for (const text of ['', 'not json', '{"status":400', '<html>']) {
      const r = runClassify(text);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr?.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('classify command (commander, real stdin)', () => {
  const moduleUrl = new URL('../../src/meta/classify-command.ts', import.meta.url).href;
  const script = `
    const { Command } = await import('commander');
    const { registerClassifyCommand } = await import(${JSON.stringify(moduleUrl)});
    const program = new Command('wevion');
    registerClassifyCommand(program);
    await program.parseAsync(['node', 'wevion', 'classify']);
  `;
  const run = (input: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      input,
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });

  it('reads stdin, prints the line and exits 0', () => {
    const r = run('{"status":429,"body":""}');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ category: 'server_error', retry: true, verifyToken: false, delaysMs: [1000, 2000, 4000, 8000] });
  });

  it('exits 2 on non-JSON stdin', () => {
    const r = run('definitely not json');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/not a JSON document/);
  });
});
