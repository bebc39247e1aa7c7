/* global process, console */
// npm run bench:web — issue 18's web row: how long a phone takes until the first screen is usable
// (sign-in form, a member's 今日, a manager's board), on Chromium's network and CPU throttling,
// cold cache and warm cache, against the 1.5 s target. A printed figure, never an assertion.
// Run through web/e2e/run.mjs, which builds and starts the service on a seeded scratch database.
import { after, before, it } from 'node:test';
import { BASE, launch, newPage, PHONE, signIn } from '../../web/e2e/helpers.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET_MS = 1500;

/**
 * Throttling profiles, as numbers rather than preset names (presets change between Chrome versions).
 * 'slow 4G' is Lighthouse's mobile default (150 ms RTT, 1.6 Mbps down, 4× CPU slowdown); '4G' a
 * common city 4G connection (60 ms RTT, 9 Mbps down) on the same slowed-down phone CPU.
 */
const PROFILES = [
  { name: 'slow 4G (150 ms RTT, 1.6 Mbps, 4× CPU)', latency: 150, down: 1.6e6, up: 0.75e6, cpu: 4 },
  { name: '4G (60 ms RTT, 9 Mbps, 4× CPU)', latency: 60, down: 9e6, up: 1.5e6, cpu: 4 },
];

/** Each first screen: who signs in (none for the sign-in page), where, and what appearing means usable. */
const SCREENS = [
  { name: 'sign-in', path: '/login', ready: (page) => page.getByLabel('用户名').waitFor({ state: 'visible' }) },
  { name: '今日 (member)', user: ['liuhongmei', 'Member@2022', '/today'], path: '/today', ready: (page) => page.getByTestId('follow-ups').waitFor({ state: 'visible' }) },
  {
    name: 'board (manager)',
    user: ['manager-city', process.env.BENCH_MANAGER_PASSWORD ?? 'Manager@2022', '/pipeline'],
    path: '/pipeline',
    ready: (page) => page.getByTestId('lead-card').first().waitFor({ state: 'visible' }),
  },
];

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

/** One visit: a fresh phone context (signed in unthrottled if the screen needs it), then the throttled navigation timed. */
async function visit(screen, profile, warm) {
  const page = await newPage(browser, PHONE);
  try {
    if (screen.user) await signIn(page, ...screen.user);
    else await page.goto(`${BASE}/login`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    if (!warm) await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latency,
      downloadThroughput: profile.down / 8,
      uploadThroughput: profile.up / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
    const started = Date.now();
    await page.goto(`${BASE}${screen.path}`, { waitUntil: 'commit' });
    await screen.ready(page);
    return { ms: Date.now() - started, bytes };
  } finally {
    await page.context().close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

it(`first screens on a throttled phone, ${ROUNDS} rounds each`, { timeout: 30 * 60_000 }, async () => {
  const lines = [];
  for (const profile of PROFILES) {
    for (const screen of SCREENS) {
      for (const warm of [false, true]) {
        const runs = [];
        for (let i = 0; i < ROUNDS; i++) runs.push(await visit(screen, profile, warm));
        const ms = runs.map((r) => r.ms);
        const m = median(ms);
        const kb = median(runs.map((r) => r.bytes)) / 1024;
        lines.push(
          `${m <= TARGET_MS ? '✓' : '✗'} ${screen.name.padEnd(16)} ${(warm ? 'warm cache' : 'cold cache').padEnd(10)} ${profile.name}: ` +
            `median ${m} ms, max ${Math.max(...ms)} ms, ${kb.toFixed(0)} KB transferred (target usable < ${TARGET_MS} ms)`,
        );
        console.log(lines[lines.length - 1]);
      }
    }
  }
  console.log(['', 'web first screen (usable = the screen\'s first content visible):', ...lines].join('\n'));
});
