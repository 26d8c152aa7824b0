/**
 * The control API's side of Facebook Login for Business: what a client business's admin does in
 * Business Settings → Integrations → Connected apps, and what Meta then pushes to the app.
 *
 * - `GET /__control/businesses/{id}`: the business, its admins and the apps installed in it
 *   (each with its Business Integration System User and the shared assets), uninstalled ones too.
 * - `POST /__control/businesses/{id}/remove-app {"appId"}`: the app is uninstalled; the BISU's
 *   tokens are refused from then on, and `business_integration_uninstall` is sent.
 * - `POST /__control/businesses/{id}/share {"appId","objects":[…],"share":true|false}`: assets are
 *   shared with (or taken from) the installed app, as `debug_token` and Graph then show them, and
 *   `business_integration_update` is sent when anything changed.
 *
 * The actions answer after the first attempt of each delivery they caused, as the person's do.
 */
import { ControlError, type Obj } from './control-error.ts';
import { deliverySummary } from './deliveries.ts';
import type { Reply } from './http.ts';
import { IntegrationError, integrationView, share, uninstall, type IntegrationDeps } from './integrations.ts';
import type { WorldApp, WorldBusiness } from './world.ts';

function knownBusiness(deps: IntegrationDeps, rawId: string | undefined): WorldBusiness {
  let id = rawId ?? '';
  try {
    id = decodeURIComponent(id);
  } catch {
    // An undecodable id is simply unknown.
  }
  const business = deps.state.index.businesses.get(id);
  if (!business) throw new ControlError(404, `unknown business ${rawId ?? ''}`);
  return business;
}

function appOf(deps: IntegrationDeps, body: Obj): WorldApp {
  const appId = body.appId;
  const app = typeof appId === 'string' || typeof appId === 'number' ? deps.state.index.apps.get(String(appId)) : undefined;
  if (!app) throw new ControlError(400, 'appId must name a known app');
  return app;
}

function objectsOf(body: Obj): string[] {
  const v = body.objects;
  if (!Array.isArray(v) || v.length === 0 || !v.every((o) => typeof o === 'string' || typeof o === 'number')) {
    throw new ControlError(400, 'objects must be a non-empty array of asset ids');
  }
  return [...new Set(v.map(String))];
}

export function businessView(deps: IntegrationDeps, rawId: string | undefined): Reply {
  const business = knownBusiness(deps, rawId);
  const integrations = [...deps.state.integrations.values()].filter((i) => i.businessId === business.id).map(integrationView);
  return { status: 200, body: { id: business.id, name: business.name, admins: business.admins, integrations } };
}

export async function businessAction(deps: IntegrationDeps, rawId: string | undefined, action: string | undefined, body: Obj): Promise<Reply> {
  const business = knownBusiness(deps, rawId);
  if (action !== 'remove-app' && action !== 'share') throw new ControlError(404, `unknown business action ${action ?? ''}`);
  const app = appOf(deps, body);
  try {
    if (action === 'remove-app') {
      const { integration, deliveries } = await uninstall(deps, app, business.id);
      return {
        status: 200,
        body: { ok: true, businessId: business.id, action, appId: app.id, systemUserId: integration.id, deliveries: deliveries.map(deliverySummary) },
      };
    }
    const objects = objectsOf(body);
    if (typeof body.share !== 'boolean') throw new ControlError(400, 'share must be true or false');
    const { integration, changed, deliveries } = await share(deps, app, business.id, objects, body.share);
    return {
      status: 200,
      body: { ok: true, businessId: business.id, action, appId: app.id, systemUserId: integration.id, changed, shared: integration.shared, deliveries: deliveries.map(deliverySummary) },
    };
  } catch (err) {
    if (err instanceof IntegrationError) throw new ControlError(400, err.message);
    throw err;
  }
}
