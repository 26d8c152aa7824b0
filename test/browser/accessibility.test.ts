import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/accounts/accounts.ts';
import { axeViolations } from './axe.ts';
import { startDemoService, type DemoService } from './demo-fixture.ts';
import { DESKTOP, launchBrowser, PHONE, signIn, skipBrowser } from './helpers.ts';

type Locale = 'it' | 'en';

/**
 * axe-core (WCAG 2.0/2.1 A and AA, label-in-name included) on every page of the demo, in both
 * languages, at 1366 and at 375 px: one pass over the pages for each of the four, failing on any
 * serious or critical violation. The same pass checks that no page scrolls sideways at 375 px,
 * that nothing logs a console error (the sign-in page's session probe included), and that Sign
 * in is in view on a 1366×900 screen.
 */
describe.skipIf(skipBrowser)('accessibility of every page (axe-core), both languages, 1366 and 375 px', { timeout: 300_000 }, () => {
  let browser: Browser;
  let demo: DemoService;
  const pages: Array<[string, string]> = [];

  beforeAll(async () => {
    [browser, demo] = await Promise.all([launchBrowser(), startDemoService()]);
    const id = (name: string) => demo.seed.profiles.find((p) => p.name === name)!.profileId;
    pages.push(
      ['Meta Users', '/meta-users'],
      ['Meta Users, needing attention', '/meta-users?filter=attention'],
      ['Meta Users, filtered to nothing', '/meta-users?status=inactive&q=nobody'],
      ['an Expired profile (its impact)', `/meta-users/${id('Marco Bianchi')}`],
      ['an Inactive profile', `/meta-users/${id('Luca Ferrari')}`],
      ['a declined permission', `/meta-users/${id('Sofia Greco')}`],
      ['a System User', `/meta-users/${id('Northwind Reporting System User')}`],
      ['a business connection (Connect a business)', `/meta-users/${id('Northwind Retail Ltd')}`],
      ['Ad accounts', '/ad-accounts'],
      ['Notifications', '/notifications'],
      ['Alert preferences', '/settings/alerts'],
      ['Jobs', '/admin/jobs'],
      ['Workspace alerts', '/admin/alerts'],
      ['Outbox', '/admin/outbox'],
    );
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /** The page as a person sees it: its title, nothing loading, no request on its way. */
  async function settle(page: Page): Promise<void> {
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 10_000 });
    await page.waitForLoadState('networkidle');
    await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  }

  async function pass(locale: Locale, viewport: { width: number; height: number }): Promise<string[]> {
    const context = await browser.newContext({ viewport, locale: locale === 'it' ? 'it-IT' : 'en-GB', timezoneId: 'Europe/Rome' });
    const page = await context.newPage();
    const findings: string[] = [];
    let where = '';
    // Every console error counts here, a failed request's included: nothing on these pages may fail.
    page.on('console', (message) => {
      if (message.type() === 'error') findings.push(`${where}: console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => findings.push(`${where}: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) findings.push(`${where}: ${response.status()} from ${response.request().method()} ${new URL(response.url()).pathname}`);
    });
    const check = async (name: string) => {
      where = `${name} (${locale}, ${viewport.width} px)`;
      try {
        await settle(page);
      } catch (error) {
        findings.push(`${where}: never showed its title (${(error as Error).message.split('\n')[0]})`);
        return;
      }
      for (const v of await axeViolations(page)) findings.push(`${where}: ${v.impact} ${v.id} (${v.help}): ${v.nodes.join(' | ')}`);
      if (viewport.width <= PHONE.width) {
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        if (wide > viewport.width) findings.push(`${where}: scrolls sideways (${wide} px)`);
        // Text cut off: wider than its own box with hidden overflow, or sticking out of an
        // ancestor that clips (a card with hidden overflow) — what a person cannot read.
        const cut = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('main *')]
            .filter((el) => el.textContent?.trim() && el.getClientRects().length > 0)
            // Hidden on purpose, for screen readers only (a 1 px clipped box: .visually-hidden, a phone's table head).
            .filter((el) => {
              for (let up: HTMLElement | null = el; up; up = up.parentElement) {
                const rect = up.getBoundingClientRect();
                if ((rect.width <= 1 && rect.height <= 1) || getComputedStyle(up).clip.startsWith('rect')) return false;
              }
              return true;
            })
            .filter((el) => {
              if (getComputedStyle(el).overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) return true;
              const box = el.getBoundingClientRect();
              for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                if (getComputedStyle(up).overflowX === 'visible') continue;
                const frame = up.getBoundingClientRect();
                // A scrolling box shows the rest when scrolled; only a hidden or clipped one cuts.
                if (['hidden', 'clip'].includes(getComputedStyle(up).overflowX) && (box.right > frame.right + 1 || box.left < frame.left - 1)) return true;
              }
              return false;
            })
            .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${el.textContent?.trim().slice(0, 40) ?? ''}"`),
        );
        for (const text of cut) findings.push(`${where}: cut off: ${text}`);
      }
    };

    where = 'sign-in';
    await page.goto(`${demo.url}/login`);
    await page.getByRole('button', { name: locale === 'it' ? 'Italiano' : 'English' }).click();
    await check('Sign in');
    if (viewport.width === DESKTOP.width) {
      const box = await page.locator('form button[type=submit]').boundingBox();
      if (!box || box.y + box.height > viewport.height) findings.push(`Sign in (${locale}): the Sign in button is below the fold (${box?.y} px)`);
    }
    await signIn(page, demo.url, DEMO_EMAIL, DEMO_PASSWORD);
    const saved = await page.evaluate(async (next) => (await fetch('/api/me', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: next }) })).status, locale);
    expect(saved).toBe(200);
    const accounts = (await page.evaluate(async () => (await fetch('/api/ad-accounts')).json())) as { adAccounts: Array<{ id: string; blockedReason: string | null }> };
    const blocked = accounts.adAccounts.find((a) => a.blockedReason)!;
    const healthy = accounts.adAccounts.find((a) => !a.blockedReason)!;
    for (const [name, path] of [...pages, ['a blocked ad account (history kept)', `/ad-accounts/${blocked.id}`], ['a healthy ad account', `/ad-accounts/${healthy.id}`]] as Array<[string, string]>) {
      await page.goto(`${demo.url}${path}`);
      await check(name);
    }
    if (viewport.width <= PHONE.width) {
      // The drawer, open: a dialog over the page.
      await page.goto(`${demo.url}/meta-users`);
      await settle(page);
      await page.locator('.menu-button').click();
      await page.locator('#sidebar').waitFor({ state: 'visible' });
      await check('the menu drawer');
    }
    await context.close();
    return findings;
  }

  it('Italian at 1366 px', async () => {
    expect(await pass('it', DESKTOP)).toEqual([]);
  });

  it('English at 1366 px', async () => {
    expect(await pass('en', DESKTOP)).toEqual([]);
  });

  it('Italian at 375 px', async () => {
    expect(await pass('it', PHONE)).toEqual([]);
  });

  it('English at 375 px', async () => {
    expect(await pass('en', PHONE)).toEqual([]);
  });
});
