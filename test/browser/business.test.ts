import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/accounts.ts';
import { BUSINESS_SCOPES } from '../../src/tokens/scopes.ts';
import { smallWorld } from '../helpers/service.ts';
import { axeViolations } from './axe.ts';
import { launchBrowser, openPage, screenshot, signIn, skipBrowser, startWebServer, type WebServer } from './helpers.ts';

const BUSINESS_CONFIG_ID = '810000000000202';

/**
 * Connect a business in a real browser, against the whole service and the Meta emulator's
 * Facebook Login for Business dialog: the admin's button, Meta's three pages (sign in, the
 * business, the assets to share), back to the list, the profile's page; axe-core on each page.
 */
describe.skipIf(skipBrowser)('web UI in Chromium: Connect a business through Meta’s dialog', () => {
  let browser: Browser;
  let server: WebServer;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [browser, server] = await Promise.all([
      launchBrowser(),
      startWebServer({
        env: { META_BUSINESS_CONFIG_ID: BUSINESS_CONFIG_ID },
        world: (redirectUri) => smallWorld({}, { redirectUris: [redirectUri], name: 'Wevion', configurations: [{ id: BUSINESS_CONFIG_ID, tokenType: 'system_user', permissions: [...BUSINESS_SCOPES] }] }),
      }),
    ]);
    await createUser(server.database.db, { workspace: 'Agency', email: 'ada@agency.test', password: 'ada-password', role: 'admin', locale: 'en', name: 'Ada Admin' });
    await createUser(server.database.db, { workspace: 'Agency', email: 'max@agency.test', password: 'max-password', role: 'member', locale: 'it', name: 'Max Member' });
    ({ context, page, problems } = await openPage(browser));
    await signIn(page, server.url, 'ada@agency.test', 'ada-password');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('an admin connects Rossi Media Srl sharing all but its catalogue: a System User — business integration row, never expiring', async () => {
    await page.goto(`${server.url}/meta-users`);
    await page.getByRole('link', { name: 'Connect a business' }).click();
    // Meta's dialog: sign in, the business, the assets to share.
    await page.waitForURL((url) => url.href.startsWith(`${server.emulatorUrl}/dialog/oauth`));
    await page.locator('#email').fill('giulia@example.it');
    await page.locator('#password').fill('giulia-pass');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('radio', { name: 'Rossi Media Srl' }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('checkbox', { name: /Pixel/ }).waitFor();
    // Share everything but the catalogue.
    await page.getByRole('checkbox', { name: /Catalogo Rossi/ }).uncheck();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === server.url && url.pathname === '/meta-users');

    await page.locator('.alert-success').waitFor();
    expect(await page.locator('.alert-success').innerText()).toContain('The business is connected');
    const row = page.locator('[data-testid=meta-user-row]').filter({ has: page.getByRole('link', { name: 'Rossi Media Srl', exact: true }) });
    await row.waitFor();
    await expect.poll(() => row.locator('td').nth(2).innerText()).toContain('System User — business integration');
    expect(await row.locator('td').nth(2).innerText()).toContain('Rossi Media Srl');
    expect(await row.locator('td').nth(4).innerText()).toContain('Never expires');
    await screenshot(page, 'meta-users-business-en');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('its page shows the client business, what it shares, and Reconnect business (admins)', async () => {
    await page.getByRole('link', { name: 'Rossi Media Srl', exact: true }).click();
    await page.getByRole('heading', { name: 'Rossi Media Srl', level: 1 }).waitFor();
    expect(await page.getByTestId('client-business').innerText()).toContain('Rossi Media Srl');
    const shared = page.getByRole('heading', { name: 'What Rossi Media Srl shares with Wevion' });
    await shared.waitFor();
    const assets = page.locator('#assets');
    await expect.poll(() => assets.innerText()).toContain('Rossi — Saldi');
    expect(await assets.innerText()).not.toContain('Catalogo Rossi');
    const reconnect = page.getByRole('link', { name: /Reconnect business/ });
    expect(await reconnect.getAttribute('href')).toMatch(/^\/connect\/meta\/reconnect\//);
    await expect.poll(async () => (await page.locator('[data-kind=business_connected]').count()) > 0).toBe(true);
    await screenshot(page, 'meta-user-business-en');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('a member sees the connection in Italian, without Connect a business', async () => {
    const other = await openPage(browser);
    try {
      await signIn(other.page, server.url, 'max@agency.test', 'max-password');
      await other.page.goto(`${server.url}/meta-users`);
      const row = other.page.locator('[data-testid=meta-user-row]').first();
      await row.waitFor();
      expect(await row.locator('td').nth(2).innerText()).toContain('Utente di sistema — integrazione aziendale');
      expect(await other.page.getByRole('link', { name: 'Collega un’azienda' }).count()).toBe(0);
      expect(await axeViolations(other.page)).toEqual([]);
    } finally {
      await other.context.close();
    }
  });
});
