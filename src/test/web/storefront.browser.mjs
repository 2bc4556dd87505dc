// The storefront page in a real browser: Playwright (playwright-core) drives Debian's Chromium, headless, against
// the running dev-mode app (STOREFRONT_URL, default http://localhost:8080). Each scenario uses a new user, acts as
// a person would (locators by role and label, the text a person reads) and saves a screenshot per step into
// SCREENSHOT_DIR (default target/storefront). Ends with "storefront: N passed, M failed"; exit 1 on any failure,
// including a browser that cannot be started.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.STOREFRONT_URL || 'http://localhost:8080';
const SHOTS = resolve(process.env.SCREENSHOT_DIR || new URL('../../../target/storefront', import.meta.url).pathname);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 20_000;
mkdirSync(SHOTS, { recursive: true });

// ---- helpers ----------------------------------------------------------------------------------------------------
let run = 0;
const newUser = (name) => `${name}-${process.pid}-${Date.now().toString(36)}-${++run}`;

async function grant(user, credits) {
  const r = await fetch(`${BASE}/dev/grant`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Demo-User': user }, body: JSON.stringify({ credits }),
  });
  if (r.status !== 200) throw new Error(`dev grant answered ${r.status}`);
}

/** Waits until the locator's text matches, and returns it (fails with what it saw instead). */
async function expectText(locator, pattern, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let seen = '';
  while (Date.now() < deadline) {
    seen = (await locator.textContent({ timeout: 1000 }).catch(() => null)) ?? '';
    if (pattern.test(seen)) return seen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${pattern} but the page shows: "${seen.trim()}"`);
}

async function openAs(context, user) {
  const page = await context.newPage();
  page.on('pageerror', (e) => { throw new Error(`page error: ${e.message}`); });
  await page.goto(BASE + '/');
  await page.locator('body[data-ready="true"]').waitFor({ timeout: TIMEOUT });
  await page.getByLabel('Demo user').fill(user);
  await page.getByRole('button', { name: 'Switch user' }).click();
  await expectText(messages(page), new RegExp(`Signed in as ${user}`));
  return page;
}

const balance = (page) => page.getByRole('status', { name: 'Current balance' });
const messages = (page) => page.getByRole('status', { name: 'Messages' });

function shooter(page, scenario) {
  let step = 0;
  return async (name) => {
    step += 1;
    // the viewport, as a person sees it (a full-page shot would not show a modal dialog's backdrop everywhere)
    await page.screenshot({ path: join(SHOTS, `${scenario}-${String(step).padStart(2, '0')}-${name}.png`) });
  };
}

// ---- scenarios ----------------------------------------------------------------------------------------------------
const scenarios = {
  async buy_balanceDrops(context) {
    const user = newUser('buyer');
    await grant(user, 300);
    const page = await openAs(context, user);
    const shot = shooter(page, 'buy');
    await expectText(balance(page), /^300 credits$/);
    await shot('before');
    // keyboard only: focus the button, press Enter
    await page.getByRole('button', { name: 'Buy Golden hat (cosmetic) for 99 credits' }).focus();
    await page.keyboard.press('Enter');
    await expectText(messages(page), /Bought Golden hat \(cosmetic\) for 99 credits\. Balance: 201 credits\./);
    await expectText(balance(page), /^201 credits$/);
    await expectText(page.getByRole('table'), /purchase\s*-99\s*201/);
    await shot('bought');
  },

  async runOut_topUpWith4242_thenBuy(context) {
    const page = await openAs(context, newUser('empty'));
    const shot = shooter(page, 'topup');
    await expectText(balance(page), /^0 credits$/);
    await page.getByRole('button', { name: 'Buy Golden hat (cosmetic) for 99 credits' }).click();
    const dialog = page.getByRole('dialog', { name: 'Not enough credits' });
    await expectText(dialog, /costs 99 credits; you have 0 credits, so you are 99 credits short\. The Starter pack gives you 500 credits for \$5\.00\./);
    await shot('short');
    await dialog.getByRole('button', { name: 'Top up Starter pack ($5.00)' }).click();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Expiry (MM/YY)').fill('12/34');
    await page.getByLabel('CVC').fill('123');
    await shot('card');
    await page.getByRole('button', { name: 'Pay $5.00' }).click();
    await expectText(messages(page), /Top-up done: 500 credits added\./);
    await expectText(balance(page), /^500 credits$/);
    await shot('topped-up');
    await page.getByRole('button', { name: 'Buy Golden hat (cosmetic) for 99 credits' }).click();
    await expectText(balance(page), /^401 credits$/);
    await expectText(page.getByRole('table'), /top up\s*\+500\s*500/);
    await shot('bought');
  },

  async declinedCard_showsTheDecline(context) {
    const page = await openAs(context, newUser('declined'));
    const shot = shooter(page, 'declined');
    await page.getByRole('button', { name: 'Top up Starter pack: 500 credits for $5.00' }).click();
    await page.getByLabel('Card number').fill('4000 0000 0000 9995');
    await page.getByRole('button', { name: 'Pay $5.00' }).click();
    await expectText(page.getByRole('alert'), /Payment failed: Your card has insufficient funds\. \(insufficient_funds\)/);
    await expectText(messages(page), /The payment failed; nothing was charged\./);
    await shot('declined');
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor({ timeout: TIMEOUT });
    await expectText(balance(page), /^0 credits$/);
  },

  async authenticationCard_asksToAuthenticate_thenCredits(context) {
    const page = await openAs(context, newUser('sca'));
    const shot = shooter(page, 'authenticate');
    await page.getByRole('button', { name: 'Top up Plus pack: 1,100 credits for $10.00' }).click();
    await page.getByLabel('Card number').fill('4000 0025 0000 3155');
    await page.getByRole('button', { name: 'Pay $10.00' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm this payment' });
    await dialog.waitFor({ timeout: TIMEOUT });
    await shot('asked');
    await dialog.getByRole('button', { name: 'Complete authentication' }).click();
    await expectText(messages(page), /Top-up done: 1,100 credits added\./);
    await expectText(balance(page), /^1,100 credits$/);
    await shot('credited');
  },

  async priceChange_asksToConfirm(context) {
    const user = newUser('stale');
    await grant(user, 300);
    // the page was loaded before the golden hat went from 89 to 99 credits: it is served the old catalog
    await context.route('**/catalog', async (route) => {
      const response = await route.fetch();
      const catalog = await response.json();
      catalog.skus = catalog.skus.map((s) => (s.sku === 'hat-gold' ? { ...s, priceCredits: s.priceCredits - 10 } : s));
      await route.fulfill({ response, json: catalog });
    });
    const page = await openAs(context, user);
    const shot = shooter(page, 'price');
    await page.getByRole('button', { name: 'Buy Golden hat (cosmetic) for 89 credits' }).click();
    const dialog = page.getByRole('dialog', { name: 'The price has changed' });
    await expectText(dialog, /now costs 99 credits/);
    await expectText(balance(page), /^300 credits$/);
    await shot('asked');
    await dialog.getByRole('button', { name: 'Buy for 99 credits' }).click();
    await expectText(messages(page), /Bought Golden hat \(cosmetic\) for 99 credits\. Balance: 201 credits\./);
    await expectText(balance(page), /^201 credits$/);
    await shot('bought');
  },

  async dailyLimit_refusesAPurchaseOverIt(context) {
    const user = newUser('limited');
    await grant(user, 300);
    const page = await openAs(context, user);
    const shot = shooter(page, 'limits');
    await page.getByLabel('Per day (UTC)').fill('100');
    await page.getByRole('button', { name: 'Save limits' }).click();
    await expectText(messages(page), /Spending limits saved\./);
    await page.getByRole('button', { name: 'Buy Article: Why card fees kill micro-payments for 199 credits' }).click();
    await expectText(messages(page), /That would go over your daily spending limit of 100 credits \(spent 0 credits\); it resets/);
    await expectText(balance(page), /^300 credits$/);
    await shot('refused');
  },

  async autoTopUp_chargesTheSavedCard_whenShort(context) {
    const page = await openAs(context, newUser('auto'));
    const shot = shooter(page, 'auto');
    await page.getByRole('button', { name: 'Top up Starter pack: 500 credits for $5.00' }).click();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay $5.00' }).click();
    await expectText(balance(page), /^500 credits$/);
    await page.getByLabel('Auto top-up on').check();
    await page.getByLabel('Pack', { exact: true }).selectOption({ label: 'Starter pack ($5.00)' });
    await page.getByLabel('Monthly cap (USD)').fill('20');
    await page.getByRole('button', { name: 'Save auto top-up' }).click();
    await expectText(messages(page), /Auto top-up is on\./);
    await shot('on');
    // a pass can be bought again and again (each extends it); an article, once owned, cannot
    const pass = page.getByRole('button', { name: 'Buy Day pass: every article for 24 hours for 149 credits' });
    await pass.click();
    await expectText(balance(page), /^351 credits$/);
    await pass.click();
    await expectText(balance(page), /^202 credits$/);
    await pass.click();
    await expectText(balance(page), /^53 credits$/);
    await pass.click();
    await expectText(messages(page), /Auto top-up added 500 credits \(\$5\.00\)\. Balance: 404 credits\./);
    await expectText(balance(page), /^404 credits$/);
    await expectText(page.getByRole('status', { name: 'Auto top-up state' }), /Charged this month: \$5\.00/);
    await shot('topped-up');
  },

  async busyServer_retriedWithTheSameKey_buysOnce(context) {
    const user = newUser('busy');
    await grant(user, 300);
    const keys = [];
    let first = true;
    await context.route('**/checkout', async (route) => {
      keys.push(await route.request().headerValue('Idempotency-Key'));
      if (first) {
        first = false;
        await route.fulfill({ status: 503, headers: { 'Retry-After': '1' }, contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'https://coinslot.dev/problems/wallet-busy', title: 'Wallet busy', status: 503 }) });
      } else {
        await route.continue();
      }
    });
    const page = await openAs(context, user);
    const shot = shooter(page, 'busy');
    await page.getByRole('button', { name: 'Buy Cat sticker for 49 credits' }).click();
    await expectText(messages(page), /Bought Cat sticker for 49 credits\. Balance: 251 credits\./);
    if (keys.length !== 2 || keys[0] !== keys[1] || !keys[0]) throw new Error(`expected one key sent twice, got ${JSON.stringify(keys)}`);
    await expectText(page.getByRole('table'), /purchase\s*-49\s*251/);
    const purchases = await page.getByRole('row', { name: /purchase:pur_/ }).count();
    if (purchases !== 1) throw new Error(`expected one purchase in the history, found ${purchases}`);
    await shot('bought-once');
  },
};

// ---- runner -------------------------------------------------------------------------------------------------------
let browser;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
} catch (e) {
  console.log(`FAIL the browser (${CHROMIUM}) cannot be started: ${e.message.split('\n')[0]}`);
  console.log('storefront: 0 passed, 1 failed');
  process.exit(1);
}

let passed = 0;
let failed = 0;
const only = process.argv[2];
for (const [name, scenario] of Object.entries(scenarios)) {
  if (only && !name.includes(only)) continue;
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
  const started = Date.now();
  try {
    await scenario(context);
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${name}: ${e.message}`);
    for (const page of context.pages()) {
      await page.screenshot({ path: join(SHOTS, `FAILED-${name}.png`), fullPage: true }).catch(() => {});
    }
  } finally {
    // a routed request still in flight (the page reloads its catalog after a purchase) must not outlive the scenario:
    // its handler would fail on the closed context and end the whole run
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  }
}
await browser.close();
console.log(`screenshots: ${SHOTS}`);
console.log(`storefront: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
