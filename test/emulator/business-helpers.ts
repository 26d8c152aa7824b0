/**
 * Facebook Login for Business in the tests: the test app's configurations, and the dialog's
 * system-user flow posted as a script (or a browser) would, through HTTP only.
 */
import { expect } from 'vitest';
import { ALL_SCOPES, APP, type Emu } from './helpers.ts';

export const BUSINESS_SCOPES = ALL_SCOPES.filter((s) => s !== 'email');

export const CONFIGS = {
  user: { id: '810000000000001', tokenType: 'user', permissions: ALL_SCOPES },
  business: { id: '810000000000002', tokenType: 'system_user', permissions: BUSINESS_SCOPES },
  business60: { id: '810000000000003', tokenType: 'system_user', expiresIn60Days: true, permissions: ['ads_read', 'ads_management', 'business_management'], assetTypes: ['ad_accounts'] },
} as const;

export const APP_WITH_CONFIGS = { id: APP.id, secret: APP.secret, name: APP.name, redirectUris: [APP.redirect], configurations: Object.values(CONFIGS) };

export const DAY = 24 * 3600;

/** The dialog parameters of a system-user configuration, as the service sends them. */
export function businessParams(configId: string = CONFIGS.business.id, state = 'st-1'): Record<string, string> {
  return { client_id: APP.id, redirect_uri: APP.redirect, state, config_id: configId, response_type: 'code', override_default_response_type: 'true' };
}

/** Consents in one post (`objects` left out: every asset) and returns the code of the redirect. */
export async function businessCode(emu: Emu, who: { email: string; password: string }, businessId: string, extra: Record<string, string | string[]> = {}, configId: string = CONFIGS.business.id): Promise<string> {
  const res = await emu.consent({ ...businessParams(configId), email: who.email, password: who.password, business_id: businessId, ...extra });
  expect(res.status, await res.clone().text()).toBe(302);
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
  expect(code).toBeTruthy();
  return code ?? '';
}

/** Consents and exchanges the code: a Business Integration System User token. */
export async function businessToken(emu: Emu, who: { email: string; password: string }, businessId: string, extra: Record<string, string | string[]> = {}, configId: string = CONFIGS.business.id): Promise<string> {
  const exchanged = await emu.exchangeCode(await businessCode(emu, who, businessId, extra, configId));
  expect(exchanged.status).toBe(200);
  return String(exchanged.body.access_token);
}

/** A hidden field's value in a page (the dialog's sign-in ticket, for instance). */
export function hiddenValue(html: string, name: string): string {
  const m = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(html);
  return (m?.[1] ?? '').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
