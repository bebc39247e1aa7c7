import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expectError } from './harness/expect-error';
import { createTestApp, TestApp } from './harness/test-app';

const INDEX = '<!doctype html><html lang="zh-CN"><body><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script></body></html>';

describe('the web app served at /', () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'crm-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), INDEX);
    writeFileSync(join(webDir, 'assets', 'index-abc123.js'), 'console.log("招商");');
    writeFileSync(join(webDir, 'assets', 'index-abc123.js.gz'), gzipSync('console.log("招商");'));
    t = await createTestApp({ WEB_DIR: webDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('answers / and any page path with index.html, never cached', async () => {
    for (const path of ['/', '/today', '/pipeline?team=1', '/interactions/new']) {
      const res = await t.http().get(path).set('Accept', 'text/html').expect(200);
      expect(res.text).toBe(INDEX);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets for a year, the prebuilt gzip to those who take it', async () => {
    const plain = await t.http().get('/assets/index-abc123.js').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe('console.log("招商");');
    const zipped = await t.http().get('/assets/index-abc123.js').set('Accept-Encoding', 'gzip, deflate').expect(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toMatch(/javascript/);
    expect(zipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zipped.text).toBe('console.log("招商");');
  });

  it('keeps the API and its JSON 404 under /api', async () => {
    await t.http().get('/api/health').expect(200);
    await t.http().get('/api/docs-json').expect(200);
    expectError(await t.http().get('/api/v1/nothing-here').set('Accept', 'text/html'), 404, 'ROUTE_NOT_FOUND');
    expectError(await t.http().get('/api/v2/teams').set('Accept', 'text/html'), 404, 'ROUTE_NOT_FOUND');
    expectError(await t.http().get('/api').set('Accept', 'text/html'), 404, 'ROUTE_NOT_FOUND');
    expectError(await t.http().get('/api/v1/auth/me').set('Accept', 'text/html'), 401, 'UNAUTHENTICATED');
  });

  it('answers a missing file, a write or a non-HTML request with the JSON 404, not the page', async () => {
    expectError(await t.http().get('/assets/missing-123.js'), 404, 'ROUTE_NOT_FOUND');
    expectError(await t.http().get('/favicon.ico').set('Accept', 'text/html'), 404, 'ROUTE_NOT_FOUND');
    expectError(await t.http().post('/today').set('Accept', 'text/html'), 404, 'ROUTE_NOT_FOUND');
    expectError(await t.http().get('/today').set('Accept', 'application/json'), 404, 'ROUTE_NOT_FOUND');
  });

  it('lets the page load its own scripts over plain HTTP (no upgrade-insecure-requests)', async () => {
    const res = await t.http().get('/').set('Accept', 'text/html');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
  });
});

describe('without a built web app', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WEB_DIR: join(tmpdir(), 'crm-web-does-not-exist') });
  });
  afterAll(() => t.close());

  it('answers / with the JSON 404 as before', async () => {
    expectError(await t.http().get('/').set('Accept', 'text/html'), 404, 'ROUTE_NOT_FOUND');
  });
});
