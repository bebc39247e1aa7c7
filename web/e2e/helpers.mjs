import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';
export const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));
mkdirSync(OUT, { recursive: true });

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
export const LAPTOP = { viewport: { width: 1440, height: 900 } };
export const WALL = { viewport: { width: 1920, height: 1080 } };

/** Debian's Chromium, headless, quiet: nothing leaves the machine but the calls to the service. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-component-update', '--disable-sync'],
  });
}

/** A page in a fresh context (zh-CN, Beijing time) that fails the test on a script error. */
export async function newPage(browser, device) {
  const context = await browser.newContext({ ...device, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors = [];
  // The first frames of the stack with the message: a failure seen only on a busy CI machine must be traceable from its log.
  page.on('pageerror', (e) => errors.push([e.message, ...(e.stack ?? '').split('\n').slice(1, 6).map((l) => l.trim())].join(' | ')));
  page.errors = errors;
  // E2E_CPU_THROTTLE=<n>: Chromium runs n times slower, as on a loaded machine (to reproduce races).
  const throttle = Number(process.env.E2E_CPU_THROTTLE ?? 0);
  if (throttle > 1) await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: throttle });
  return page;
}

/** Signs in through the login page and waits for the role's home page. */
export async function signIn(page, username, password, home) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(`**${home}`);
}

/** The API as the same user, for checking what the UI wrote. */
export async function apiAs(username, password) {
  const res = await fetch(`${BASE}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status}`);
  const { accessToken, user } = await res.json();
  const call = async (method, path, body) => {
    const r = await fetch(`${BASE}/api/v1${path}`, { method, headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  };
  return { user, get: (p) => call('GET', p), post: (p, b) => call('POST', p, b), del: (p) => call('DELETE', p) };
}

/**
 * The set-up most journeys share, registered as before/after hooks of the describe that calls it: a browser,
 * one page on `device` signed in as `account` ([username, password]) and waiting on `landing`, and (unless
 * `api: false`) the API as the same user. `beforeSignIn(j)` runs between the API login and the sign-in, for
 * data the first screen must already show. After the tests: no script errors on the page, the browser closed.
 * Returns the object whose `browser`, `page` and `api` the before hook fills in: read them inside tests and hooks.
 * Blocks with several pages, users or devices keep their own hooks.
 */
export function journey({ account, landing, device = LAPTOP, api = true, beforeSignIn }) {
  const j = { browser: undefined, page: undefined, api: undefined };
  before(async () => {
    j.browser = await launch();
    j.page = await newPage(j.browser, device);
    if (api) j.api = await apiAs(...account);
    if (beforeSignIn) await beforeSignIn(j);
    await signIn(j.page, ...account, landing);
  });
  after(async () => {
    assert.deepEqual(j.page?.errors ?? [], [], 'no script errors on the page');
    await j.browser?.close();
  });
  return j;
}

export function shot(page, name, fullPage = false) {
  return page.screenshot({ path: `${OUT}${name}.png`, fullPage });
}

/** Today's date in Beijing as YYYY-MM-DD. */
export function beijingToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** A valid 统一社会信用代码 (GB 32100-2015) from its first 17 characters: the check character appended. */
export function uscc(body17) {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body17[i]) * weights[i];
  return body17 + alphabet[(31 - (sum % 31)) % 31];
}
