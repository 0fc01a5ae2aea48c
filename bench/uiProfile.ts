/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * `npm run bench:ui-profile`: where the renderer's time goes during a drag and on a patch, counted
 * rather than timed by the wall clock (robust on a loaded machine). For each fleet size it serves a
 * generated fleet (bench/teamFleet.ts) with `seatmap serve`, opens it in Debian's Chromium and, under
 * Chromium's CPU profiler (CDP `Profiler`), drags a node (a collapsed group card, and a seat card in
 * an expanded group when the fleet opens collapsed), then appends one message per round and profiles
 * the page until the count on screen changed and painted (only the page's own work is counted, so
 * this is the renderer's share: the patch frame arriving, applying it, rendering, painting).
 *
 * Printed per scenario: frames, the page's script time per frame (profile samples that are neither
 * idle, program nor GC), GC, the functions with the most self time and the app's components with
 * the most inclusive time; then, from a trace of a second drag, the main thread's time per frame by
 * kind (script, style, layout, paint, commit), software raster on other threads, and any task over
 * 50 ms. `npm run bench:ui-profile` first builds the renderer unminified into out/renderer, for
 * readable names (run `npm run build` again afterwards for the shipped build).
 *
 * Env: BENCH_SIZES=14,200,1000 · BENCH_MESSAGES_PER_SEAT=100 · BENCH_TOP=12 · PROFILE_PARTS=group,patch,seat
 * · PROFILE_CSS (extra CSS injected into the page, to try what a style costs) · CHROMIUM_PATH.
 */
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { writeFleet } from '../service/demo/writeFleet';
import { chromiumPath, measureDrag, PER_SEAT, serveFleet, SIZES, sleep } from './benchBrowser';
import { generateTeamFleet } from './teamFleet';

const TOP = Number(process.env.BENCH_TOP ?? 12);
const APPENDS = 5;
/** Which parts to run (comma-separated): group (drag a group card), patch, seat (drag a seat card). */
const PARTS = new Set((process.env.PROFILE_PARTS ?? 'group,patch,seat').split(','));
/** Extra CSS injected into the page, to try what a style costs without a rebuild. */
const EXTRA_CSS = process.env.PROFILE_CSS ?? '';


interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

interface Summary {
  /** Milliseconds of JavaScript (not idle, program or GC). */
  scriptMs: number;
  gcMs: number;
  /** Self time by function (`name file:line`), largest first. */
  top: Array<[string, number]>;
  /** Inclusive time of the app's components, hooks and a few named functions, largest first. */
  inclusive: Array<[string, number]>;
}

function summarize(profile: Profile): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let scriptMs = 0;
  let gcMs = 0;
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const frame = byId.get(id)!.callFrame;
    // Inclusive time of the app's own components and functions (capitalised names: components), once per sample.
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const f = byId.get(n)!.callFrame;
      if (!/^([A-Z][A-Za-z]+|use[A-Z]\w+|fitEdges|edgesOf|buildEdgeSpecs|groupSummary|patchFleetData|applyPatch|onMessage)$/.test(f.functionName) || seen.has(f.functionName)) continue;
      seen.add(f.functionName);
      inclusive.set(f.functionName, (inclusive.get(f.functionName) ?? 0) + ms);
    }
    if (frame.functionName === '(idle)' || frame.functionName === '(program)' || frame.functionName === '(root)') return;
    if (frame.functionName === '(garbage collector)') {
      gcMs += ms;
      return;
    }
    scriptMs += ms;
    const file = frame.url.slice(frame.url.lastIndexOf('/') + 1).replace(/\?.*$/, '');
    const key = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + ms);
  });
  return {
    scriptMs,
    gcMs,
    top: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP),
    inclusive: [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP),
  };
}

async function profiled<T>(cdp: CDPSession, run: () => Promise<T>): Promise<{ result: T; summary: Summary }> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await run();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  return { result, summary: summarize(profile) };
}

function report(name: string, frames: number, summary: Summary, extra = '') {
  console.log(`  ${name}: ${frames} frames, script ${summary.scriptMs.toFixed(0)} ms (${(summary.scriptMs / Math.max(1, frames)).toFixed(2)} ms/frame), GC ${summary.gcMs.toFixed(0)} ms${extra}`);
  for (const [fn, ms] of summary.top) console.log(`      ${ms.toFixed(1).padStart(7)} ms  ${fn}`);
  console.log(`    including: ${summary.inclusive.map(([fn, ms]) => `${fn} ${ms.toFixed(1)}`).join(', ')}`);
}

/** Main-thread time by kind of work (trace events on the page's renderer main thread), plus raster on any thread. */
interface TraceSummary {
  busyMs: number;
  byKind: Record<string, number>;
  /** Main-thread tasks over 50 ms, each with what it spent its time on. */
  longTasks: string[];
}

const KINDS: Record<string, string> = {
  FunctionCall: 'script',
  EventDispatch: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  'v8.run': 'script',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  'LocalFrameView::RunPostLifecycleSteps': 'paint',
  Commit: 'commit',
  RasterTask: 'raster (other threads)',
};

function summarizeTrace(buffer: Buffer): TraceSummary {
  const events = (JSON.parse(buffer.toString()) as { traceEvents: Array<{ name: string; ph: string; pid: number; tid: number; dur?: number; args?: { name?: string } }> }).traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const byKind: Record<string, number> = {};
  const longTasks: Array<{ ts: number; end: number; kinds: Record<string, number> }> = [];
  let busyMs = 0;
  // Nested events of one kind (a FunctionCall inside a FunctionCall) are counted once: only the outermost.
  const openUntil: Record<string, number> = {};
  const sorted = events.filter((e) => e.ph === 'X' && e.dur !== undefined).sort((a, b) => (a as { ts: number } & typeof a).ts - (b as { ts: number } & typeof b).ts);
  for (const e of sorted as Array<(typeof sorted)[number] & { ts: number }>) {
    const kind = KINDS[e.name];
    const onMain = main !== undefined && e.pid === main.pid && e.tid === main.tid;
    if (e.name === 'RunTask' && onMain) {
      busyMs += e.dur! / 1000;
      if (e.dur! > 50_000) longTasks.push({ ts: e.ts, end: e.ts + e.dur!, kinds: {} });
    }
    if (!kind || (!onMain && e.name !== 'RasterTask')) continue;
    const key = `${kind}:${onMain ? 'main' : e.tid}`;
    if ((openUntil[key] ?? 0) > e.ts) continue;
    openUntil[key] = e.ts + e.dur!;
    byKind[kind] = (byKind[kind] ?? 0) + e.dur! / 1000;
    const task = onMain ? longTasks.find((t) => t.ts <= e.ts && e.ts < t.end) : undefined;
    if (task) task.kinds[kind] = (task.kinds[kind] ?? 0) + e.dur! / 1000;
  }
  return {
    busyMs,
    byKind,
    longTasks: longTasks.map((t) => `${((t.end - t.ts) / 1000).toFixed(0)} ms (${Object.entries(t.kinds).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ')})`),
  };
}

async function traced<T>(browser: Browser, page: Page, run: () => Promise<T>): Promise<{ result: T; trace: TraceSummary }> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const result = await run();
  return { result, trace: summarizeTrace(await browser.stopTracing()) };
}

function reportTrace(name: string, frames: number, trace: TraceSummary) {
  const per = (ms: number) => `${(ms / Math.max(1, frames)).toFixed(2)}`;
  const kinds = Object.entries(trace.byKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, ms]) => `${kind} ${per(ms)}`)
    .join(', ');
  console.log(`  ${name} (trace): ${frames} frames, main thread busy ${per(trace.busyMs)} ms/frame: ${kinds}`);
  for (const task of trace.longTasks) console.log(`      long task: ${task}`);
}

/** Drags a node under the CPU profiler, then again under the tracer. */
async function profileDrag(browser: Browser, page: Page, cdp: CDPSession, name: string, selector: string) {
  const p = await profiled(cdp, () => measureDrag(page, selector));
  report(name, p.result.frames, p.summary, `, p95 ${p.result.p95.toFixed(0)} ms, ${p.result.longTasks} long tasks`);
  await sleep(1000);
  const t = await traced(browser, page, () => measureDrag(page, selector));
  reportTrace(name, t.result.frames, t.trace);
  await sleep(1000);
}

/** Appends one message per round and profiles the page until the count on screen changed and painted. */
async function profilePatches(page: Page, cdp: CDPSession, dir: string, fleet: ReturnType<typeof generateTeamFleet>) {
  // Big fleets open collapsed: the count is then the group card's unread.
  const collapsed = (await page.locator(`[data-testid="group-unread-${fleet.appendTo.group}"]`).count()) > 0;
  const selector = collapsed ? `[data-testid="group-unread-${fleet.appendTo.group}"]` : `[data-testid="inbox-${fleet.appendTo.to}"]`;
  await page.locator(selector).waitFor({ state: 'attached' });
  const total: Summary = { scriptMs: 0, gcMs: 0, top: [], inclusive: [] };
  const incl = new Map<string, number>();
  const self = new Map<string, number>();
  for (let i = 0; i < APPENDS; i++) {
    const p = await profiled(cdp, async () => {
      const painted = page.evaluate(
        (sel) =>
          new Promise<void>((done) => {
            const before = document.querySelector(sel)?.textContent;
            const observer = new MutationObserver(() => {
              if (document.querySelector(sel)?.textContent === before) return;
              observer.disconnect();
              requestAnimationFrame(() => setTimeout(done, 0));
            });
            observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          }),
        selector,
      );
      const message = { id: `profile-${Date.now()}-${i}`, ts: new Date().toISOString(), from: fleet.appendTo.from, to: fleet.appendTo.to, type: 'INFORM', subject: 'profile', body: 'x' };
      await appendFile(join(dir, 'inbox', `${fleet.appendTo.to}.jsonl`), `${JSON.stringify(message)}\n`);
      await painted;
    });
    total.scriptMs += p.summary.scriptMs;
    total.gcMs += p.summary.gcMs;
    for (const [fn, ms] of p.summary.top) self.set(fn, (self.get(fn) ?? 0) + ms);
    for (const [fn, ms] of p.summary.inclusive) incl.set(fn, (incl.get(fn) ?? 0) + ms);
    await sleep(300);
  }
  total.top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  total.inclusive = [...incl.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  report(`patch (one append; ${APPENDS} rounds, per round)`, APPENDS, total);
}

async function profileFleet(browser: Browser, seats: number) {
  const fleet = generateTeamFleet({ seats, messages: seats * PER_SEAT, now: Date.now() });
  const dir = await mkdtemp(join(tmpdir(), `seatmap-bench-profile-${seats}-`));
  await writeFleet(dir, fleet.files);
  const { url, stop } = await serveFleet(dir);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript('window.__name = (fn) => fn;');
  const cdp = await page.context().newCDPSession(page);
  try {
    console.log(`\n${seats} seats, ${(seats * PER_SEAT).toLocaleString()} messages`);
    await page.goto(url);
    await page.locator('.react-flow__node').first().waitFor({ timeout: 120_000 });
    if (EXTRA_CSS) await page.addStyleTag({ content: EXTRA_CSS });
    await sleep(2000);
    const groups = await page.locator('.react-flow__node-group').count();
    if (groups > 0 && PARTS.has('group')) await profileDrag(browser, page, cdp, 'drag a group card', '.react-flow__node-group');
    if (PARTS.has('patch')) await profilePatches(page, cdp, dir, fleet);
    if (!PARTS.has('seat')) return;
    if (groups > 0) {
      // Expand the group nearest the centre, then drag one of its seats.
      const group = await page.evaluate(() => {
        let best: { id: string; d: number } | null = null;
        for (const el of Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node-group'))) {
          const r = el.getBoundingClientRect();
          const d = Math.hypot(r.left + r.width / 2 - innerWidth / 2, r.top + r.height / 2 - innerHeight / 2);
          const id = el.dataset.id?.slice('group:'.length);
          if (id && (!best || d < best.d)) best = { id, d };
        }
        return best?.id ?? null;
      });
      await page.locator(`[data-testid="group-expand-${group}"]`).click();
      await page.locator(`[data-testid="frame-${group}"]`).waitFor();
      await sleep(2000);
    }
    await profileDrag(browser, page, cdp, 'drag a seat card', '.react-flow__node-seat');
  } finally {
    await page.close();
    await stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function main() {
  const browser = await chromium.launch({ ...(chromiumPath ? { executablePath: chromiumPath } : {}), args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
  try {
    for (const seats of SIZES) await profileFleet(browser, seats);
  } finally {
    await browser.close();
  }
}

await main();
