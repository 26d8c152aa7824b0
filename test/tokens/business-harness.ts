/**
 * Connect a business in the tests: the test app with Facebook Login for Business configurations,
 * and the business dialog posted as a browser posts it (our redirect, Meta's consent, our callback).
 */
import { PUBLIC_URL } from '../helpers/app.ts';
import { smallWorld, startTestService, type TestService } from '../helpers/service.ts';
import { BUSINESS_SCOPES, REQUESTED_SCOPES } from '../../src/tokens/scopes.ts';
import type { World } from '../../src/emulator/world.ts';

export const LOGIN_CONFIG = { id: '810000000000101', tokenType: 'user' as const, permissions: [...REQUESTED_SCOPES] };
export const BUSINESS_CONFIG = { id: '810000000000102', tokenType: 'system_user' as const, permissions: [...BUSINESS_SCOPES] };
/** A configuration that grants less than a BISU token may have: what it leaves out is shown, never `email`. */
export const BUSINESS_CONFIG_NARROW = { id: '810000000000104', tokenType: 'system_user' as const, permissions: ['ads_read', 'business_management'] };
export const BUSINESS_CONFIG_60 = { id: '810000000000103', tokenType: 'system_user' as const, expiresIn60Days: true, permissions: [...BUSINESS_SCOPES] };

export const GIULIA = { email: 'giulia@example.it', password: 'giulia-pass' };
export const MARK = { email: 'mark@example.com', password: 'mark-pass' };
export const ROSSI_BM = '20001';

/** The small world, with a second business Giulia administers, and the app's configurations. */
export function businessWorld(overrides: Partial<World> = {}): World {
  const base = smallWorld({}, { configurations: [LOGIN_CONFIG, BUSINESS_CONFIG, BUSINESS_CONFIG_60, BUSINESS_CONFIG_NARROW] });
  return {
    ...base,
    businesses: [...base.businesses, { id: '20002', name: 'Bianchi Foods', admins: ['10001'], systemUsers: [] }],
    adAccounts: [...base.adAccounts, { id: 'act_40003', name: 'Bianchi — Always on', business: '20002' }],
    ...overrides,
  };
}

export async function startBusinessService(options: { sixtyDays?: boolean; narrow?: boolean; loginConfig?: boolean; env?: Record<string, string> } = {}): Promise<TestService> {
  return startTestService({
    world: businessWorld(),
    env: {
      META_BUSINESS_CONFIG_ID: options.narrow ? BUSINESS_CONFIG_NARROW.id : options.sixtyDays ? BUSINESS_CONFIG_60.id : BUSINESS_CONFIG.id,
      ...(options.loginConfig ? { META_LOGIN_CONFIG_ID: LOGIN_CONFIG.id } : {}),
      ...options.env,
    },
  });
}

/**
 * Connect a business as a browser does it: `start` (our redirect to Meta's dialog), the consent
 * in one post (`objects` absent: every asset), then Meta's redirect to our callback. Returns where
 * our callback sends the browser, or Meta's own answer when Meta did not redirect back.
 */
export async function connectBusiness(
  s: TestService,
  cookie: string,
  options: { who?: { email: string; password: string }; businessId?: string; objects?: string[]; cancel?: boolean; start?: string } = {},
): Promise<{ back: URL } | { refused: Response }> {
  const start = await s.request(options.start ?? '/connect/meta/business', { cookie });
  const dialog = new URL(start.headers.get('location') ?? 'missing:');
  const form = new URLSearchParams(dialog.searchParams);
  const who = options.who ?? GIULIA;
  form.set('email', who.email);
  form.set('password', who.password);
  form.set('business_id', options.businessId ?? ROSSI_BM);
  if (options.objects) form.set('objects', options.objects.join(','));
  if (options.cancel) form.set('cancel', '1');
  const consent = await fetch(`${s.emulatorUrl}/dialog/oauth/consent`, { method: 'POST', body: form, redirect: 'manual' });
  if (consent.status !== 302) return { refused: consent };
  const back = new URL(consent.headers.get('location') ?? 'missing:');
  const callback = await s.request(`${back.pathname}${back.search}`, { cookie });
  return { back: new URL(callback.headers.get('location') ?? 'missing:', PUBLIC_URL) };
}

export type Profile = {
  id: string;
  metaId: string;
  name: string;
  status: string;
  tokenType: string;
  connection: string;
  clientBusiness: { id: string; metaId: string; name: string } | null;
  declinedScopes: string[];
  grantedScopes: string[];
  businesses: Array<{ metaId: string; name: string }>;
  expiresAt: string | null;
  needsReconnect: boolean;
  lastError: { causeKey: string; causeWords: { en: string; it: string } } | null;
};

export async function profiles(s: TestService, cookie: string): Promise<Profile[]> {
  return ((await (await s.request('/api/meta-users', { cookie })).json()) as { metaUsers: Profile[] }).metaUsers;
}

export async function events(s: TestService, cookie: string, id: string): Promise<Array<{ kind: string; message: string | null; causeKey: string | null }>> {
  return ((await (await s.request(`/api/meta-users/${id}/events`, { cookie })).json()) as { events: Array<{ kind: string; message: string | null; causeKey: string | null }> }).events;
}
