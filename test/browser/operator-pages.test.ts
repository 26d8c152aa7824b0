import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, createUser } from '../../src/accounts/accounts.ts';
import { contrastOf, launchBrowser, openPage, PHONE, screenshot, signIn, skipBrowser, startWebServer, type WebServer } from './helpers.ts';

/**
 * An operator's pages in a real browser, against the whole service: the API keys reached from the
 * admin menu, with what each may do and when it was last used, a Revoke that asks first (and can
 * be cancelled), the revoked key refused by the API at once, in English and Italian; and the Jobs
 * page saying a run died and which process ran it.
 */
describe.skipIf(skipBrowser)('web UI in Chromium: API keys and job runs', () => {
  let browser: Browser;
  let server: WebServer;
  const keys: Record<string, { id: string; key: string }> = {};

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startWebServer()]);
    await createUser(server.database.db, { workspace: 'Northwind', email: 'emma@northwind.test', password: 'emma-password', role: 'admin', locale: 'en', name: 'Emma Clarke' });
    await createUser(server.database.db, { workspace: 'Northwind', email: 'luca@northwind.test', password: 'luca-password', role: 'member', locale: 'it', name: 'Luca Ferrari' });
    keys.insights = await createApiKey(server.database.db, { workspace: 'Northwind', name: 'Insights sync', scopes: ['read', 'graph:proxy'] });
    keys.launcher = await createApiKey(server.database.db, { workspace: 'Northwind', name: 'Campaign launcher', scopes: ['read', 'tokens:checkout'] });
    await server.database.db.updateTable('api_keys').set({ last_used_at: new Date(Date.now() - 2 * 3_600_000) }).where('id', '=', keys.insights.id).execute();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const callWith = (key: string) => fetch(`${server.url}/api/meta-users`, { headers: { authorization: `Bearer ${key}` } });

  it('lists the keys from the admin menu; Revoke asks first, can be cancelled, and the revoked key is refused at once', async () => {
    const { context, page, problems } = await openPage(browser, { locale: 'en-GB' });
    await signIn(page, server.url, 'emma@northwind.test', 'emma-password');
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL(/\/admin\/api-keys$/);
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    const row = (name: string) => page.locator('[data-testid=api-key-row]').filter({ hasText: name });
    await row('Insights sync').waitFor();
    expect(await page.locator('.api-keys thead th').allTextContents()).toEqual(['Key', 'May', 'Created', 'Last used', 'State']);
    expect(await page.locator('[data-testid=api-key-row] .profile-name').allTextContents()).toEqual(['Campaign launcher', 'Insights sync']);
    expect(await row('Insights sync').locator('.chip').allTextContents()).toEqual(['read', 'graph:proxy']);
    expect(await row('Insights sync').textContent()).toContain('2 hours ago');
    expect(await row('Campaign launcher').textContent()).toContain('Never');
    expect(await row('Campaign launcher').locator('code').first().textContent()).toBe(`${keys.launcher!.key.slice(0, 10)}…`);
    expect(await page.content()).not.toContain(keys.launcher!.key);

    const launcher = row('Campaign launcher');
    await launcher.getByRole('button', { name: 'Revoke — Campaign launcher' }).click();
    expect(await launcher.locator('.confirm-text').textContent()).toBe('Revoke “Campaign launcher”? The services using it are refused from their next request, and it cannot be undone.');
    await launcher.getByRole('button', { name: 'Cancel' }).click();
    expect(await launcher.getAttribute('data-state')).toBe('active');
    expect((await callWith(keys.launcher!.key)).status).toBe(200);

    await launcher.getByRole('button', { name: 'Revoke — Campaign launcher' }).click();
    await launcher.getByRole('button', { name: 'Revoke the key' }).click();
    await page.locator('.toast').filter({ hasText: '“Campaign launcher” revoked.' }).waitFor();
    await expect.poll(() => launcher.getAttribute('data-state')).toBe('revoked');
    expect(await launcher.locator('.pill').textContent()).toBe('Revoked');
    expect(await launcher.getByRole('button', { name: /Revoke/ }).count()).toBe(0);
    expect((await callWith(keys.launcher!.key)).status).toBe(401);
    expect((await callWith(keys.insights!.key)).status).toBe(200);
    await screenshot(page, 'admin-api-keys-en');

    // In Italian, the same page in its words.
    await page.getByRole('button', { name: 'Italiano' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chiavi API' }).waitFor();
    expect(await page.getByRole('link', { name: 'Chiavi API' }).count()).toBe(1);
    expect(await launcher.locator('.pill').textContent()).toBe('Revocata');
    expect(await row('Insights sync').getByRole('button', { name: 'Revoca — Insights sync' }).count()).toBe(1);
    await row('Insights sync').getByRole('button', { name: 'Revoca — Insights sync' }).click();
    expect(await row('Insights sync').locator('.confirm-text').textContent()).toBe('Revocare «Insights sync»? I servizi che la usano vengono rifiutati dalla loro prossima richiesta, e non si può annullare.');
    await row('Insights sync').getByRole('button', { name: 'Annulla' }).click();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('Jobs: a run whose process died says so, and which process ran it', async () => {
    const started = new Date(Date.now() - 10 * 60_000);
    await server.database.db
      .insertInto('job_runs')
      .values({ job: 'token-refresh', trigger: 'schedule', status: 'running', started_at: started, run_by_role: 'worker', run_by_host: 'worker-2', run_by_pid: 4121, lease_until: new Date(started.getTime() + 180_000), expires_at: new Date(started.getTime() + 1_800_000) })
      .execute();
    const { context, page, problems } = await openPage(browser, { locale: 'en-GB' });
    await signIn(page, server.url, 'emma@northwind.test', 'emma-password');
    await page.goto(`${server.url}/admin/jobs`);
    const job = page.locator('[data-job="token-refresh"]');
    await job.locator('.pill-run-died').waitFor();
    // Emma chose Italian on the first test: the page speaks it.
    expect(await job.locator('.pill-run-died').textContent()).toBe('Interrotto');
    expect(await job.locator('.run-by').textContent()).toBe('worker@worker-2:4121');
    expect(await job.locator('.field-error').textContent()).toMatch(/stopped renewing the lease/);
    expect(await contrastOf(page, '.pill-run-died')).toBeGreaterThanOrEqual(4.5);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('fits a phone, and is not a member’s page', async () => {
    const admin = await openPage(browser, { viewport: PHONE, locale: 'en-GB' });
    await signIn(admin.page, server.url, 'emma@northwind.test', 'emma-password');
    await admin.page.goto(`${server.url}/admin/api-keys`);
    await admin.page.locator('[data-testid=api-key-row]').first().waitFor();
    expect(await admin.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(admin.page, 'admin-api-keys-375-it');
    expect(admin.problems).toEqual([]);
    await admin.context.close();

    const member = await openPage(browser);
    await signIn(member.page, server.url, 'luca@northwind.test', 'luca-password');
    await member.page.getByRole('heading', { level: 1, name: 'Utenti Meta' }).waitFor();
    expect(await member.page.getByRole('link', { name: 'Chiavi API' }).count()).toBe(0);
    await member.page.goto(`${server.url}/admin/api-keys`);
    await member.page.getByRole('heading', { level: 1, name: 'Solo per amministratori' }).waitFor();
    expect(member.problems).toEqual([]);
    await member.context.close();
  });
});
