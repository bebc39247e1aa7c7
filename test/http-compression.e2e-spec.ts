import { IncomingHttpHeaders, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Role } from '../src/common/auth/auth-user';
import { RegionLevel } from '../src/regions/entities/region-unit.entity';
import { Factory } from './harness/factories';
import { createTestApp, TestApp } from './harness/test-app';

/** An answer as it crossed the wire: status, headers and the undecoded bytes (supertest would unpack them). */
function fetchRaw(server: Server, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: IncomingHttpHeaders; bytes: Buffer }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The API's JSON goes compressed (gzip, or brotli where accepted) to clients that take it (a phone on 4G waits for a fifth of the
 * bytes), identical once unzipped; sign-in answers and small answers go as they are.
 */
describe('HTTP: compressed answers from the API', () => {
  let t: TestApp;
  let f: Factory;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp();
    f = new Factory(t);
    const admin = await f.adminUser();
    token = await admin.token();
    server = t.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const region = await f.region({ level: RegionLevel.City });
    for (let i = 0; i < 12; i++) await f.team({ regionUnitId: region.id });
  }, 60_000);
  afterAll(() => t.close());

  let server: Server;
  const get = (path: string, encoding = 'identity') => fetchRaw(server, 'GET', path, { Authorization: `Bearer ${token}`, 'Accept-Encoding': encoding });

  it.each([
    ['gzip, deflate', 'gzip', gunzipSync],
    ['gzip, deflate, br', 'br', brotliDecompressSync],
  ] as const)('compresses a list page for a client that takes %s (%s); unpacked it is the same JSON', async (accepts, encoding, unpack) => {
    const plain = await get('/api/v1/teams?limit=50');
    const packed = await get('/api/v1/teams?limit=50', accepts);
    expect([plain.status, packed.status]).toEqual([200, 200]);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBeGreaterThan(1024);
    expect(packed.headers['content-encoding']).toBe(encoding);
    expect(packed.headers.vary).toMatch(/Accept-Encoding/i);
    const unpacked = unpack(packed.bytes);
    expect(unpacked.length).toBe(plain.bytes.length);
    expect(JSON.parse(unpacked.toString('utf8'))).toEqual(JSON.parse(plain.bytes.toString('utf8')));
    expect(packed.bytes.length).toBeLessThan(plain.bytes.length / 2);
  });

  it('sends small answers and sign-in answers as they are', async () => {
    const small = await get('/api/v1/auth/me', 'gzip');
    expect(small.status).toBe(200);
    expect(small.bytes.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
    const user = await f.user({ role: Role.Member });
    const body = JSON.stringify({ username: user.username, password: user.password });
    const signIn = await fetchRaw(server, 'POST', '/api/v1/auth/login', { 'Content-Type': 'application/json', 'Accept-Encoding': 'gzip, br' }, body);
    expect(signIn.status).toBe(200);
    expect(signIn.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(signIn.bytes.toString('utf8'))).toHaveProperty('accessToken');
  });
});
