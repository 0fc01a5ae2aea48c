/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * `npm run bench:ui`: the UI's speed on generated fleets of 14, 200 and 1,000 seats (teams of eight,
 * bench/teamFleet.ts), each served by the real `seatmap serve` and driven in Debian's Chromium, beside
 * a bare React Flow page with the same number of nodes and drawn edges, built and measured in the
 * same run, so the ratios hold on any machine. Printed, never asserted (docs: README, Performance).
 *
 * Figures: ready (navigation → first seats drawn), drag frame p50/p95 and long tasks during one drag,
 * append → paint (a line appended to an inbox file → the count on screen changed and painted).
 *
 * Then the service's share: exact counts of a 200k-message inbox beside a bare JSON.parse of it
 * (bench/serviceFigures.ts; `npm run bench:counts` runs only that).
 *
 * Env: BENCH_SIZES=14,200,1000 · BENCH_MESSAGES_PER_SEAT=100 · BENCH_SERVICE=0 (skip) · CHROMIUM_PATH.
 */
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { cpus, totalmem, tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { writeFleet } from '../service/demo/writeFleet';
import { exactCountFigures, printExactCounts } from './serviceFigures';
import { chromiumPath, measureDrag, PER_SEAT, quantile, REPO, serveFleet, SIZES, sleep } from './benchBrowser';
import { generateTeamFleet } from './teamFleet';

const APPENDS = 8;


interface Figures {
  readyMs: number;
  dragP50: number;
  dragP95: number;
  longTasks: number;
  appendP50: number;
  appendP95: number;
  /** Append → the patch frame reaching the page's WebSocket (the service's share of append → paint). */
  patchP50: number;
  nodes: number;
  edges: number;
}


async function buildBarePage(): Promise<string> {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  const outDir = await mkdtemp(join(tmpdir(), 'seatmap-bench-bare-'));
  await build({ root: join(REPO, 'bench', 'bare'), base: './', plugins: [react()], logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  return outDir;
}

function serveStatic(dir: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = resolve(dir, `.${path === '/' ? '/index.html' : path}`);
    if (!file.startsWith(dir)) return void res.writeHead(404).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

/** tsx names the functions it compiles (`__name(fn, "tick")`); page scripts need that helper too. */
async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript('window.__name = (fn) => fn;');
  return page;
}

/** Navigation → the first node drawn (measured, visible), in the page's own clock. */
async function measureReady(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    () => {
      const node = document.querySelector('.react-flow__node');
      if (!node || getComputedStyle(node).visibility === 'hidden' || node.getBoundingClientRect().width === 0) return null;
      return performance.now();
    },
    undefined,
    { polling: 'raf', timeout: 120_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Resolves with the page's Date.now() at the first frame after `selector`'s text changed. */
function watchText(page: Page, selector: string): Promise<number> {
  return page.evaluate(
    (sel) =>
      new Promise<number>((done) => {
        const el = document.querySelector(sel);
        if (!el) throw new Error(`nothing at ${sel}`);
        const before = el.textContent;
        const observer = new MutationObserver(() => {
          const now = document.querySelector(sel);
          if (now?.textContent === before) return;
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => done(Date.now()), 0));
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      }),
    selector,
  );
}

async function counts(page: Page): Promise<{ nodes: number; edges: number }> {
  return page.evaluate(() => ({
    nodes: document.querySelectorAll('.react-flow__node:not(.react-flow__node-frame)').length,
    edges: document.querySelectorAll('.react-flow__edge').length,
  }));
}

async function measureSeatmap(browser: Browser, seats: number): Promise<Figures> {
  const fleet = generateTeamFleet({ seats, messages: seats * PER_SEAT, now: Date.now() });
  const dir = await mkdtemp(join(tmpdir(), `seatmap-bench-ui-${seats}-`));
  await writeFleet(dir, fleet.files);
  const { url, stop } = await serveFleet(dir);
  const page = await newPage(browser);
  try {
    const readyMs = await measureReady(page, url);
    await sleep(1500);
    const drawn = await counts(page);
    const drag = await measureDrag(page, '.react-flow__node:not(.react-flow__node-frame)');
    await sleep(500);
    const collapsed = (await page.locator(`[data-testid="group-unread-${fleet.appendTo.group}"]`).count()) > 0;
    const selector = collapsed ? `[data-testid="group-unread-${fleet.appendTo.group}"]` : `[data-testid="inbox-${fleet.appendTo.to}"]`;
    const appends: number[] = [];
    const patches: number[] = [];
    /** Date.now() of the first WebSocket frame after the last append. */
    let lastFrame = -1;
    page.on('websocket', (ws) => ws.on('framereceived', () => {
      if (lastFrame === 0) lastFrame = Date.now();
    }));
    await page.reload();
    await page.locator(selector).waitFor({ timeout: 120_000 });
    await sleep(1500);
    for (let i = 0; i < APPENDS; i++) {
      const painted = watchText(page, selector);
      await sleep(50);
      lastFrame = 0;
      const sent = Date.now();
      const message = { id: `bench-${Date.now()}-${i}`, ts: new Date().toISOString(), from: fleet.appendTo.from, to: fleet.appendTo.to, type: 'INFORM', subject: 'bench', body: 'x' };
      await appendFile(join(dir, 'inbox', `${fleet.appendTo.to}.jsonl`), `${JSON.stringify(message)}\n`);
      appends.push((await painted) - sent);
      if (lastFrame >= sent) patches.push(lastFrame - sent);
      await sleep(200);
    }
    return { readyMs, dragP50: drag.p50, dragP95: drag.p95, longTasks: drag.longTasks, appendP50: quantile(appends, 0.5), appendP95: quantile(appends, 0.95), patchP50: quantile(patches, 0.5), ...drawn };
  } finally {
    await page.close();
    await stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function measureBare(browser: Browser, base: string, nodes: number, edges: number): Promise<Figures> {
  const page = await newPage(browser);
  try {
    const readyMs = await measureReady(page, `${base}?nodes=${nodes}&edges=${edges}`);
    await sleep(1000);
    const drawn = await counts(page);
    const drag = await measureDrag(page, '.react-flow__node:not(.react-flow__node-frame)');
    const appends: number[] = [];
    for (let i = 0; i < APPENDS; i++) {
      const painted = watchText(page, '[data-testid="bare-n0"] .count');
      const sent = await page.evaluate(() => {
        const t = Date.now();
        (window as unknown as { bump(i: number): void }).bump(0);
        return t;
      });
      appends.push((await painted) - sent);
    }
    return { readyMs, dragP50: drag.p50, dragP95: drag.p95, longTasks: drag.longTasks, appendP50: quantile(appends, 0.5), appendP95: quantile(appends, 0.95), patchP50: NaN, ...drawn };
  } finally {
    await page.close();
  }
}

const f = (n: number) => (Number.isFinite(n) ? n.toFixed(0).padStart(6) : '     -');
const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) && Number.isFinite(b) ? `${(a / b).toFixed(2)}×` : '-');

async function main() {
  console.log(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB; Chromium ${chromiumPath ?? '(Playwright default)'}, headless, software GL`);
  console.log('Building the bare React Flow page…');
  const bareDir = await buildBarePage();
  const bare = await serveStatic(bareDir);
  const browser = await chromium.launch({ ...(chromiumPath ? { executablePath: chromiumPath } : {}), args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
  try {
    for (const seats of SIZES) {
      console.log(`\n${seats} seats, ${(seats * PER_SEAT).toLocaleString()} messages`);
      const ours = await measureSeatmap(browser, seats);
      const base = await measureBare(browser, bare.url, Math.max(1, ours.nodes), ours.edges);
      console.log(`  drawn: ${ours.nodes} nodes, ${ours.edges} edges (bare page: the same)`);
      console.log('  figure                      Seatmap      bare   ratio');
      const line = (name: string, a: number, b: number) => console.log(`  ${name.padEnd(26)} ${f(a)} ms ${f(b)} ms   ${ratio(a, b)}`);
      line('ready', ours.readyMs, base.readyMs);
      line('drag frame p50', ours.dragP50, base.dragP50);
      line('drag frame p95', ours.dragP95, base.dragP95);
      console.log(`  ${'long tasks in one drag'.padEnd(26)} ${String(ours.longTasks).padStart(6)}    ${String(base.longTasks).padStart(6)}`);
      line('append → paint p50', ours.appendP50, base.appendP50);
      line('append → paint p95', ours.appendP95, base.appendP95);
      console.log(`  ${'  of which: file → patch p50'.padEnd(26)} ${f(ours.patchP50)} ms   (the service: watcher, read, derive, signals, send)`);
    }
  } finally {
    await browser.close();
    bare.server.close();
    await rm(bareDir, { recursive: true, force: true });
  }
  if (process.env.BENCH_SERVICE !== '0') {
    printExactCounts(await exactCountFigures());
  }
}

await main();
