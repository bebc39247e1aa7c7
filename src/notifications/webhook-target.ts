import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import ipaddr from 'ipaddr.js';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Why a webhook target was refused: a Chinese sentence for the member, also the job's failure reason. */
export class WebhookTargetRefused extends Error {
  constructor(
    readonly reason: string,
    /** 'form': not an acceptable URL at all; 'target': a URL, but not a place webhooks may go. */
    readonly kind: 'form' | 'target' = 'target',
  ) {
    super(reason);
    this.name = 'WebhookTargetRefused';
  }
}

/** How long registration waits for DNS before it leaves the check to the delivery. */
const REGISTRATION_DNS_TIMEOUT_MS = 3_000;

/** Names that mean "this machine" or a private network whatever DNS says. */
const LOCAL_SUFFIXES = ['localhost', 'localdomain', 'local', 'internal', 'intranet', 'lan', 'home.arpa', 'corp', 'home'];

/** The IPv4 ranges ipaddr.js names that a webhook may reach: only ordinary unicast. */
const V4_REFUSED: Record<string, string> = {
  unspecified: '0.0.0.0/8 未指定地址',
  broadcast: '广播地址',
  multicast: '组播地址',
  linkLocal: '链路本地地址（含云服务器元数据地址 169.254.169.254）',
  loopback: '本机回环地址',
  carrierGradeNat: '运营商级 NAT 地址（100.64.0.0/10）',
  private: '内网地址（10/8、172.16/12、192.168/16）',
  reserved: '保留地址',
  as112: '保留地址',
  amt: '保留地址',
};

/**
 * Why `address` (an IPv4 or IPv6 literal) may not receive webhooks, or null when it may.
 * Classification is ipaddr.js's (IANA special-purpose registries); IPv6 forms that carry an
 * IPv4 address (mapped, NAT64, 6to4, IPv4-compatible) are judged by that address.
 */
export function addressRefusal(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return '不是有效的 IP 地址';
  }
  if (parsed.kind() === 'ipv4') {
    const range = (parsed as ipaddr.IPv4).range();
    return range === 'unicast' ? null : (V4_REFUSED[range] ?? '保留地址');
  }
  const v6 = parsed as ipaddr.IPv6;
  const parts = v6.parts;
  const embedded = () => ipaddr.IPv4.parse(`${parts[6]! >> 8}.${parts[6]! & 255}.${parts[7]! >> 8}.${parts[7]! & 255}`);
  const via = (v4: ipaddr.IPv4) => {
    const inner = addressRefusal(v4.toString());
    return inner ? `${inner}（以 IPv6 形式书写）` : null;
  };
  const range = v6.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145') return via(embedded());
  // 64:ff9b::/96 is the well-known NAT64 prefix (public IPv4 seen from an IPv6-only network);
  // 64:ff9b:1::/48 is for local translators, whose embedding is the network's own choice.
  if (range === 'rfc6052') return v6.match(ipaddr.IPv6.parse('64:ff9b::'), 96) ? via(embedded()) : 'NAT64 本地转换地址';
  if (range === '6to4') return via(ipaddr.IPv4.parse(`${parts[1]! >> 8}.${parts[1]! & 255}.${parts[2]! >> 8}.${parts[2]! & 255}`));
  if (range === 'loopback') return '本机回环地址（::1）';
  if (range === 'unspecified') return '未指定地址（::）';
  if (range === 'uniqueLocal') return '内网地址（fc00::/7）';
  if (range === 'linkLocal') return '链路本地地址（fe80::/10）';
  if (range === 'multicast') return '组播地址';
  if (range !== 'unicast') return '保留地址';
  // ::a.b.c.d, the deprecated IPv4-compatible form, which ipaddr.js files under unicast.
  if (parts.slice(0, 6).every((p) => p === 0)) return via(embedded());
  return null;
}

/** DNS for webhook targets: the one place a test makes a host name resolve elsewhere (jest.spyOn). */
@Injectable()
export class WebhookResolver {
  async lookup(hostname: string): Promise<ResolvedAddress[]> {
    const found = await dnsLookup(hostname, { all: true, verbatim: true });
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Where webhooks may post. A URL is checked when it is registered and again before every
 * delivery: the scheme (http or https), no user name or password in it, the port
 * (WEBHOOK_ALLOWED_PORTS), the host allow-list (WEBHOOK_ALLOWED_HOSTS) and every address the
 * host resolves to — unless WEBHOOK_ALLOW_PRIVATE, none loopback, private, link-local or
 * otherwise special. At delivery the connection goes to exactly the address checked
 * (`lookupFor`), so a name cannot resolve to a public address for the check and an inner one
 * for the connection.
 */
@Injectable()
export class WebhookTargetPolicy {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly resolver: WebhookResolver,
  ) {}

  /** The URL parsed, if its form, port and host are acceptable; no DNS. Throws WebhookTargetRefused. */
  checkUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookTargetRefused('不是有效的网址', 'form');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetRefused('只能使用 http 或 https 地址', 'form');
    if (url.username || url.password) throw new WebhookTargetRefused('网址中不能包含用户名或密码', 'form');
    const { allowedPorts, allowedHosts, allowPrivate } = this.config.webhooks;
    const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
    if (allowedPorts !== 'any' && !allowedPorts.includes(port)) throw new WebhookTargetRefused(`端口 ${port} 不在允许范围内（允许 ${allowedPorts.join('、')}）`);
    const host = hostOf(url);
    if (allowedHosts && !allowedHosts.some((h) => (h.startsWith('*.') ? host.endsWith(h.slice(1)) : host === h))) {
      throw new WebhookTargetRefused(`只允许发往以下主机：${allowedHosts.join('、')}`);
    }
    if (allowPrivate) return url;
    if (isIP(host)) {
      const refusal = addressRefusal(host);
      if (refusal) throw new WebhookTargetRefused(`不能发往${refusal}`);
      return url;
    }
    if (!host.includes('.')) throw new WebhookTargetRefused('主机名必须是完整域名（内部服务名不可用）');
    if (LOCAL_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`))) throw new WebhookTargetRefused('不能发往本机或内网域名');
    return url;
  }

  /**
   * At registration: the URL's checks, then the addresses its host resolves to now. A name
   * that does not resolve (yet, or not from here) is accepted: the delivery checks again.
   */
  async checkRegistration(raw: string): Promise<URL> {
    const url = this.checkUrl(raw);
    const host = hostOf(url);
    if (this.config.webhooks.allowPrivate || isIP(host)) return url;
    let addresses: ResolvedAddress[];
    try {
      addresses = await withTimeout(this.resolver.lookup(host), REGISTRATION_DNS_TIMEOUT_MS);
    } catch {
      return url;
    }
    this.checkAddresses(host, addresses);
    return url;
  }

  /**
   * A `lookup` for http(s).request: resolves through WebhookResolver, refuses the whole host
   * if any address is not allowed, and hands the connection exactly the addresses checked.
   * (A literal IP host never reaches it: checkUrl has judged it.)
   */
  lookupFor(): (hostname: string, options: LookupOptions, callback: LookupCallback) => void {
    return (hostname, options, callback) => {
      this.resolver.lookup(hostname).then(
        (found) => {
          try {
            const addresses = this.checkAddresses(hostname, options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found);
            if (options.all) callback(null, addresses);
            else callback(null, addresses[0]!.address, addresses[0]!.family);
          } catch (err) {
            callback(err as NodeJS.ErrnoException, '');
          }
        },
        (err: NodeJS.ErrnoException) => callback(err, ''),
      );
    };
  }

  private checkAddresses(host: string, addresses: ResolvedAddress[]): ResolvedAddress[] {
    if (addresses.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
    if (this.config.webhooks.allowPrivate) return addresses;
    for (const a of addresses) {
      const refusal = addressRefusal(a.address);
      if (refusal) throw new WebhookTargetRefused(`主机 ${host} 解析到${refusal}（${a.address}），不能发往`);
    }
    return addresses;
  }
}

/** The URL's host, lower-case, without IPv6 brackets or a trailing dot. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
