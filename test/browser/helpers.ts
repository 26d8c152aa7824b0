import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ManualClock } from '../../src/clock.ts';
import { composeApplication, type Application, type MetaSettings } from '../../src/compose.ts';
import type { Database } from '../../src/db/database.ts';
import { startEmulator } from '../../src/emulator/server.ts';
import type { World } from '../../src/emulator/world.ts';
import { createApp } from '../../src/http/app.ts';
import { webRoutes } from '../../src/http/routes/web.ts';
import { ensureWebBuilt } from '../../src/web/build.ts';
import { memoryLogger, testConfig } from '../helpers/app.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { testVault } from '../helpers/factories.ts';
import { freePort } from '../helpers/process.ts';
import { APP_ID, APP_SECRET, smallWorld } from '../helpers/service.ts';
import { DEFAULT_GRAPH_VERSION } from '../../src/meta-facts/api-versions.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM_PATH);

/**
 * Browser suites run where Debian's Chromium is installed, and always in CI (where a missing
 * browser must fail, not skip). Elsewhere they are skipped, and say why.
 */
export const skipBrowser = !hasChromium && !process.env.CI;
if (skipBrowser) {
  console.warn(`[browser tests] skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium). In CI (CI=1) they run and fail instead.`);
}

export const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 375, height: 812 };

/** A page that fails the test on any console error or CSP violation (the UI must run under its own CSP). */
export async function openPage(browser: Browser, options: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP, locale: options.locale ?? 'it-IT', timezoneId: 'Europe/Rome' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // 401 from the first /api/me (signed out) and 4xx the tests provoke are expected network errors.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return { context, page, problems };
}

/**
 * The whole page as a reviewer would scroll through it: the viewport is stretched to the page's
 * height for the shot (a full-page capture would leave sticky bars in the middle), then restored.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const viewport = page.viewportSize() ?? DESKTOP;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height, 6000) });
  await page.screenshot({ path: file });
  if (height > viewport.height) await page.setViewportSize(viewport);
  return file;
}

export interface WebServer {
  url: string;
  database: Database;
  application: Application;
  clock: ManualClock;
  emulatorUrl: string;
  /** The emulator's control API (JSON in, JSON out). */
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The whole service as `wevion serve` composes it (every area's routes and jobs, on a real
 * database) plus the built UI, on a real port whose address is PUBLIC_URL, with the Meta emulator
 * playing Meta. `fake` routes are answered before the service sees the request: the page tests use
 * them to render contract-shaped data (every status, blocked reasons, refusals) on demand.
 */
export async function startWebServer(options: { env?: Record<string, string>; world?: (redirectUri: string) => World; fake?: (app: Hono) => void } = {}): Promise<WebServer> {
  const { distDir } = await ensureWebBuilt();
  const database = await createTestDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const redirectUri = `${url}/connect/meta/callback`;
  const emulator = await startEmulator({ port: 0, world: options.world ? options.world(redirectUri) : smallWorld({}, { redirectUris: [redirectUri] }) });
  const config = testConfig({ PUBLIC_URL: url, ...options.env });
  const clock = new ManualClock(Date.now());
  const { logger } = memoryLogger();
  const meta: MetaSettings = { appId: APP_ID, appSecret: APP_SECRET, graphUrl: emulator.url, dialogUrl: emulator.url, graphVersion: DEFAULT_GRAPH_VERSION, redirectUri };
  const application = composeApplication({ config, database, vault: testVault(), clock, logger, meta, pollingIntervalSeconds: 0.5, random: () => 0 });
  const app = createApp({ config, database, clock, logger, registry: application.registry, queue: application.queue, routes: [...application.routes, webRoutes(distDir)] });
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`emulator ${method} ${path}: ${response.status} ${await response.text()}`);
    const text = await response.text();
    return text ? (JSON.parse(text) as unknown) : null;
  };
  await control('POST', '/__control/clock', { now: new Date(clock.now()).toISOString() });
  await application.queue.start({ work: false, schedule: false });
  let fetchHandler = app.fetch;
  if (options.fake) {
    const outer = new Hono();
    options.fake(outer);
    outer.all('*', (c) => app.fetch(c.req.raw, c.env));
    fetchHandler = outer.fetch;
  }
  const server = await new Promise<Server>((resolve) => {
    const created = serve({ fetch: fetchHandler, port, hostname: '127.0.0.1' }, () => resolve(created as Server)) as Server;
  });
  return {
    url,
    database,
    application,
    clock,
    emulatorUrl: emulator.url,
    control,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await application.close();
      await emulator.close();
      await database.close();
    },
  };
}

export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((target) => !target.pathname.startsWith('/login'));
}

/** The WCAG contrast ratio of an element's text against the first opaque background behind it. */
export async function contrastOf(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((element) => {
    const parse = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const channel = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r ?? 0) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0);
    };
    let background: number[] = [255, 255, 255];
    for (let node: Element | null = element; node; node = node.parentElement) {
      const value = parse(getComputedStyle(node).backgroundColor);
      if (value.length === 3 || (value.length === 4 && value[3] === 1)) {
        background = value.slice(0, 3);
        break;
      }
    }
    const fg = luminance(parse(getComputedStyle(element).color));
    const bg = luminance(background);
    return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  });
}
