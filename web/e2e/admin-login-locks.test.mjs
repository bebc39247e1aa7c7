// 登录锁定: a member's sign-ins throttled after five wrong passwords from one address; the admin
// finds the lock, lifts it, and the member signs in again from there. A lock lifted meanwhile
// (by another admin, or expired) says so instead of failing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE, journey, shot } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
const MEMBER = ['yangfan', 'Member@2022'];
// Documentation addresses (RFC 5737): the service trusts X-Forwarded-For from loopback, so the
// test's own address (and every other journey signing in from it) is never throttled.
const HOME = '203.0.113.9';
const CAFE = '203.0.113.10';

/** POST /auth/login as if from `address`; answers the status. */
async function signInFrom(address, username, password) {
  const res = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ username, password }),
  });
  await res.body?.cancel();
  return res.status;
}

/** LOGIN_ACCOUNT_FAILURES (5) wrong passwords: the fifth locks the pair. */
async function lockOut(address) {
  for (let i = 0; i < 5; i++) assert.equal(await signInFrom(address, MEMBER[0], 'Wrong@2022'), 401, `wrong password ${i + 1}`);
  assert.equal(await signInFrom(address, MEMBER[0], MEMBER[1]), 429, `locked at ${address}, even with the right password`);
}

describe('admin: 登录锁定', () => {
  const j = journey({ account: ADMIN, landing: '/pipeline' });
  const nav = () => j.page.getByRole('navigation', { name: '主导航' });
  const row = (address) => j.page.locator('tr.ant-table-row').filter({ hasText: address });

  it('lists the member’s locks with their remaining time', async () => {
    await lockOut(HOME);
    await lockOut(CAFE);
    await nav().getByRole('link', { name: '登录锁定' }).click();
    await j.page.waitForURL('**/admin/login-locks');
    await j.page.getByText('解除操作记入操作日志').waitFor();
    // Sign-in names are case-insensitive, and so is the filter.
    await j.page.getByLabel('用户名', { exact: true }).fill(MEMBER[0].toUpperCase());
    await j.page.getByLabel('用户名', { exact: true }).press('Enter');
    for (const address of [HOME, CAFE]) {
      const r = row(address);
      await r.waitFor();
      await r.getByText('账号+地址').waitFor();
      await r.getByText(MEMBER[0]).waitFor();
      await r.getByText('5 次').waitFor();
      await r.getByText(/^还剩/).waitFor();
    }
    await shot(j.page, 'admin-login-locks');
  });

  it('says a lock lifted meanwhile has lapsed', async () => {
    const lock = (await j.api.get(`/auth/login-locks?address=${CAFE}`)).body.items.find((l) => l.username === MEMBER[0]);
    assert.equal((await j.api.del(`/auth/login-locks/${lock.id}`)).status, 204);
    await row(CAFE).getByRole('button', { name: /解\s*除/ }).click();
    await j.page.getByRole('tooltip').getByRole('button', { name: /解\s*除/ }).click();
    await j.page.getByText('该锁定已失效').waitFor();
    await row(CAFE).waitFor({ state: 'detached' });
  });

  it('lifts the lock, and the member signs in again from that address', async () => {
    await row(HOME).getByRole('button', { name: /解\s*除/ }).click();
    await j.page.getByRole('tooltip').getByRole('button', { name: /解\s*除/ }).click();
    await row(HOME).waitFor({ state: 'detached' });
    await j.page.getByText('没有符合条件的登录锁定').waitFor();
    assert.equal(await signInFrom(HOME, ...MEMBER), 200);
    assert.equal((await j.api.get(`/auth/login-locks?username=${MEMBER[0]}`)).body.items.length, 0);
    const log = (await j.api.get('/audit?entity=login-lock&action=unlock&limit=10')).body.items;
    assert.ok(log.some((e) => e.actorName === ADMIN[0] && e.changes?.address?.from === HOME), 'the unlock is in the audit log');
    // No journey but this one locks anyone out: without the filter the list is empty.
    await j.page.getByLabel('用户名', { exact: true }).fill('');
    await j.page.getByLabel('用户名', { exact: true }).press('Enter');
    await j.page.getByText('当前没有被锁定的登录').waitFor();
  });
});
