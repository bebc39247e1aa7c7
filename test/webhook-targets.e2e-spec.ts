import { NotificationKind } from '../src/notifications/entities/notification-kind';
import { NotificationsService } from '../src/notifications/notifications.service';
import { ResolvedAddress, WebhookResolver } from '../src/notifications/webhook-target';
import { JobName } from '../src/queue/jobs';
import { cjk, CrmFactory, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { HttpStub, LOCAL_WEBHOOK_RECEIVERS, signedIn, startHttpStub, waitForJob, waitForState } from './harness/queue-helpers';
import { createTestApp, TestApp } from './harness/test-app';

/** Answers of the app's one DNS seam, by host name; anything else does not resolve. */
function fakeDns(t: TestApp): Map<string, string[]> {
  const answers = new Map<string, string[]>();
  jest.spyOn(t.app.get(WebhookResolver), 'lookup').mockImplementation(async (host: string): Promise<ResolvedAddress[]> => {
    const found = answers.get(host);
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  });
  return answers;
}

type V4 = [number, number, number, number];
const hex = (n: number) => n.toString(16);

/** Ways to write one IPv4 address in a URL's host, all of which WHATWG URL reads as that address. */
function spellings([p, q, r, s]: V4): string[] {
  const n = ((p << 24) | (q << 16) | (r << 8) | s) >>> 0;
  const dotted = `${p}.${q}.${r}.${s}`;
  const h = (a: number, b: number) => hex((a << 8) | b);
  return [
    dotted,
    `${dotted}.`,
    String(n),
    `0x${hex(n)}`,
    `0${n.toString(8)}`,
    [p, q, r, s].map((x) => `0x${hex(x)}`).join('.'),
    [p, q, r, s].map((x) => `0${x.toString(8)}`).join('.'),
    `${p}.${q}.${(r << 8) | s}`,
    `${p}.${(q << 16) | (r << 8) | s}`,
    `[::ffff:${dotted}]`,
    `[::ffff:${h(p, q)}:${h(r, s)}]`,
    `[64:ff9b::${dotted}]`,
    `[2002:${h(p, q)}:${h(r, s)}::]`,
    `[::${dotted}]`,
  ];
}

const INSIDE: V4[] = [
  [127, 0, 0, 1],
  [127, 255, 10, 3],
  [0, 0, 0, 0],
  [10, 0, 0, 1],
  [10, 200, 3, 4],
  [172, 16, 0, 1],
  [172, 31, 255, 254],
  [192, 168, 1, 1],
  [100, 64, 0, 1],
  [100, 127, 255, 255],
  [169, 254, 169, 254],
  [224, 0, 0, 251],
  [239, 255, 255, 250],
  [240, 0, 0, 1],
  [255, 255, 255, 255],
];

/** The first notification delivery of `userId`'s hook, waited for until it has finished. */
async function deliverOnce(t: TestApp, userId: string, hookId: string): Promise<{ state: string; reason: string; row: { status: string; last_error: string | null } }> {
  const [id] = await t.app.get(NotificationsService).notifyUsers([userId], { kind: NotificationKind.FollowUpDue, title: `测试通知${cjk(3)}`, body: '正文', dedupeKey: `target:${cjk(6)}` });
  const jobId = `deliver:${id}:webhook-${hookId}`;
  const state = await waitForState(t.app, JobName.DeliverNotification, jobId, ['completed', 'failed']);
  const job = await waitForJob(t.app, JobName.DeliverNotification, jobId);
  const [row] = await t.db.query('SELECT status, last_error FROM notification_deliveries WHERE notification_id = $1', [id]);
  return { state: state as string, reason: job.failedReason ?? '', row };
}

describe('webhook targets, as deployed (no opt-in)', () => {
  let t: TestApp;
  let crm: CrmFactory;
  let dns: Map<string, string[]>;
  beforeAll(async () => {
    t = await createTestApp({ APP_ROLE: 'all' });
    crm = new CrmFactory(t, new Factory(t));
    dns = fakeDns(t);
  });
  afterAll(() => t?.close());

  it('refuses every spelling of loopback, private, link-local, CGNAT, multicast and reserved addresses, naming url, keeping nothing', async () => {
    const api = await signedIn(t, await crm.f.user());
    const urls = [
      ...INSIDE.flatMap((a) => spellings(a).map((host) => `http://${host}/hook`)),
      ...['[::1]', '[::]', '[0:0:0:0:0:0:0:1]', '[fc00::1]', '[fd00:ec2::254]', '[fe80::1]', '[FE80::abcd]', '[ff02::1]', '[64:ff9b::a9fe:a9fe]'].map((h) => `https://${h}/x`),
      ...['localhost', 'LOCALHOST', 'localhost.', 'api.localhost', 'metadata.google.internal', 'redis', 'postgres.', 'printer.local'].map((h) => `http://${h}/hook`),
      // Internal service ports on a public host.
      ...[22, 25, 2375, 3306, 5432, 6379, 9200, 11211, 27017].map((port) => `http://hooks.example.cn:${port}/`),
      'http://127.0.0.1:3000/api/v1/auth/login',
    ];
    const answers = [];
    for (const url of urls) answers.push({ url, res: await api.post('/notifications/webhooks').send({ url }) });
    const wrong = answers.filter(({ res }) => res.status !== 400 || res.body.code !== 'WEBHOOK_TARGET_FORBIDDEN' || res.body.details?.[0]?.field !== 'url');
    expect(wrong.map(({ url, res }) => `${url}: ${res.status} ${JSON.stringify(res.body)}`)).toEqual([]);
    expect(answers.length).toBeGreaterThan(200);
    expect(answers[0]?.res.body.message).toMatch(/^Webhook 地址不可用：不能发往/);
    expect((await api.get('/notifications/webhooks')).body).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM audit_log WHERE entity = 'webhook' AND actor_id = $1`, [api.user.id])).toEqual([]);
  });

  it('refuses credentials and other schemes as invalid input, naming url', async () => {
    const api = await signedIn(t, await crm.f.user());
    for (const url of ['http://user:pw@hooks.example.cn/', 'http://hooks.example.cn@127.0.0.1/', 'gopher://hooks.example.cn:70/_', 'file:///etc/passwd', 'ftp://hooks.example.cn/']) {
      expectAppError(await api.post('/notifications/webhooks').send({ url }), 400, 'VALIDATION_FAILED', 'url');
    }
  });

  it('a host name that resolves inside is refused at registration; a public one is accepted', async () => {
    const api = await signedIn(t, await crm.f.user());
    dns.set('inside.example.cn', ['8.8.8.8', '10.1.2.3']);
    dns.set('meta.example.cn', ['169.254.169.254']);
    dns.set('six.example.cn', ['fd00::5']);
    for (const host of ['inside.example.cn', 'meta.example.cn', 'six.example.cn']) {
      const res = await api.post('/notifications/webhooks').send({ url: `https://${host}/hook` });
      expectAppError(res, 400, 'WEBHOOK_TARGET_FORBIDDEN', 'url');
      expect(res.body.message).toContain(host);
    }
    dns.set('public.example.cn', ['114.114.114.114']);
    expect((await api.post('/notifications/webhooks').send({ url: 'https://public.example.cn/hook' })).status).toBe(201);
  });

  it('DNS changed after registration: the delivery checks again and fails for good, sending nothing', async () => {
    const user = await crm.f.user();
    const api = await signedIn(t, user);
    dns.set('rebind.example.cn', ['8.8.8.8']);
    const hook = await api.post('/notifications/webhooks').send({ url: 'http://rebind.example.cn/hook' });
    expect(hook.status).toBe(201);
    expect((await api.put('/notifications/preferences/follow_up_due').send({ channels: ['in_app', 'webhook'] })).status).toBe(200);
    dns.set('rebind.example.cn', ['127.0.0.1']);
    const { state, reason, row } = await deliverOnce(t, user.id, hook.body.id);
    expect(state).toBe('failed');
    expect(reason).toMatch(/^webhook target refused: .*127\.0\.0\.1/);
    expect(row).toMatchObject({ status: 'failed', last_error: reason });
  });

  it('a webhook stored before these rules (cloud metadata) is refused at delivery', async () => {
    const user = await crm.f.user();
    const api = await signedIn(t, user);
    dns.set('ok.example.cn', ['8.8.8.8']);
    const hook = await api.post('/notifications/webhooks').send({ url: 'https://ok.example.cn/hook' });
    expect(hook.status).toBe(201);
    await t.db.query('UPDATE webhook_endpoints SET url = $2 WHERE id = $1', [hook.body.id, 'http://0xa9fea9fe/latest/meta-data/']);
    expect((await api.put('/notifications/preferences/follow_up_due').send({ channels: ['webhook'] })).status).toBe(200);
    const { state, reason } = await deliverOnce(t, user.id, hook.body.id);
    expect(state).toBe('failed');
    expect(reason).toContain('元数据');
  });
});

describe('webhook targets with the opt-in for a local receiver', () => {
  let t: TestApp;
  let crm: CrmFactory;
  let dns: Map<string, string[]>;
  let stub: HttpStub;
  beforeAll(async () => {
    stub = await startHttpStub();
    t = await createTestApp({ APP_ROLE: 'all', ...LOCAL_WEBHOOK_RECEIVERS });
    crm = new CrmFactory(t, new Factory(t));
    dns = fakeDns(t);
  });
  afterAll(async () => {
    await t?.close();
    await stub?.close();
  });

  it('the delivery connects to the address the resolver gave, and sends the host name the member registered', async () => {
    const user = await crm.f.user();
    const api = await signedIn(t, user);
    const port = new URL(stub.url).port;
    dns.set('receiver.example.cn', ['127.0.0.1']);
    const hook = await api.post('/notifications/webhooks').send({ url: `http://receiver.example.cn:${port}/hook` });
    expect(hook.status).toBe(201);
    expect((await api.put('/notifications/preferences/follow_up_due').send({ channels: ['webhook'] })).status).toBe(200);
    const { state } = await deliverOnce(t, user.id, hook.body.id);
    expect(state).toBe('completed');
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]?.headers.host).toBe(`receiver.example.cn:${port}`);
    expect(stub.requests[0]?.url).toBe('/hook');
  });
});
