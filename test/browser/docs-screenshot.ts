/**
 * `npm run docs:screenshot`: writes docs/images/first-screen.png, the README's image of the demo's
 * first screen, from a fresh demo (as `npm start` makes it) in Debian's Chromium. Run by hand
 * when the first screen changes; no test writes it (the demo's browser test checks what it shows).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../../src/accounts/accounts.ts';
import { startDemoService } from './demo-fixture.ts';
import { FIRST_SCREEN_SIZE, showFirstScreen } from './first-screen.ts';
import { launchBrowser, openPage, signIn } from './helpers.ts';

const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/images/first-screen.png');
const [browser, demo] = await Promise.all([launchBrowser(), startDemoService()]);
try {
  const { page, problems } = await openPage(browser, { viewport: FIRST_SCREEN_SIZE });
  await signIn(page, demo.url, DEMO_EMAIL, DEMO_PASSWORD);
  await showFirstScreen(page, demo.url);
  mkdirSync(path.dirname(target), { recursive: true });
  await page.screenshot({ path: target });
  if (problems.length > 0) throw new Error(`the page reported problems: ${problems.join('; ')}`);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
} finally {
  await browser.close();
  await demo.stop();
}
