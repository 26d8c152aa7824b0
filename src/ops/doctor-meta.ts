/**
 * The doctor's checks of the Meta app's credentials themselves: the app node read with the app
 * token (`GET /{app-id}`, what META_APP_ID and META_APP_SECRET make), and the appsecret_proof
 * of one stored token (what META_APP_SECRET makes for every user call). A refusal fails naming
 * the variable; a Meta that cannot be reached is a warning: nothing is known either way.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { createGraphClient, type GraphClient } from '../meta/graph-client.ts';
import { GraphError } from '../meta/graph-error.ts';
import { refusesTheApp } from '../meta/points-at-app.ts';
import { countHeld, getAppHealth } from '../meta-app/app-health.queries.ts';
import { getApiVersionRow } from '../meta-app/api-version.queries.ts';
import { VERSION_THRESHOLDS_DAYS, versionEnd } from '../meta-app/api-version.ts';
import { factsOf } from '../meta-facts/api-versions.ts';
import type { EncryptionKey } from '../vault/keys.ts';
import { readSecret } from '../vault/secrets.queries.ts';
import { Vault } from '../vault/vault.ts';
import { oneActiveTokenSecret } from './ops.queries.ts';
import type { Check } from './doctor.ts';

/** The Meta this installation talks to: the configured app, or the demo app on the demo emulator. */
export function metaTarget(config: Config): { appId: string; appSecret: string; graphUrl: string; demo: boolean } | undefined {
  if (!config.demoMode) return { appId: config.meta.appId as string, appSecret: config.meta.appSecret as string, graphUrl: config.meta.graphUrl, demo: false };
  // Read, never created: the doctor writes nothing (the first `wevion serve` makes the demo app).
  const file = path.resolve(config.dataDir, 'demo-app.json');
  if (!existsSync(file)) return undefined;
  try {
    const app = JSON.parse(readFileSync(file, 'utf8')) as { id: string; secret: string };
    return { appId: app.id, appSecret: app.secret, graphUrl: `http://127.0.0.1:${config.emulatorPort}`, demo: true };
  } catch {
    return undefined;
  }
}

/** The doctor's Graph client: short timeouts, no retry (an operator is waiting). Close it after use. */
export function doctorGraphClient(config: Config, target: { appId: string; appSecret: string; graphUrl: string }): GraphClient {
  return createGraphClient({
    graphUrl: target.graphUrl,
    graphVersion: config.meta.graphVersion,
    appId: target.appId,
    appSecret: target.appSecret,
    clock: systemClock,
    connectTimeoutMs: Math.min(config.meta.connectTimeoutMs, 5_000),
    requestTimeoutMs: Math.min(config.meta.requestTimeoutMs, 10_000),
    maxRetries: 0,
  });
}

const UNKNOWN = new Set(['rate_limited', 'transient', 'server_error']);
const couldNotAsk = (error: GraphError) => error.graphCode === undefined || UNKNOWN.has(error.classification.category);

export async function checkMetaCredentials(config: Config, database: Database | undefined, keys: EncryptionKey[] | undefined): Promise<Check> {
  const target = metaTarget(config);
  if (!target) return { name: 'meta app', status: 'skip', detail: 'demo mode: the demo app is not set up yet (the first `wevion serve` makes it)' };
  const graph = doctorGraphClient(config, target);
  try {
    const app = await checkAppNode(graph, target);
    if (app.status !== 'ok') return withStoredState(app, database, target.appId);
    const proof = await checkStoredProof(graph, database, keys);
    const detail = `${app.detail}${proof.detail ? `; ${proof.detail}` : ''}`;
    return withStoredState({ name: 'meta app', status: proof.status, detail }, database, target.appId);
  } finally {
    await graph.close();
  }
}

async function checkAppNode(graph: GraphClient, target: { appId: string; demo: boolean; graphUrl: string }): Promise<Check> {
  const started = performance.now();
  try {
    const node = await graph.app();
    const ms = Math.round(performance.now() - started);
    if (String(node.id) !== target.appId) return { name: 'meta app', status: 'fail', detail: `Meta answered for app ${String(node.id)}, not META_APP_ID ${target.appId}` };
    return { name: 'meta app', status: 'ok', detail: `Meta accepts app ${target.appId}${node.name ? ` (${node.name})` : ''} and its secret (GET /${target.appId} with the app token, ${ms} ms)` };
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    if (couldNotAsk(error)) {
      const where = target.demo ? `the demo emulator at ${target.graphUrl} (it runs inside \`wevion serve\`)` : target.graphUrl;
      return { name: 'meta app', status: 'warn', detail: `credentials not checked: could not ask ${where}: ${error.classification.reason}` };
    }
    const said = `Meta answered code ${error.graphCode}${error.graphMessage ? `: ${error.graphMessage}` : ''}`;
    if (refusesTheApp(error)) return { name: 'meta app', status: 'fail', detail: `Meta refuses the app: check META_APP_ID (${target.appId}), or the app was deleted or restricted in Meta's dashboard (${said})` };
    return { name: 'meta app', status: 'fail', detail: `Meta refuses the app token made of META_APP_ID and META_APP_SECRET: check META_APP_SECRET (it must be the current secret of app ${target.appId}) and META_APP_ID (${said})` };
  }
}

/** One stored token's call with its appsecret_proof: the proof is made with META_APP_SECRET. */
async function checkStoredProof(graph: GraphClient, database: Database | undefined, keys: EncryptionKey[] | undefined): Promise<{ status: Check['status']; detail?: string }> {
  if (!database || !keys?.length) return { status: 'ok' };
  const secretId = await oneActiveTokenSecret(database.db).catch(() => undefined);
  if (!secretId) return { status: 'ok', detail: 'no stored token to check an appsecret_proof with' };
  let token: string;
  try {
    token = await readSecret(database.db, new Vault(keys), secretId);
  } catch {
    return { status: 'ok', detail: 'the appsecret_proof not checked (a stored token could not be decrypted: see the keys line)' };
  }
  try {
    await graph.me(token, ['id']);
    return { status: 'ok', detail: 'a stored token’s appsecret_proof accepted' };
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    if (couldNotAsk(error)) return { status: 'warn', detail: `the appsecret_proof not checked: ${error.classification.reason}` };
    if (error.graphCode === 100 && error.subcode === undefined) {
      return { status: 'fail', detail: `Meta refuses the appsecret_proof made with META_APP_SECRET for a stored token: check META_APP_SECRET (Meta answered code 100${error.graphMessage ? `: ${error.graphMessage}` : ''})` };
    }
    // The token itself is no longer valid (190, 102…): that says nothing about the secret.
    return { status: 'ok', detail: `the stored token checked is no longer valid (code ${error.graphCode ?? '?'}), so its appsecret_proof says nothing` };
  }
}

/** What the service last recorded (shared by every process) beside what Meta says now. */
async function withStoredState(check: Check, database: Database | undefined, appId: string): Promise<Check> {
  if (!database) return check;
  const state = await getAppHealth(database.db, appId).catch(() => undefined);
  if (!state) return check;
  if (state.healthy) return { ...check, detail: `${check.detail}; the service last checked it ${state.checkedAt.toISOString()}: healthy` };
  const held = await countHeld(database.db).catch(() => 0);
  const recorded = `the service has recorded Meta refusing the app since ${state.changedAt.toISOString()} (${state.reason ?? 'unknown'}${state.code !== null ? `, code ${state.code}` : ''}${state.message ? `: ${state.message}` : ''}); ${held} token checks held until it is fixed`;
  if (check.status === 'ok') return { name: 'meta app', status: 'warn', detail: `${check.detail}; but ${recorded} (the minute job releases them at its next check)` };
  return { ...check, status: 'fail', detail: `${check.detail}; ${recorded}` };
}

const API_NAMES = { graph: 'Graph API', marketing: 'Marketing (Ads) API' } as const;

/**
 * The configured API version: its end (the earlier of the Graph and Marketing APIs' published
 * dates) and days left, and what Meta has shown already (answers served as another version, Ads
 * calls refused with 2635, as the service recorded them). Fails once it has ended or Meta acted;
 * a warning from 90 days before.
 */
export async function checkApiVersion(config: Config, database: Database | undefined): Promise<Check> {
  const configured = config.meta.graphVersion;
  const target = metaTarget(config);
  const row = database && target ? await getApiVersionRow(database.db, target.appId, configured).catch(() => undefined) : undefined;
  const end = versionEnd(configured, Date.now());
  const facts = factsOf(configured);
  const lastDay = end.endsAt ? new Date(Date.parse(end.endsAt) - 1).toISOString().slice(0, 10) : '';
  const api = end.endingApi ? API_NAMES[end.endingApi] : '';
  const endWords = end.endsAt && end.daysLeft !== null
    ? end.daysLeft > 0
      ? `Meta stops serving ${configured} on ${lastDay} (${api}; ${end.daysLeft} days left)`
      : `Meta stopped serving ${configured} on ${lastDay} (${api}; ${-end.daysLeft} days ago)`
    : facts
      ? `Meta has not announced the end of ${configured} (Graph API and Marketing API)`
      : `${configured} is not among Meta's published versions in src/meta-facts/api-versions.ts: its end is unknown`;
  const fix = 'set META_GRAPH_VERSION to a version Meta serves and restart every process';
  if (row?.adsRefusedAt) return { name: 'version', status: 'fail', detail: `Meta refused Ads API calls on ${configured} since ${row.adsRefusedAt.toISOString()} (${row.adsRefusedMessage ?? 'code 2635'}); ${endWords}: ${fix}` };
  if (row?.servedAs && row.servedAs !== configured) return { name: 'version', status: 'fail', detail: `Meta answers as ${row.servedAs}, not ${configured} (since ${row.servedAsAt?.toISOString() ?? '?'}): ${configured} has ended; ${fix}` };
  if (end.daysLeft !== null && end.daysLeft <= 0) return { name: 'version', status: 'fail', detail: `${endWords}: ${fix}` };
  if (end.daysLeft !== null && end.daysLeft <= VERSION_THRESHOLDS_DAYS[0]) return { name: 'version', status: 'warn', detail: `${endWords}: ${fix} before then` };
  return { name: 'version', status: facts ? 'ok' : 'warn', detail: endWords };
}
