import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/accounts.ts';
import { smallWorld } from '../helpers/service.ts';
import { launchBrowser, openPage, PHONE, screenshot, signIn, skipBrowser, startWebServer, type WebServer } from './helpers.ts';

/**
 * The notice on every page (issue 18): while a profile needs attention, one line at the top says
 * how many and links to where to reconnect; it follows the profiles' real states (tokens issued by
 * the emulator, expired on Meta, found out by the service) without a reload, in both languages,
 * by keyboard, on a 375 px phone, and goes when every profile is healthy again.
 */
describe.skipIf(skipBrowser)('web UI in Chromium: the notice while profiles need attention', () => {
  let browser: Browser;
  let server: WebServer;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchBrowser(),
      startWebServer({
        world: (redirectUri) =>
          smallWorld(
            {
              users: [
                { id: '10001', name: 'Giulia Rossi', email: 'giulia@example.it', password: 'giulia-pass' },
                { id: '10002', name: 'Mark Doe', email: 'mark@example.com', password: 'mark-pass' },
              ],
              businesses: [{ id: '20001', name: 'Rossi Media Srl', admins: ['10001', '10002'], systemUsers: [{ id: '30001', name: 'Wevion Sync' }] }],
            },
            { redirectUris: [redirectUri], name: 'Wevion' },
          ),
      }),
    ]);
    await createUser(server.database.db, { workspace: 'Rossi', email: 'anna@rossi.test', password: 'anna-password', role: 'admin', locale: 'it', name: 'Anna Conti' });
    ({ context, page, problems } = await openPage(browser));
    await signIn(page, server.url, 'anna@rossi.test', 'anna-password');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const notice = () => page.locator('[data-testid=attention-notice]');
  const row = (name: string) => page.locator('[data-testid=meta-user-row]').filter({ has: page.getByRole('link', { name, exact: true }) });

  async function consentOnMeta(email: string, password: string) {
    await page.waitForURL((url) => url.href.startsWith(`${server.emulatorUrl}/dialog/oauth`));
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(password);
    await page.getByRole('button', { name: 'Continue' }).click();
    // A connect comes back to the list, a reconnect to the profile's page.
    await page.waitForURL((url) => url.origin === server.url && url.pathname.startsWith('/meta-users'));
  }

  /** Meta invalidates the token; the next Graph call made with it (another service's, through the proxy) finds out. */
  async function expireOnMeta(metaUserId: string, profileId: string) {
    await server.control('POST', `/__control/users/${metaUserId}/change-password`, { password: `${metaUserId}-new-pass` });
    const status = await page.evaluate(async (id) => (await fetch('/api/graph/proxy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profileId: id, path: '/me' }) })).status, profileId);
    expect(status).toBeGreaterThanOrEqual(400);
  }

  const profileIdOf = async (name: string) => ((await row(name).getByRole('link', { name, exact: true }).getAttribute('href')) ?? '').split('/').pop() as string;
  let giuliaId = '';
  let markId = '';

  it('says nothing while every profile is healthy (the status region is there, empty)', async () => {
    for (const [email, password] of [['giulia@example.it', 'giulia-pass'], ['mark@example.com', 'mark-pass']] as const) {
      await page.goto(`${server.url}/meta-users`);
      await page.getByRole('link', { name: 'Collega account Meta' }).first().click();
      await consentOnMeta(email, password);
    }
    await row('Giulia Rossi').waitFor();
    await row('Mark Doe').waitFor();
    giuliaId = await profileIdOf('Giulia Rossi');
    markId = await profileIdOf('Mark Doe');
    const region = page.getByRole('status', { name: 'Profili Meta che richiedono attenzione' });
    await region.waitFor({ state: 'attached' });
    expect(await notice().count()).toBe(0);
  });

  it('one Expired profile: the line appears on the next page, says whom to log in as, and its Reconnect link goes straight to Meta’s dialog, by keyboard', async () => {
    await expireOnMeta('10001', giuliaId);
    // A navigation inside the app (no reload) is enough for the notice to look again.
    await page.getByRole('link', { name: 'Account pubblicitari' }).first().click();
    await page.waitForURL(/\/ad-accounts$/);
    await expect.poll(() => notice().textContent()).toBe('1 profilo Meta richiede attenzione Riconnetti — Giulia Rossi Si apre la finestra di Meta: accedi come Giulia Rossi.');
    expect(await notice().getAttribute('data-count')).toBe('1');
    // In the tab order right after the sidebar, with a visible focus ring.
    await page.getByRole('button', { name: 'Esci' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Riconnetti — Giulia Rossi');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).not.toBe('none');
    await screenshot(page, 'attention-one-it');
    await page.keyboard.press('Enter');
    // One click: Meta's dialog for Giulia, no page of ours in between.
    await page.waitForURL((url) => url.href.startsWith(`${server.emulatorUrl}/dialog/oauth`));
    await page.goto(`${server.url}/meta-users/${giuliaId}`);
    await page.getByRole('heading', { level: 1, name: 'Giulia Rossi' }).waitFor();
  });

  it('a second one found out by "Sync now": the count follows at once, without a reload, and the link lists both', async () => {
    await page.goto(`${server.url}/meta-users/${markId}`);
    await page.getByRole('heading', { level: 1, name: 'Mark Doe' }).waitFor();
    await expect.poll(() => notice().getAttribute('data-count')).toBe('1');
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    await server.control('POST', '/__control/users/10002/change-password', { password: 'mark-new-pass' });
    await page.getByTestId('sync-now').click();
    await expect.poll(() => notice().textContent()).toBe('2 profili Meta richiedono attenzione Riconnetti');
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);

    await page.getByRole('button', { name: 'Esci' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Riconnetti');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/meta-users?filter=attention`);
    await page.getByText('Profili che richiedono attenzione').waitFor();
    await expect.poll(() => page.locator('[data-testid=meta-user-row]').count()).toBe(2);
    expect(await row('Giulia Rossi').getAttribute('data-status')).toBe('expired');
    expect(await row('Mark Doe').getAttribute('data-status')).toBe('expired');
    expect(await page.getByRole('link', { name: 'Mostra tutti i profili' }).count()).toBe(1);
    await screenshot(page, 'attention-list-it');
  });

  it('in English, with the plural', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => notice().textContent()).toBe('2 Meta profiles need attention Reconnect');
    expect(await page.getByRole('status', { name: 'Meta profiles that need attention' }).count()).toBe(1);
    await screenshot(page, 'attention-two-en');
  });

  it('fits a 375 px phone: no sideways scroll, the link still there', async () => {
    const phone = await openPage(browser, { viewport: PHONE });
    await signIn(phone.page, server.url, 'anna@rossi.test', 'anna-password');
    const line = phone.page.locator('[data-testid=attention-notice]');
    await line.waitFor();
    expect(await line.textContent()).toBe('2 Meta profiles need attention Reconnect');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const box = await line.getByRole('link', { name: 'Reconnect' }).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
    await screenshot(phone.page, 'attention-phone-en');
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });

  it('reconnecting goes one profile at a time: one left, then the line is gone', async () => {
    await page.goto(`${server.url}/meta-users`);
    await row('Mark Doe').getByRole('link', { name: 'Reconnect — Mark Doe' }).click();
    await consentOnMeta('mark@example.com', 'mark-new-pass');
    // Back on Mark's own page, Active again.
    await page.waitForURL(`${server.url}/meta-users/${markId}`);
    await expect.poll(() => page.locator('.page-header .badge').getAttribute('data-status')).toBe('active');
    await expect.poll(() => notice().textContent()).toBe('1 Meta profile needs attention Reconnect — Giulia Rossi Meta’s dialog opens: log in there as Giulia Rossi.');

    await page.goto(`${server.url}/meta-users`);
    await row('Giulia Rossi').getByRole('link', { name: 'Reconnect — Giulia Rossi' }).click();
    await consentOnMeta('giulia@example.it', '10001-new-pass');
    await page.waitForURL(`${server.url}/meta-users/${giuliaId}`);
    await expect.poll(() => page.locator('.page-header .badge').getAttribute('data-status')).toBe('active');
    await expect.poll(() => notice().count()).toBe(0);
    expect(await page.getByRole('status', { name: 'Meta profiles that need attention' }).textContent()).toBe('');
  });

  it('ran without a console error or CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
