/**
 * The app's webhook subscription on Meta (`/{app-id}/subscriptions`, with the app token): what
 * `wevion meta subscribe` makes, what the demo makes after it listens (the same code), and what
 * `wevion doctor` and `GET /api/meta-app` compare with what it should be: object `permissions`,
 * fields `connected` and the 14 requested permissions, at `<base>/connect/meta/webhooks`.
 */
import type { GraphClient } from '../meta/graph-client.ts';
import { REQUESTED_SCOPES } from '../tokens/scopes.ts';
import { APPLICATION_FIELDS } from './application-object.ts';

export const WEBHOOKS_PATH = '/connect/meta/webhooks';
export const DEAUTHORIZE_PATH = '/connect/meta/deauthorize';
export const DATA_DELETION_PATH = '/connect/meta/data-deletion';

/** The fields of the `permissions` object the service subscribes to. */
export const SUBSCRIBED_FIELDS: readonly string[] = ['connected', ...REQUESTED_SCOPES];

/** The three URLs to enter in Meta's App Dashboard, for a base URL (PUBLIC_URL). */
export function signalUrls(base: string): { deauthorize: string; dataDeletion: string; webhooks: string } {
  return { deauthorize: `${base}${DEAUTHORIZE_PATH}`, dataDeletion: `${base}${DATA_DELETION_PATH}`, webhooks: `${base}${WEBHOOKS_PATH}` };
}

export interface MetaSubscription {
  object: string;
  callbackUrl: string;
  active: boolean;
  fields: string[];
}

type App = { appId: string; appSecret: string };
const appToken = (app: App) => `${app.appId}|${app.appSecret}`;

/** What Meta holds (`GET /{app-id}/subscriptions`). */
export async function readSubscriptions(graph: Pick<GraphClient, 'get'>, app: App): Promise<MetaSubscription[]> {
  const answer = await graph.get<{ data?: Array<{ object?: string; callback_url?: string; active?: boolean; fields?: Array<{ name?: string } | string> }> }>(`/${app.appId}/subscriptions`, { accessToken: appToken(app) });
  return (answer.data ?? []).map((entry) => ({
    object: entry.object ?? '',
    callbackUrl: entry.callback_url ?? '',
    active: entry.active !== false,
    fields: (entry.fields ?? []).map((field) => (typeof field === 'string' ? field : (field.name ?? ''))).filter(Boolean),
  }));
}

/**
 * Subscribes the app to `permissions`, and to `application` (the business-integration fields of
 * Connect a business), at `callbackUrl` (Meta first calls it with the verify token and expects
 * the challenge back: the service must be listening there). Throws Meta's GraphError when Meta
 * refuses (code 2200 when the URL could not be verified).
 */
export async function subscribeApp(graph: Pick<GraphClient, 'post'>, app: App, input: { callbackUrl: string; verifyToken: string }): Promise<void> {
  for (const [object, fields] of [['permissions', SUBSCRIBED_FIELDS], ['application', APPLICATION_FIELDS]] as const) {
    await graph.post<{ success?: boolean }>(`/${app.appId}/subscriptions`, {
      accessToken: appToken(app),
      params: { object, callback_url: input.callbackUrl, fields: fields.join(','), verify_token: input.verifyToken, include_values: true },
      // The handshake waits on us: a retry would only ask again what Meta just refused.
      retry: false,
    });
  }
}

export interface SubscriptionJudgement {
  /** `ok`; `missing` (no `permissions` subscription); `wrong_url`; `missing_fields`; `inactive`. */
  state: 'ok' | 'missing' | 'wrong_url' | 'missing_fields' | 'inactive';
  expectedUrl: string;
  callbackUrl: string | null;
  missingFields: string[];
}

/**
 * Whether Meta's subscriptions are what the service needs. The `application` object's fields
 * count as missing fields (named `application.<field>`), so an app subscribed before Connect a
 * business existed is told to run `wevion meta subscribe` again.
 */
export function judgeSubscription(subscriptions: readonly MetaSubscription[], expectedUrl: string): SubscriptionJudgement {
  const permissions = subscriptions.find((s) => s.object === 'permissions');
  if (!permissions) return { state: 'missing', expectedUrl, callbackUrl: null, missingFields: [...SUBSCRIBED_FIELDS] };
  const application = subscriptions.find((s) => s.object === 'application' && s.callbackUrl === permissions.callbackUrl);
  const missingFields = [
    ...SUBSCRIBED_FIELDS.filter((field) => !permissions.fields.includes(field)),
    ...APPLICATION_FIELDS.filter((field) => !application?.fields.includes(field)).map((field) => `application.${field}`),
  ];
  const state = permissions.callbackUrl !== expectedUrl ? 'wrong_url' : missingFields.length > 0 ? 'missing_fields' : !permissions.active ? 'inactive' : 'ok';
  return { state, expectedUrl, callbackUrl: permissions.callbackUrl, missingFields };
}

/** One line for operators. */
export function describeJudgement(judgement: SubscriptionJudgement): string {
  switch (judgement.state) {
    case 'ok':
      return `subscribed to permissions (connected + ${SUBSCRIBED_FIELDS.length - 1} permissions) and application (${APPLICATION_FIELDS.length} business-integration fields) at ${judgement.expectedUrl}`;
    case 'missing':
      return 'not subscribed to the permissions webhook: run `wevion meta subscribe`';
    case 'wrong_url':
      return `subscribed at ${judgement.callbackUrl}, not ${judgement.expectedUrl}: run \`wevion meta subscribe\``;
    case 'missing_fields':
      return `subscribed without ${judgement.missingFields.join(', ')}: run \`wevion meta subscribe\``;
    case 'inactive':
      return 'the subscription is inactive on Meta: check the app in the App Dashboard';
  }
}
