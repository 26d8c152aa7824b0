import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WEVION_BIN } from '../paths.ts';
import type { Logger } from '../logger.ts';
import { BUSINESS_SCOPES, REQUESTED_SCOPES } from '../tokens/scopes.ts';

export interface DemoApp {
  id: string;
  secret: string;
  /** The verify token of Meta's webhook handshake (what META_WEBHOOK_VERIFY_TOKEN is outside the demo). */
  webhookVerifyToken: string;
}

/**
 * The demo app's credentials live in DATA_DIR, so tokens stored by a previous run stay valid. A
 * file written before the demo had a webhook verify token gets one added, and keeps the rest.
 */
export function loadDemoApp(dataDir: string): DemoApp {
  const file = path.resolve(dataDir, 'demo-app.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoApp> & { id: string; secret: string };
    if (typeof stored.webhookVerifyToken === 'string' && stored.webhookVerifyToken !== '') return stored as DemoApp;
    const app: DemoApp = { ...stored, webhookVerifyToken: randomBytes(16).toString('hex') };
    writeFileSync(file, JSON.stringify(app), { mode: 0o600 });
    return app;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const app: DemoApp = { id: '1' + String(Date.now()).slice(-14), secret: randomBytes(16).toString('hex'), webhookVerifyToken: randomBytes(16).toString('hex') };
  writeFileSync(file, JSON.stringify(app), { mode: 0o600 });
  return app;
}

/**
 * Starts the Meta emulator as its own program (`wevion emulator`), beside the service: the
 * service talks to it over HTTP exactly as it would talk to Meta, and shares no code with it.
 * It holds the read end of a pipe from this process (its stdin) and exits when that closes, so it
 * goes with the service however the service ends, SIGKILL included.
 */
export async function startDemoEmulator(options: { port: number; dataDir: string; logger: Logger }): Promise<{ url: string; stop(): Promise<void> }> {
  const url = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn(process.execPath, [WEVION_BIN, 'emulator', '--port', String(options.port), '--state', path.resolve(options.dataDir, 'emulator-state.json'), '--exit-with-stdin'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // Its last lines, for the error message should it stop: kept bounded for a long-running service.
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the demo Meta emulator exited at start (port ${options.port} busy? set EMULATOR_PORT): ${output.trim().slice(-500)}`);
    try {
      const response = await fetch(`${url}/__control/health`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the demo Meta emulator did not answer on ${url} within 15 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  options.logger.info({ url }, 'demo: local Meta emulator started');
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The demo app's Facebook Login for Business configurations (what an app defines in Meta's App
 * Dashboard): a user configuration with the 14 permissions, which Connect Meta Account sends as
 * `config_id`, and a system-user one (every permission a BISU token may have, tokens that never
 * expire, every asset type) for Connect a business. Their ids follow the app's, so an emulator
 * state kept with another demo app never holds the same ids.
 */
export function demoConfigurations(appId: string) {
  return {
    login: { id: `${appId}1`, tokenType: 'user' as const, permissions: [...REQUESTED_SCOPES] },
    business: { id: `${appId}2`, tokenType: 'system_user' as const, permissions: [...BUSINESS_SCOPES] },
  };
}

/**
 * Registers (or updates) the service's app on the emulator: id, secret, redirect URI, its two
 * configurations, and with `callbacks` the two callback URLs (left out, the emulator keeps the
 * ones it has).
 */
export async function registerDemoApp(
  emulatorUrl: string,
  app: Pick<DemoApp, 'id' | 'secret'>,
  redirectUri: string,
  callbacks?: { deauthorize: string; dataDeletion: string },
): Promise<void> {
  const response = await fetch(`${emulatorUrl}/__control/apps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: app.id,
      secret: app.secret,
      name: 'Wevion (demo)',
      redirectUris: [redirectUri],
      requireAppsecretProof: true,
      configurations: Object.values(demoConfigurations(app.id)),
      ...(callbacks ? { deauthorizeCallbackUrl: callbacks.deauthorize, dataDeletionCallbackUrl: callbacks.dataDeletion } : {}),
    }),
  });
  if (!response.ok) throw new Error(`registering the demo app on the emulator failed: HTTP ${response.status}`);
}
