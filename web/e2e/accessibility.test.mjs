// Every page of the app, for every role that reaches it, through axe-core: no serious or critical
// violation (contrast, names, labels, roles …). The routes are App.tsx's; the roles are the menu's
// (navigation.tsx), so a new page or a menu change is checked without editing this file — and a
// route this file cannot open fails the first test until it is listed below.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { apiAs, BASE, LAPTOP, launch, newPage, PHONE, signIn } from './helpers.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SRC = new URL('../src/', import.meta.url);

const ACCOUNTS = {
  admin: ['admin-zsj', 'Admin@2022', '/pipeline'],
  manager: ['manager-city', 'Manager@2022', '/pipeline'],
  member: ['zhanghongwei', 'Member@2022', '/today'],
  department: ['dept-zrzy', 'Dept@2022ok', '/supervision'],
};

/** App.tsx's route paths, absolute ('/print/summary', '/leads/:id'), the catch-all left out. */
function appRoutes() {
  const app = readFileSync(new URL('App.tsx', SRC), 'utf8');
  // The print block: from its path to the bracket closing its children.
  const from = app.indexOf("path: '/print'");
  let to = app.indexOf('children: [', from) + 'children: ['.length;
  for (let depth = 1; depth > 0; to += 1) depth += app[to] === '[' ? 1 : app[to] === ']' ? -1 : 0;
  // A route is an object ({ path: 'x', … }) or built by page('x', …). The print block's children
  // are /print/x; every other route is read from the text around the block, so an app route named
  // like a print view (/leads beside /print/leads) is checked too.
  const paths = (text, pattern) => [...text.matchAll(pattern)].map((m) => m[1]);
  const printChildren = paths(app.slice(from, to), /(?:\{ path: |page\()'([^']+)'/g).map((p) => `/print/${p}`);
  const rest = paths(app.slice(0, from) + app.slice(to), /(?:path: |page\()'([^']+)'/g)
    .filter((p) => p !== '*')
    .map((p) => (p.startsWith('/') ? p : `/${p}`));
  return [...new Set([...rest, ...printChildren])];
}

/** navigation.tsx's menu: path → the roles whose menu lists it. */
function menuRoles() {
  const nav = readFileSync(new URL('layout/navigation.tsx', SRC), 'utf8');
  const roles = new Map();
  for (const m of nav.matchAll(/\{ path: '([^']+)'[^\n]*?roles: \[([^\]]*)\]/g)) {
    roles.set(m[1], [...m[2].matchAll(/'(\w+)'/g)].map((r) => r[1]));
  }
  return roles;
}

const EVERYONE = ['admin', 'manager', 'member'];

/**
 * Who reaches each route that is not a menu entry itself: detail pages from any list, print views
 * from the page whose 打印 button opens them. The value is the menu path whose roles apply, or a list.
 */
/** Every role, 责任部门 accounts included: their home, their notifications and their account. */
const ANY_ACCOUNT = [...EVERYONE, 'department'];

const REACHED_FROM = {
  '/': ANY_ACCOUNT,
  '/login': ['anonymous'],
  '/more': ANY_ACCOUNT,
  '/enterprises/:id': EVERYONE,
  '/leads/:id': ['admin', 'manager', 'member'],
  '/projects/:id': EVERYONE,
  '/imports/:kind': '/imports',
  '/print/summary': '/projects',
  '/print/schedule': '/projects',
  '/print/unfulfilled': '/projects',
  '/print/three-un': '/projects',
  '/print/completion': '/targets',
  '/print/ranking/:id': '/rankings',
  '/print/roster/:eventId': '/signing-events',
  '/print/signing-events': '/signing-events',
  '/print/leads': '/leads',
  '/print/projects': '/projects',
  '/print/lead-claims': '/lead-claims',
  '/wall': '/dashboard',
  '/notifications': ANY_ACCOUNT,
  '/account/password': ANY_ACCOUNT,
  // A notification's subject looked up: lands on the record's page, which is what gets checked.
  '/go/:type/:id': EVERYONE,
};

/** The address to open for a route, its parameters filled with a record the user can see. */
async function address(route, api) {
  const first = async (path) => {
    const r = await api.get(path);
    assert.equal(r.status, 200, `${path}: ${r.status}`);
    const items = Array.isArray(r.body) ? r.body : r.body.items;
    assert.ok(items?.length, `${path} has a record to open`);
    return items[0].id;
  };
  switch (route) {
    case '/enterprises/:id':
      return `/enterprises/${await first('/enterprises?limit=1')}`;
    case '/leads/:id':
      return `/leads/${await first('/leads?limit=1')}`;
    case '/projects/:id':
      return `/projects/${await first('/projects?limit=1')}`;
    case '/imports/:kind':
      return '/imports/projects';
    case '/print/ranking/:id': {
      // A published 通报 when there is one, else the trial ranking the same view prints.
      const published = await api.get('/rankings?limit=1');
      const id = published.body.items?.[0]?.id;
      return id ? `/print/ranking/${id}` : `/print/ranking/preview?periodType=year&year=${new Date().getFullYear()}&level=team`;
    }
    case '/print/roster/:eventId':
      return `/print/roster/${await first('/signing-events?limit=1')}`;
    case '/print/completion':
      return '/print/completion?level=unit';
    case '/go/:type/:id':
      return `/go/interaction/${await first('/interactions?limit=1')}`;
    default:
      return route;
  }
}

/** Waits until the page has loaded its data: no request in flight, no spinner, no skeleton. */
async function settle(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active, .page-spin'), null, { timeout: 15000 });
  // antd's enter animations fade content in: contrast is measured on the final colours.
  await page.waitForTimeout(400);
}

/** axe-core over the page; the serious and critical violations, one line each. */
async function audit(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + (n.failureSummary ? ` — ${n.failureSummary.split('\n').slice(1, 2).join('')}` : '')), count: v.nodes.length }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const describeViolations = (vs) => vs.map((v) => `${v.impact} ${v.id} (${v.help}) ×${v.count}: ${v.targets.join(' | ')}`).join('\n');

const routes = appRoutes();
const menu = menuRoles();
function rolesOf(route) {
  if (menu.has(route)) return menu.get(route);
  const from = REACHED_FROM[route];
  if (Array.isArray(from)) return from;
  return from ? menu.get(from) ?? [] : [];
}

describe('accessibility: every page, every role (axe-core)', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('knows who reaches each of App.tsx\'s routes', () => {
    const unknown = routes.filter((r) => rolesOf(r).length === 0);
    assert.deepEqual(unknown, [], 'routes this journey does not know how to reach: add them to REACHED_FROM');
    assert.ok(routes.length >= 30, `App.tsx's routes found: ${routes.length}`);
  });

  it('the sign-in page, on a laptop and a phone', async () => {
    for (const device of [LAPTOP, PHONE]) {
      const page = await newPage(browser, device);
      await page.goto(`${BASE}/login`);
      await page.getByLabel('用户名').waitFor();
      await settle(page);
      const vs = await audit(page);
      assert.deepEqual(vs, [], describeViolations(vs));
      await page.context().close();
    }
  });

  // A member works from a phone; managers and admins from a laptop (and their phone's 更多 page).
  const DEVICES = { admin: LAPTOP, manager: LAPTOP, member: PHONE, department: LAPTOP };
  for (const role of ['admin', 'manager', 'member', 'department']) {
    it(`${role}: every page the role reaches`, async () => {
      const [username, password, home] = ACCOUNTS[role];
      const api = await apiAs(username, password);
      const page = await newPage(browser, DEVICES[role]);
      await signIn(page, username, password, home);
      const failures = [];
      const mine = routes.filter((r) => r !== '/login' && rolesOf(r).includes(role));
      for (const route of mine) {
        const url = await address(route, api);
        await page.goto(`${BASE}${url}`);
        await settle(page);
        const vs = await audit(page);
        if (vs.length) failures.push(`${url}\n${describeViolations(vs)}`);
      }
      if (DEVICES[role] !== PHONE) {
        const phone = await newPage(browser, PHONE);
        await signIn(phone, username, password, home);
        await phone.goto(`${BASE}/more`);
        await settle(phone);
        const vs = await audit(phone);
        if (vs.length) failures.push(`/more (phone)\n${describeViolations(vs)}`);
        await phone.context().close();
      }
      assert.deepEqual(page.errors, [], 'no script errors');
      assert.deepEqual(failures, [], `serious or critical violations:\n${failures.join('\n\n')}`);
      assert.ok(mine.length >= ({ member: 8, department: 4 }[role] ?? 15), `${role} pages checked: ${mine.length}`);
      await page.context().close();
    });
  }
});
