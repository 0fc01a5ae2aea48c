/**
 * Coordination signals on the graph and in the warnings panel, in Debian's Chromium
 * against the real `seatmap serve` (real files, real watcher, the real clock).
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FleetService } from '../../service/fleetService';
import { SIGNAL_KINDS, type Signal } from '../../shared/signalTypes';
import { copyFixtureFleet, serveFleet, writeDemoFleet, type ServedFleet } from './serveFleet';

let served: ServedFleet | null = null;
test.afterEach(async () => {
  await served?.stop();
  served = null;
});

/** The signals the host derives for this folder now, computed in-process. */
async function expectedSignals(dir: string): Promise<Signal[]> {
  const service = await FleetService.open({ root: dir, watch: false });
  try {
    return service.snapshot().signals;
  } finally {
    await service.close();
  }
}

async function openWarnings(page: Page) {
  await page.getByTestId('warnings-toggle').click();
  await expect(page.getByTestId('warnings-panel')).toBeVisible();
}

const item = (page: Page, id: string) => page.locator(`[data-testid="signal"][data-signal-id="${id}"]`);

/** Every expected signal is listed once, under its kind, with its hint; each seat named carries a badge with its count. */
async function expectListed(page: Page, signals: Signal[]) {
  await expect(page.getByTestId('warnings-count')).toHaveText(String(signals.length));
  await expect(page.getByTestId('warnings-panel').getByTestId('signal')).toHaveCount(signals.length);
  for (const signal of signals) {
    const listed = item(page, signal.id);
    await expect(listed).toHaveAttribute('data-kind', signal.kind);
    await expect(listed).toHaveAttribute('data-severity', signal.severity);
    await expect(listed.getByTestId('signal-hint')).toContainText(signal.hint);
    await expect(page.getByTestId(`signal-group-${signal.kind}`).locator(`[data-signal-id="${signal.id}"]`)).toHaveCount(1);
  }
  const perSeat = new Map<string, number>();
  for (const signal of signals) for (const seat of new Set(signal.seats)) perSeat.set(seat, (perSeat.get(seat) ?? 0) + 1);
  for (const [seat, count] of perSeat) {
    const badge = page.getByTestId(`seat-warnings-${seat}`);
    await expect(badge).toHaveText(String(count));
    await expect(badge).toHaveAttribute('aria-label', new RegExp(`^${count} warnings?`));
  }
}

test('the warnings panel lists every signal of the fixture fleet, with badges on its seats', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  const expected = await expectedSignals(dir);
  expect(expected.map((s) => s.id)).toEqual(expect.arrayContaining(['stale-state:state/pulse/watchlist.json', 'undesigned-traffic:dirk->radar']));
  served = await serveFleet(dir);
  await page.goto(served.url);
  await expect(page.getByTestId('seat-radar')).toBeVisible();
  await expect(page.getByTestId('warnings-panel')).toHaveCount(0);
  await openWarnings(page);
  await expectListed(page, expected);
  // The message carries the numbers, in one sentence.
  await expect(item(page, 'stale-state:state/pulse/watchlist.json').getByTestId('signal-message')).toContainText(/Pulse's watchlist\.json is \d+ d old; its limit is 18 h/);
  await expect(page.getByTestId('signal-group-stale-state')).toContainText('Stale state');
  // Stale state shows on its seat and on the handoff that carries it; undesigned traffic stands out.
  await expect(page.getByTestId('seat-stale-pulse')).toBeVisible();
  await expect(page.getByTestId('stale-dash-radar')).toBeAttached();
  await expect(page.getByTestId('stale-dash-radar')).toHaveAttribute('title', 'This handoff carries stale data');
  await expect(page.getByTestId('traffic-dirk-radar')).toContainText('Undesigned');
  // The automation contract of the graph is intact.
  await expect(page.getByTestId('handoff-dash-radar')).toBeAttached();
  await expect(page.getByTestId('count-dirk-radar')).toContainText('1');
  await expect(page.getByTestId('rule-pulse-dirk')).toBeAttached();
  await expect(page.getByTestId('seat-radar').locator('.react-flow__handle.source')).toHaveCount(1);
  // The toggle closes the panel again.
  await page.getByTestId('warnings-toggle').click();
  await expect(page.getByTestId('warnings-panel')).toHaveCount(0);
});

test('a stale state file rewritten fresh clears its warning live', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  served = await serveFleet(dir);
  await page.goto(served.url);
  await openWarnings(page);
  const before = Number(await page.getByTestId('warnings-count').textContent());
  await expect(item(page, 'stale-state:state/pulse/watchlist.json')).toBeVisible();
  await expect(item(page, 'stale-state:state/dash/anomalies.json')).toBeVisible();

  const watchlist = join(dir, 'state/pulse/watchlist.json');
  const json = JSON.parse(await readFile(watchlist, 'utf8')) as Record<string, unknown>;
  await writeFile(watchlist, JSON.stringify({ ...json, updatedAt: new Date().toISOString() }));
  await expect(item(page, 'stale-state:state/pulse/watchlist.json')).toHaveCount(0);
  await expect(page.getByTestId('seat-stale-pulse')).toHaveCount(0);

  // A fresh file carried by a handoff also clears the edge's mark.
  await expect(page.getByTestId('stale-dash-radar')).toBeAttached();
  const anomalies = join(dir, 'state/dash/anomalies.json');
  const data = JSON.parse(await readFile(anomalies, 'utf8')) as Record<string, unknown>;
  await writeFile(anomalies, JSON.stringify({ ...data, updatedAt: new Date().toISOString() }));
  await expect(item(page, 'stale-state:state/dash/anomalies.json')).toHaveCount(0);
  await expect(page.getByTestId('stale-dash-radar')).toHaveCount(0);
  await expect(page.getByTestId('handoff-dash-radar')).toBeAttached();
  await expect(page.getByTestId('warnings-count')).not.toHaveText(String(before));
});

test('a message that creates undesigned traffic adds its signal live', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  served = await serveFleet(dir);
  await page.goto(served.url);
  await openWarnings(page);
  await expect(item(page, 'undesigned-traffic:dirk->radar')).toBeVisible();
  await expect(item(page, 'undesigned-traffic:dash->pulse')).toHaveCount(0);
  const pulseBefore = Number((await page.getByTestId('seat-warnings-pulse').textContent()) ?? '0');

  await appendFile(
    join(dir, 'inbox/pulse.jsonl'),
    `${JSON.stringify({ id: 'm-undesigned', ts: new Date().toISOString(), from: 'dash', to: 'pulse', type: 'REQUEST', subject: 'Churn risk on Acme?', body: 'Spend is down.' })}\n`,
  );
  const added = item(page, 'undesigned-traffic:dash->pulse');
  await expect(added).toBeVisible();
  await expect(added).toHaveAttribute('data-kind', 'undesigned-traffic');
  await expect(added.getByTestId('signal-message')).toContainText('Dash sent Pulse 1 message');
  await expect(added.getByTestId('signal-hint')).toContainText('Design a handoff from Dash to Pulse');
  await expect(page.getByTestId('traffic-dash-pulse')).toBeAttached();
  await expect(page.getByTestId('seat-warnings-pulse')).toHaveText(String(pulseBefore + 1));
});

test('the demo fleet shows every kind of signal in the panel and on its seats', async ({ page }) => {
  const dir = await writeDemoFleet();
  const expected = await expectedSignals(dir);
  expect(new Set(expected.map((s) => s.kind))).toEqual(new Set(SIGNAL_KINDS));
  served = await serveFleet(dir);
  await page.goto(served.url);
  await expect(page.getByTestId('seat-radar')).toBeVisible();
  await expect(page.getByTestId('warnings-toggle')).toHaveAttribute('data-severity', 'error');
  await openWarnings(page);
  for (const kind of SIGNAL_KINDS) {
    expect(await page.locator(`[data-testid="signal"][data-kind="${kind}"]`).count(), kind).toBeGreaterThanOrEqual(1);
  }
  await expectListed(page, expected);

  // Dead handoffs, stale data on a handoff and overlapping seats each have their mark on the graph.
  for (const signal of expected) {
    if (signal.kind === 'dead-handoff') await expect(page.getByTestId(`dead-${signal.seats[0]}-${signal.seats[1]}`)).toBeAttached();
    if (signal.kind === 'mandate-overlap' || signal.kind === 'unruled-overlap' || signal.kind === 'duplicate-work') {
      const [a, b] = [...signal.seats].sort();
      await expect(page.getByTestId(`overlap-${a}-${b}`)).toBeAttached();
    }
    if (signal.kind === 'unowned-seat' || signal.severity === 'error') {
      for (const seat of signal.seats) await expect(page.getByTestId(`seat-warnings-${seat}`)).toHaveAttribute('data-severity', 'error');
    }
  }
  if (process.env.SEATMAP_UPDATE_SCREENSHOTS) {
    // The README's picture: one warning selected, its seats highlighted and the first one open.
    await page.setViewportSize({ width: 1600, height: 960 });
    await item(page, 'mandate-overlap:dash+jeff').click();
    await expect(page.getByTestId('seat-jeff')).toHaveAttribute('data-highlighted', 'true');
    await page.waitForTimeout(800); // the pan to the highlighted seats
    await page.screenshot({ path: 'assets/screenshots/warnings.png' });
  }
});

test('clicking a warning highlights its seats and edges and opens its first seat; keyboard works too', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  served = await serveFleet(dir);
  await page.goto(served.url);
  await expect(page.getByTestId('seat-radar')).toBeVisible();
  // The badge on a seat opens the panel.
  await page.getByTestId('seat-warnings-dirk').click();
  await expect(page.getByTestId('warnings-panel')).toBeVisible();

  const traffic = item(page, 'undesigned-traffic:dirk->radar');
  await traffic.click();
  await expect(traffic).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('seat-dirk')).toHaveAttribute('data-highlighted', 'true');
  await expect(page.getByTestId('seat-radar')).toHaveAttribute('data-highlighted', 'true');
  await expect(page.getByTestId('seat-dirk')).toHaveAttribute('data-open', 'true');
  await expect(page.getByTestId('seat-pulse')).toHaveClass(/is-dimmed/);
  await expect(page.getByTestId('traffic-dirk-radar')).toHaveClass(/is-highlighted/);
  await expect(page.getByTestId('handoff-pulse-dirk')).toHaveClass(/is-dimmed/);
  await expect(page.getByTestId('seat-panel')).toBeVisible();

  // Clicking it again lets go of the highlight.
  await traffic.click();
  await expect(traffic).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('seat-dirk')).not.toHaveAttribute('data-highlighted', 'true');
  await expect(page.getByTestId('seat-pulse')).not.toHaveClass(/is-dimmed/);

  // Keyboard: arrows move between warnings, Enter selects, Escape lets go and then closes the panel.
  const stale = item(page, 'stale-state:state/dash/anomalies.json');
  await stale.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('seat-dash')).toHaveAttribute('data-highlighted', 'true');
  await expect(page.getByTestId('handoff-dash-radar')).toHaveClass(/is-highlighted/);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-testid="signal"]:focus')).not.toHaveAttribute('data-signal-id', 'stale-state:state/dash/anomalies.json');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('seat-dash')).not.toHaveAttribute('data-highlighted', 'true');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('warnings-panel')).toHaveCount(0);
  await expect(page.getByTestId('warnings-toggle')).toBeFocused();
});

test('a warning about a message opens that message in the seat panel', async ({ page }) => {
  const dir = await writeDemoFleet();
  const signals = await expectedSignals(dir);
  // A signal whose latest example is a line of an inbox file (e.g. a broken rule or undesigned traffic).
  const withMessage = signals.find((s) => s.numbers.line !== undefined && /^inbox\/.+\.jsonl$/.test(s.files[s.files.length - 1] ?? ''));
  expect(withMessage, 'the demo has a warning that points at a message').toBeDefined();
  served = await serveFleet(dir);
  await page.goto(served.url);
  await openWarnings(page);
  await item(page, withMessage!.id).click();
  await expect(page.getByTestId('seat-panel')).toBeVisible();
  await expect(page.getByTestId('message-body')).toBeVisible();
});
