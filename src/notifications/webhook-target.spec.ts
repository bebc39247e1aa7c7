import type { LookupAddress } from 'node:dns';
import { AppConfig } from '../config/app-config';
import { addressRefusal, ResolvedAddress, WebhookResolver, WebhookTargetPolicy, WebhookTargetRefused } from './webhook-target';

// ---- an independent account of what is inside: hand-written CIDRs, plain integer arithmetic

type V4 = [number, number, number, number];

/** [first octets, prefix length] of every IPv4 block a webhook may not reach. */
const INSIDE_V4: Array<[V4, number, string]> = [
  [[0, 0, 0, 0], 8, 'this network'],
  [[10, 0, 0, 0], 8, 'private'],
  [[100, 64, 0, 0], 10, 'CGNAT'],
  [[127, 0, 0, 0], 8, 'loopback'],
  [[169, 254, 0, 0], 16, 'link-local / metadata'],
  [[172, 16, 0, 0], 12, 'private'],
  [[192, 0, 0, 0], 24, 'IETF protocol assignments'],
  [[192, 0, 2, 0], 24, 'documentation'],
  [[192, 168, 0, 0], 16, 'private'],
  [[198, 18, 0, 0], 15, 'benchmarking'],
  [[198, 51, 100, 0], 24, 'documentation'],
  [[203, 0, 113, 0], 24, 'documentation'],
  [[224, 0, 0, 0], 4, 'multicast'],
  [[240, 0, 0, 0], 4, 'reserved + broadcast'],
];

const toInt = (a: V4) => ((a[0] << 24) | (a[1] << 16) | (a[2] << 8) | a[3]) >>> 0;
const fromInt = (n: number): V4 => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const isInside = (a: V4) => INSIDE_V4.some(([base, bits]) => toInt(a) >>> (32 - bits) === toInt(base) >>> (32 - bits));

/** A seeded generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(20240612);
const pick = (n: number) => Math.floor(rand() * n);

/** `count` addresses inside each block, its first and last included. */
function insideSamples(count: number): V4[] {
  const out: V4[] = [];
  for (const [base, bits] of INSIDE_V4) {
    const size = 2 ** (32 - bits);
    out.push(fromInt(toInt(base)), fromInt(toInt(base) + size - 1));
    for (let i = 0; i < count; i++) out.push(fromInt(toInt(base) + pick(size)));
  }
  return out;
}

/** Public addresses: random ones outside every block (and not next to one: first octets well clear). */
function publicSamples(count: number): V4[] {
  const out: V4[] = [[8, 8, 8, 8], [114, 114, 114, 114], [1, 1, 1, 1], [223, 5, 5, 5]];
  const clear = [1, 2, 8, 11, 36, 39, 42, 58, 59, 60, 61, 101, 106, 110, 111, 112, 114, 116, 117, 119, 120, 121, 122, 123, 124, 125, 180, 182, 183, 202, 210, 211, 218, 219, 220, 221, 222, 223];
  while (out.length < count) {
    const a: V4 = [clear[pick(clear.length)]!, pick(256), pick(256), pick(256)];
    if (!isInside(a)) out.push(a);
  }
  return out;
}

const hex = (n: number) => n.toString(16);
const hex4 = (hi: number, lo: number) => hex((hi << 8) | lo);
const FULLWIDTH = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace(/\./g, '。');

/** The ways a URL can spell one IPv4 address (WHATWG URL reads them all as that address). */
function v4Hosts(a: V4): string[] {
  const [p, q, r, s] = a;
  const n = toInt(a);
  const dotted = a.join('.');
  return [
    dotted,
    `${dotted}.`,
    String(n),
    `0x${hex(n)}`,
    `0X${hex(n).toUpperCase()}`,
    `0${n.toString(8)}`,
    a.map((x) => `0x${hex(x)}`).join('.'),
    a.map((x) => `0${x.toString(8)}`).join('.'),
    `${p}.${q}.${(r << 8) | s}`,
    `${p}.${(q << 16) | (r << 8) | s}`,
    `0x${hex(p)}.${q}.${r}.${s}`,
    `${p}.0x${hex(q)}.0${r.toString(8)}.${s}`,
    [...dotted].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(''),
    FULLWIDTH(dotted),
    `[::ffff:${dotted}]`,
    `[::ffff:${hex4(p, q)}:${hex4(r, s)}]`,
    `[0:0:0:0:0:FFFF:${dotted}]`,
    `[64:ff9b::${dotted}]`,
    `[64:ff9b::${hex4(p, q)}:${hex4(r, s)}]`,
    `[2002:${hex4(p, q)}:${hex4(r, s)}::1]`,
    `[::${dotted}]`,
  ];
}

const V6_INSIDE = ['::1', '::', '0:0:0:0:0:0:0:1', '0000:0000:0000:0000:0000:0000:0000:0001', 'fc00::1', 'fd12:3456:789a::1', 'FDFF:FFFF::', 'fe80::1', 'fe80::a:b:c:d', 'febf:ffff::1', 'ff02::1', 'ff05::1:3', '2001:db8::1', '64:ff9b:1::a00:1', '100::1', '2001::1'];
const V6_PUBLIC = ['2400:cb00::1', '240e:e9:6000::1', '2408:8000::1', '2001:4860:4860::8888', '64:ff9b::808:808', '2002:808:808::1'];

function config(webhooks: Partial<AppConfig['webhooks']> = {}): AppConfig {
  return { webhooks: { allowedHosts: null, allowPrivate: false, allowedPorts: [80, 443, 8080, 8443], ...webhooks } } as AppConfig;
}

class FakeResolver extends WebhookResolver {
  answers = new Map<string, ResolvedAddress[] | Error>();
  override async lookup(hostname: string): Promise<ResolvedAddress[]> {
    const answer = this.answers.get(hostname);
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    if (answer instanceof Error) throw answer;
    return answer;
  }
  set(host: string, ...addresses: string[]) {
    this.answers.set(host, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  }
}

const policy = (webhooks: Partial<AppConfig['webhooks']> = {}, resolver = new FakeResolver()) => new WebhookTargetPolicy(config(webhooks), resolver);

/** What checkUrl makes of a URL: 'ok', 'form' or 'target'. */
function verdict(p: WebhookTargetPolicy, url: string): string {
  try {
    p.checkUrl(url);
    return 'ok';
  } catch (err) {
    if (err instanceof WebhookTargetRefused) return err.kind;
    throw err;
  }
}

describe('addressRefusal', () => {
  it.each([
    ['127.0.0.1', '回环'],
    ['169.254.169.254', '元数据'],
    ['10.1.2.3', '内网'],
    ['100.64.0.1', '运营商级'],
    ['0.0.0.0', '未指定'],
    ['224.0.0.251', '组播'],
    ['255.255.255.255', '广播'],
    ['::1', '回环'],
    ['::ffff:127.0.0.1', '回环'],
    ['64:ff9b::a9fe:a9fe', '元数据'],
    ['2002:c0a8:101::1', '内网'],
    ['fe80::1%eth0', '链路本地'],
  ])('%s is refused as %s', (address, word) => {
    expect(addressRefusal(address)).toContain(word);
  });

  it('refuses every generated IPv4 address inside, as IPv4 and in its IPv6 forms; allows public ones', () => {
    const inside = insideSamples(40);
    const outside = publicSamples(400);
    const wrong: string[] = [];
    for (const a of inside) {
      const [p, q, r, s] = a;
      for (const form of [a.join('.'), `::ffff:${a.join('.')}`, `64:ff9b::${hex4(p, q)}:${hex4(r, s)}`, `2002:${hex4(p, q)}:${hex4(r, s)}::`, `::${a.join('.')}`]) {
        if (addressRefusal(form) === null) wrong.push(`${form} allowed`);
      }
    }
    for (const a of outside) {
      const [p, q, r, s] = a;
      for (const form of [a.join('.'), `::ffff:${a.join('.')}`, `64:ff9b::${hex4(p, q)}:${hex4(r, s)}`, `2002:${hex4(p, q)}:${hex4(r, s)}::`]) {
        if (addressRefusal(form) !== null) wrong.push(`${form} refused: ${addressRefusal(form)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(inside.length).toBeGreaterThan(500);
  });

  it.each(V6_INSIDE)('refuses %s', (address) => expect(addressRefusal(address)).not.toBeNull());
  it.each(V6_PUBLIC)('allows %s', (address) => expect(addressRefusal(address)).toBeNull());
});

describe('WebhookTargetPolicy.checkUrl', () => {
  const p = policy();

  it('refuses every spelling of every generated inside address, and allows the same spellings of public ones', () => {
    const wrong: string[] = [];
    let cases = 0;
    for (const a of insideSamples(12)) {
      for (const host of v4Hosts(a)) {
        for (const url of [`http://${host}/hook`, `https://${host}:8443/x?y=1`]) {
          cases++;
          if (verdict(p, url) !== 'target') wrong.push(`${url} (${a.join('.')}): ${verdict(p, url)}`);
        }
      }
    }
    for (const a of publicSamples(60)) {
      // ::a.b.c.d is deprecated whatever it holds: refused even for a public address.
      for (const host of v4Hosts(a).filter((h) => !h.startsWith('[::') || h.startsWith('[::ffff'))) {
        cases++;
        if (verdict(p, `https://${host}/hook`) !== 'ok') wrong.push(`https://${host}/hook (${a.join('.')}) refused`);
      }
    }
    expect(wrong).toEqual([]);
    expect(cases).toBeGreaterThan(5000);
  });

  it('refuses IPv6 literals inside, in any case and with zeros written out', () => {
    const wrong = [...V6_INSIDE, ...V6_INSIDE.map((a) => a.toUpperCase())]
      .map((a) => `http://[${a.replace(/%.*/, '')}]/hook`)
      .filter((url) => verdict(p, url) !== 'target');
    expect(wrong).toEqual([]);
    expect(V6_PUBLIC.map((a) => verdict(p, `https://[${a}]/hook`))).toEqual(V6_PUBLIC.map(() => 'ok'));
  });

  it.each([
    'http://localhost/hook',
    'http://LOCALHOST:8080/',
    'http://localhost./hook',
    'http://api.localhost/hook',
    'http://a.b.localhost./x',
    'http://printer.local/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://redis/',
    'http://postgres./',
    'http://kubernetes/',
    'http://nas.lan/hook',
    'http://router.home.arpa/',
    'http://localhost.localdomain/',
  ])('refuses the local name in %s', (url) => expect(verdict(p, url)).toBe('target'));

  it.each([
    ['http://example.cn:22/hook', 'target'],
    ['http://example.cn:6379/', 'target'],
    ['http://example.cn:5432/', 'target'],
    ['http://example.cn:9200/', 'target'],
    ['https://example.cn:444/', 'target'],
    ['http://example.cn:65535/', 'target'],
    ['http://example.cn/', 'ok'],
    ['http://example.cn:80/', 'ok'],
    ['https://example.cn:443/', 'ok'],
    ['http://example.cn:8080/', 'ok'],
    ['https://example.cn:8443/', 'ok'],
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', 'ok'],
    ['https://oapi.dingtalk.com./robot/send?access_token=x', 'ok'],
    ['ftp://example.cn/hook', 'form'],
    ['file:///etc/passwd', 'form'],
    ['gopher://example.cn:70/_x', 'form'],
    ['javascript:alert(1)', 'form'],
    ['data:text/plain,x', 'form'],
    ['ws://example.cn/', 'form'],
    ['example.cn/hook', 'form'],
    ['', 'form'],
    ['http://', 'form'],
    ['http://user:pw@example.cn/', 'form'],
    ['http://user@example.cn/', 'form'],
    ['http://:pw@example.cn/', 'form'],
    ['http://example.cn@127.0.0.1/', 'form'],
  ])('%s: %s', (url, expected) => expect(verdict(p, url)).toBe(expected));

  it('with an allow-list, only its hosts (and *. subdomains), which must still be public addresses', () => {
    const listed = policy({ allowedHosts: ['qyapi.weixin.qq.com', 'oapi.dingtalk.com', '*.example.cn'] });
    expect(verdict(listed, 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=1')).toBe('ok');
    expect(verdict(listed, 'https://QYAPI.weixin.qq.com./x')).toBe('ok');
    expect(verdict(listed, 'https://oapi.dingtalk.com/robot/send')).toBe('ok');
    expect(verdict(listed, 'https://hooks.example.cn/x')).toBe('ok');
    expect(verdict(listed, 'https://a.b.example.cn/x')).toBe('ok');
    for (const url of ['https://example.cn/x', 'https://evil.com/x', 'https://qyapi.weixin.qq.com.evil.com/', 'https://xqyapi.weixin.qq.com/', 'https://evilexample.cn/', 'https://8.8.8.8/']) {
      expect([url, verdict(listed, url)]).toEqual([url, 'target']);
    }
  });

  it('WEBHOOK_ALLOW_PRIVATE lets loopback, private and local names through (tests, intranets)', () => {
    const open = policy({ allowPrivate: true, allowedPorts: 'any' });
    for (const url of ['http://127.0.0.1:39123/hook', 'http://localhost:3001/', 'http://10.0.0.5/', 'http://[::1]:8080/', 'http://redis:8080/']) {
      expect([url, verdict(open, url)]).toEqual([url, 'ok']);
    }
    // Never a different scheme or credentials.
    expect(verdict(open, 'file:///etc/passwd')).toBe('form');
    expect(verdict(open, 'http://u:p@127.0.0.1/')).toBe('form');
  });
});

describe('WebhookTargetPolicy with DNS', () => {
  it('registration refuses a name that resolves inside (any of its addresses), accepts public and unresolvable ones', async () => {
    const dns = new FakeResolver();
    const p = policy({}, dns);
    dns.set('public.example.cn', '8.8.8.8', '2400:cb00::1');
    dns.set('inside.example.cn', '10.0.0.7');
    dns.set('mixed.example.cn', '8.8.8.8', '169.254.169.254');
    dns.set('mapped.example.cn', '::ffff:127.0.0.1');
    dns.answers.set('slow.example.cn', new Error('ETIMEOUT'));
    await expect(p.checkRegistration('https://public.example.cn/x')).resolves.toBeInstanceOf(URL);
    await expect(p.checkRegistration('https://inside.example.cn/x')).rejects.toThrow(/内网.*10\.0\.0\.7/);
    await expect(p.checkRegistration('https://mixed.example.cn/x')).rejects.toThrow(/169\.254\.169\.254/);
    await expect(p.checkRegistration('https://mapped.example.cn/x')).rejects.toThrow(/回环/);
    await expect(p.checkRegistration('https://slow.example.cn/x')).resolves.toBeInstanceOf(URL);
    await expect(p.checkRegistration('https://nowhere.example.cn/x')).resolves.toBeInstanceOf(URL);
  });

  it('every generated inside address behind a name is refused when the connection looks it up', async () => {
    const dns = new FakeResolver();
    const lookup = policy({}, dns).lookupFor();
    const ask = (host: string, all: boolean) =>
      new Promise<{ err: Error | null; addresses: string | LookupAddress[] }>((resolve) => lookup(host, { all }, (err, addresses) => resolve({ err, addresses })));
    const wrong: string[] = [];
    for (const a of insideSamples(5)) {
      dns.set('rebind.example.cn', a.join('.'));
      const { err } = await ask('rebind.example.cn', true);
      if (!(err instanceof WebhookTargetRefused)) wrong.push(a.join('.'));
    }
    expect(wrong).toEqual([]);

    // Public: the connection gets exactly the addresses that were checked, in both call styles.
    dns.set('public.example.cn', '8.8.4.4', '2001:4860:4860::8844');
    expect((await ask('public.example.cn', true)).addresses).toEqual([
      { address: '8.8.4.4', family: 4 },
      { address: '2001:4860:4860::8844', family: 6 },
    ]);
    expect((await ask('public.example.cn', false)).addresses).toBe('8.8.4.4');
    expect((await ask('nowhere.example.cn', true)).err).toMatchObject({ code: 'ENOTFOUND' });
  });
});
