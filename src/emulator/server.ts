/**
 * The emulator's HTTP server (plain node:http, keep-alive): routes Graph, OAuth and dialog calls
 * through faults, artificial latency, authentication and usage accounting, records each call in
 * the call log, and serves the control API beside them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { peekActor } from './auth.ts';
import { DialogTickets } from './business-dialog.ts';
import { CallLog } from './calls.ts';
import { control } from './control.ts';
import { Deliverer } from './deliverer.ts';
import { GraphError } from './errors.ts';
import { Faults, type Fault } from './faults.ts';
import { graph } from './graph-routes.ts';
import { BodyError, askedVersion, buildCtx, send, sendError, type Ctx, type Reply } from './http.ts';
import { debugToken } from './inspection.ts';
import { consent, dialog } from './oauth-dialog.ts';
import { accessToken } from './oauth-token.ts';
import { StateFile, type SaveTimer } from './persistence.ts';
import { SETTINGS_PATH, SettingsSessions, settings } from './settings-page.ts';
import { EmulatorState } from './state.ts';
import { Usage } from './usage.ts';
import { APP_DEFAULT_VERSION, unknownVersion } from './versions.ts';
import { parseWorld, type World } from './world.ts';

export interface EmulatorOptions {
  /** 0 picks a free port. Default 4100. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The world to start with; an empty world when absent. */
  world?: World;
  /**
   * A state file: restored at start when it exists (then `world` is not used), saved after
   * changes (at most once a second) and on close. See docs/emulator.md.
   */
  statePath?: string;
  /** When the debounced save runs (real time by default): tests see the saves without sleeping. */
  saveTimer?: SaveTimer;
}

export interface RunningEmulator {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

const ZERO_APP_USAGE = '{"call_count":0,"total_cputime":0,"total_time":0}';

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });

class Emulator {
  readonly state: EmulatorState;
  readonly usage = new Usage();
  readonly faults = new Faults();
  readonly calls = new CallLog();
  readonly stateFile: StateFile | undefined;
  readonly deliverer: Deliverer;
  readonly sessions = new SettingsSessions();
  readonly tickets = new DialogTickets();

  constructor(world: World | undefined, statePath: string | undefined, saveTimer: SaveTimer | undefined) {
    this.state = new EmulatorState(world ? parseWorld(world) : undefined);
    this.deliverer = new Deliverer(this.state);
    this.stateFile = statePath !== undefined ? new StateFile(statePath, this.state, undefined, saveTimer) : undefined;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.serve(req, res);
    } finally {
      this.stateFile?.changed();
    }
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let ctx: Ctx;
    try {
      ctx = await buildCtx(req);
    } catch (err) {
      if (!(err instanceof BodyError)) throw err;
      const version = this.state.versions.resolve(askedVersion(req.url)) ?? this.defaultServed();
      sendError(res, new GraphError({ status: 400, code: 100, message: `(#100) ${err.message}` }), { 'x-app-usage': ZERO_APP_USAGE, 'facebook-api-version': version });
      return;
    }
    if (ctx.path === '/__control' || ctx.path.startsWith('/__control/')) {
      const reply = await control(this, ctx);
      // Every control call but a read or a fault (faults are not saved) may change the state.
      if (ctx.method !== 'GET' && !ctx.path.startsWith('/__control/faults')) this.state.touch();
      // A reset is saved before it is answered: the empty state is on disk when the caller goes on.
      if (ctx.method === 'POST' && ctx.path === '/__control/reset') await this.stateFile?.flush();
      send(res, reply);
      return;
    }
    // The person's settings page is facebook.com, not the Graph API: no faults, no call log, no version.
    if (ctx.path === SETTINGS_PATH || ctx.path.startsWith(`${SETTINGS_PATH}/`)) {
      send(res, await settings(this, ctx));
      return;
    }
    const actor = peekActor(this.state, ctx);
    // The version is routing: a version Meta does not have is refused before anything else
    // (faults included), and is answered as the app's default version would be.
    const served = this.state.versions.resolve(ctx.version);
    ctx.servedVersion = served ?? this.defaultServed();
    if (served === undefined) {
      const err = unknownVersion(ctx.sentPath);
      sendError(res, err, { 'x-app-usage': ZERO_APP_USAGE, 'facebook-api-version': ctx.servedVersion });
      this.log(ctx, actor, err.status, err.code);
      return;
    }
    const fault = this.faults.pick(ctx.method, ctx.path, actor);
    if (fault && (await this.applyFault(fault, ctx, res, actor))) return;
    if (this.state.limits.latencyMs > 0) await sleep(this.state.limits.latencyMs);

    const headers: Record<string, string> = { 'facebook-api-version': ctx.servedVersion };
    let reply: Reply;
    try {
      const answer = this.dispatch(ctx, headers);
      // Only a few routes (the webhook handshake) wait on anything: the others stay synchronous.
      reply = answer instanceof Promise ? await answer : answer;
    } catch (err) {
      const graphErr = err instanceof GraphError ? err : unknownError(err);
      headers['x-app-usage'] ??= ZERO_APP_USAGE;
      sendError(res, graphErr, headers);
      this.log(ctx, actor, graphErr.status, graphErr.code);
      return;
    }
    headers['x-app-usage'] ??= ZERO_APP_USAGE;
    send(res, { ...reply, headers: { ...headers, ...reply.headers } });
    this.log(ctx, actor, reply.status, null);
  }

  private dispatch(ctx: Ctx, headers: Record<string, string>): Reply | Promise<Reply> {
    switch (ctx.path) {
      case '/dialog/oauth':
        return dialog(this.state, ctx);
      case '/dialog/oauth/consent':
        if (ctx.method !== 'POST') return dialog(this.state, ctx);
        return consent(this, ctx);
      case '/oauth/access_token':
        return accessToken(this.state, this.usage, ctx, headers);
      case '/debug_token':
        return debugToken(this.state, this.usage, ctx, headers);
      default:
        return graph({ state: this.state, usage: this.usage, ctx, headers });
    }
  }

  /** Returns true when the fault answered (or dropped) the call itself. */
  private async applyFault(fault: Fault, ctx: Ctx, res: ServerResponse, actor: string | null): Promise<boolean> {
    if (fault.delayMs !== undefined && fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault.drop) {
      res.socket?.destroy();
      this.log(ctx, actor, 0, null);
      return true;
    }
    if (!fault.respond) return false;
    const { status, body, headers } = fault.respond;
    const raw = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
    const contentType = typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=UTF-8';
    // A fault's own headers win: a test may make Meta name another version than the one asked for.
    send(res, { status, raw, contentType, headers: { 'x-app-usage': ZERO_APP_USAGE, 'facebook-api-version': ctx.servedVersion, ...headers } });
    const code = typeof body === 'object' && body !== null ? (body as { error?: { code?: unknown } }).error?.code : undefined;
    this.log(ctx, actor, status, typeof code === 'number' ? code : null);
    return true;
  }

  private log(ctx: Ctx, userId: string | null, status: number, errorCode: number | null): void {
    this.calls.add({ at: this.state.clock.iso(), method: ctx.method, path: ctx.path, version: ctx.version, userId, status, errorCode });
  }

  /** What an unversioned call is served as: the app's default version, or the fallback once it is retired. */
  defaultServed(): string {
    return this.state.versions.resolve(null) ?? APP_DEFAULT_VERSION;
  }
}

function unknownError(err: unknown): GraphError {
  console.error('emulator: unexpected error', err);
  return new GraphError({ status: 500, code: 1, isTransient: true, message: 'An unknown error has occurred.' });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = new Emulator(options.world, options.statePath, options.saveTimer);
  await emulator.stateFile?.load();
  const host = options.host ?? '127.0.0.1';
  const server = createServer({ keepAlive: true }, (req, res) => {
    emulator.handle(req, res).catch((err: unknown) => {
      console.error('emulator: request failed', err);
      if (!res.headersSent) sendError(res, unknownError(err), { 'facebook-api-version': emulator.defaultServed() });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4100, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      try {
        await closed;
      } finally {
        await emulator.deliverer.close();
        await emulator.stateFile?.close();
      }
    },
  };
}
