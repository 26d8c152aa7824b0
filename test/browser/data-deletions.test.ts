import type { Browser } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/accounts/accounts.ts';
import { launchBrowser, openPage, PHONE, screenshot, signIn, skipBrowser, startWebServer, type WebServer } from './helpers.ts';

/**
 * Admins see the data deletion requests that reached their workspace (issue 26 §3), on the
 * background jobs page, in their language; another workspace's admins do not.
 */
describe.skipIf(skipBrowser)('web UI in Chromium: data deletion requests', () => {
  let browser: Browser;
  let server: WebServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchBrowser(), startWebServer()]);
    const { member } = await createUser(server.database.db, { workspace: 'Aurora', email: 'giada@aurora.test', password: 'giada-password', role: 'admin', locale: 'it', name: 'Giada' });
    await createUser(server.database.db, { workspace: 'Northwind', email: 'emma@northwind.test', password: 'emma-password', role: 'admin', locale: 'en', name: 'Emma' });
    // A request done by the deletion job: what it removed in Aurora.
    await sql`with stored as (insert into meta_signals (kind, dedupe_key, body, received_at, processed_at) values ('data_deletion', 'browser', '', now() - interval '2 hours', now()) returning id),
      request as (insert into meta_data_deletions (code, signal_id, requested_at, status, completed_at, deleted) select 'Q2hlY2tDb2RlMDEyMzQ1Njc4', id, now() - interval '2 hours', 'completed', now() - interval '2 hours', '{"profiles":1,"tokens":1,"timelineEvents":7}' from stored returning code)
      insert into meta_data_deletion_workspaces (code, workspace_id, deleted) select code, ${member.workspaceId}::uuid, '{"profiles":1,"tokens":1,"timelineEvents":7,"checkouts":0}' from request`.execute(server.database.db);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('an admin sees the request, its state and what it deleted here, in Italian, at 375 px too', async () => {
    const { context, page, problems } = await openPage(browser, { viewport: PHONE });
    await signIn(page, server.url, 'giada@aurora.test', 'giada-password');
    await page.goto(`${server.url}/admin/jobs`);
    const section = page.locator('#data-deletions');
    await section.getByRole('heading', { name: 'Richieste di cancellazione dei dati (Meta)' }).waitFor();
    const row = section.getByTestId('data-deletion-row');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('completed');
    expect(await row.textContent()).toContain('Q2hlY2tDb2RlMDEyMzQ1Njc4');
    expect(await row.textContent()).toContain('Fatto');
    expect(await row.textContent()).toContain('Profili: 1 · Token: 1 · Eventi della cronologia: 7');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'data-deletions-375-it');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('another workspace’s admin sees none of it', async () => {
    const { context, page, problems } = await openPage(browser, { locale: 'en-GB' });
    await signIn(page, server.url, 'emma@northwind.test', 'emma-password');
    await page.goto(`${server.url}/admin/jobs`);
    await page.getByRole('heading', { name: 'Data deletion requests (Meta)' }).waitFor();
    await page.getByTestId('data-deletions-empty').waitFor();
    expect(await page.getByTestId('data-deletion-row').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain('Q2hlY2tDb2RlMDEyMzQ1Njc4');
    expect(problems).toEqual([]);
    await context.close();
  });
});
