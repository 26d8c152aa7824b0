/**
 * The doctor's line about Meta's push signals: the `permissions` webhook subscription as Meta
 * holds it (the right URL and fields?), whether a verify token is set, and when the last callback
 * and webhook arrived. Nothing here fails the doctor: without the subscription the service
 * still learns of a removal, only later (at the next call or the twice-daily jobs).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { GraphError } from '../meta/graph-error.ts';
import { lastArrivals } from '../meta-signals/meta-signals.queries.ts';
import { describeJudgement, judgeSubscription, readSubscriptions, signalUrls } from '../meta-signals/subscription.ts';
import { doctorGraphClient, metaTarget } from './doctor-meta.ts';
import type { Check } from './doctor.ts';

/** The verify token this installation answers Meta's handshake with: the variable, or the demo's. */
function verifyTokenSet(config: Config): boolean {
  if (!config.demoMode) return config.meta.webhookVerifyToken !== undefined;
  const file = path.resolve(config.dataDir, 'demo-app.json');
  if (!existsSync(file)) return false;
  try {
    return typeof (JSON.parse(readFileSync(file, 'utf8')) as { webhookVerifyToken?: unknown }).webhookVerifyToken === 'string';
  } catch {
    return false;
  }
}

const when = (date: Date | null | undefined) => (date ? date.toISOString() : 'never');

export async function checkMetaSignals(config: Config, database: Database | undefined): Promise<Check> {
  // The demo's emulator delivers to the service's loopback address; a real Meta to PUBLIC_URL.
  const base = config.demoMode ? `http://127.0.0.1:${config.port}` : config.publicUrl;
  const urls = signalUrls(base);
  const arrivals = database ? await lastArrivals(database.db).catch(() => undefined) : undefined;
  const last = arrivals
    ? `last deauthorize callback ${when(arrivals.deauthorize)}, data deletion callback ${when(arrivals.data_deletion)}, webhook ${when(arrivals.webhook)}`
    : 'last arrivals not read (no database)';
  const token = verifyTokenSet(config);
  const target = metaTarget(config);
  if (!target) return { name: 'signals', status: 'skip', detail: `demo mode: the demo app is not set up yet (the first \`wevion serve\` makes it); ${last}` };
  const graph = doctorGraphClient(config, target);
  try {
    const judgement = judgeSubscription(await readSubscriptions(graph, target), urls.webhooks);
    const noToken = token ? '' : '; META_WEBHOOK_VERIFY_TOKEN is not set (Meta’s handshake is refused)';
    return { name: 'signals', status: judgement.state === 'ok' && token ? 'ok' : 'warn', detail: `${describeJudgement(judgement)}${noToken}; ${last}` };
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    const where = target.demo ? `the demo emulator at ${target.graphUrl} (it runs inside \`wevion serve\`)` : target.graphUrl;
    return { name: 'signals', status: 'warn', detail: `the webhook subscription not checked: could not ask ${where}: ${error.graphMessage ?? error.classification.reason}; ${last}` };
  } finally {
    await graph.close();
  }
}
