import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/accounts.ts';
import { launchBrowser, openPage, screenshot, signIn, skipBrowser, startWebServer, type WebServer } from './helpers.ts';

/**
 * "When a token expires … the affected ad accounts continue showing historical data but can't
 * sync new data or manage campaigns", in a real browser against the whole service and the
 * emulator. The route must answer: a regression to 404 fails here rather than passing silently.
 */
describe.skipIf(skipBrowser)('web UI in Chromium: ad accounts when the token expires', () => {
  let browser: Browser;
  let server: WebServer;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startWebServer()]);
    await createUser(server.database.db, { workspace: 'Rossi', email: 'anna@rossi.test', password: 'anna-password', role: 'admin', locale: 'it', name: 'Anna Conti' });
    ({ context, page, problems } = await openPage(browser));
    await signIn(page, server.url, 'anna@rossi.test', 'anna-password');
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  const runJob = (name: string) =>
    page.evaluate(async (job) => {
      const response = await fetch(`/api/jobs/${job}/run`, { method: 'POST' });
      return response.status;
    }, name);

  it('shows the synced spend, then the blocked reason with the spend still drawn, and explains a refused Pause', async () => {
    expect(await page.evaluate(async () => (await fetch('/api/ad-accounts')).status), 'GET /api/ad-accounts is mounted').toBe(200);
    await page.goto(`${server.url}/meta-users`);
    await page.getByRole('link', { name: 'Collega account Meta' }).first().click();
    await page.waitForURL((url) => url.href.startsWith(`${server.emulatorUrl}/dialog/oauth`));
    await page.locator('#email').fill('giulia@example.it');
    await page.locator('#password').fill('giulia-pass');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.origin === server.url && url.pathname === '/meta-users');
    for (const job of ['permission-sync', 'insights-sync']) expect(await runJob(job), job).toBe(200);

    await page.getByRole('link', { name: 'Account pubblicitari' }).first().click();
    const account = page.locator('[data-testid=ad-account-row]').filter({ hasText: 'Rossi — Saldi' });
    await account.waitFor();
    expect(await account.textContent()).toContain('In sincronizzazione');
    await account.getByRole('link', { name: 'Rossi — Saldi' }).click();
    await page.locator('.chart-bar').first().waitFor({ state: 'attached' });
    const spend = await page.locator('.stats dd').first().textContent();
    expect(spend).not.toBe('0,00');
    await page.locator('[data-testid=campaign-row]').filter({ hasText: 'Saldi invernali' }).waitFor();
    await screenshot(page, 'ad-account-syncing-it');

    // The token expires on Meta; the next Graph call finds out.
    await server.control('POST', '/__control/users/10001/change-password', { password: 'giulia-new-pass' });
    const profiles = (await page.evaluate(async () => (await fetch('/api/meta-users')).json())) as { metaUsers: Array<{ id: string }> };
    await page.evaluate(async (profileId) => {
      await fetch('/api/graph/proxy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ profileId, path: '/me' }) });
    }, profiles.metaUsers[0]?.id);

    await page.reload();
    const blocked = page.locator('.alert-warning').first();
    await blocked.waitFor();
    expect(await blocked.textContent()).toContain('Il token Meta che raggiunge questo account è scaduto.');
    expect(await page.locator('.pill-blocked').first().textContent()).toBe('Bloccato: Token scaduto');
    expect(await page.locator('.stats dd').first().textContent()).toBe(spend);
    expect(await page.locator('.chart-bar').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Metti in pausa — Saldi invernali' }).click();
    const refusal = page.locator('#campaigns .alert-danger');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Wevion non ha potuto mettere in pausa «Saldi invernali»: il token Meta di questo account è scaduto.');
    await screenshot(page, 'ad-account-blocked-it');
    expect(problems).toEqual([]);
  });
});
