/**
 * The live seat graph in Debian's Chromium against the real `seatmap serve`.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { FleetService } from '../../service/fleetService';
import type { FleetSnapshot } from '../../shared/snapshot';
import { copyFixtureFleet, serveFleet, writeDemoFleet, type ServedFleet } from './serveFleet';

let served: ServedFleet | null = null;
test.afterEach(async () => {
  await served?.stop();
  served = null;
});

async function expectedSnapshot(dir: string): Promise<FleetSnapshot> {
  const service = await FleetService.open({ root: dir, watch: false });
  try {
    return service.snapshot();
  } finally {
    await service.close();
  }
}

/** Every seat, designed handoff, traffic pair (with its count) and rule of the snapshot is on screen. */
async function expectWholeGraph(page: Page, snapshot: FleetSnapshot) {
  for (const seat of snapshot.seats) await expect(page.getByTestId(`seat-${seat.id}`)).toBeVisible();
  for (const handoff of snapshot.handoffs) await expect(page.getByTestId(`handoff-${handoff.from}-${handoff.to}`).first()).toBeAttached();
  for (const pair of snapshot.traffic) {
    if (!pair.designed) await expect(page.getByTestId(`traffic-${pair.from}-${pair.to}`)).toBeAttached();
    await expect(page.getByTestId(`count-${pair.from}-${pair.to}`).first()).toContainText(String(pair.count));
  }
  for (const rule of snapshot.rules) await expect(page.getByTestId(`rule-${rule.winner}-${rule.over}`).first()).toBeAttached();
}

test('a fixture fleet renders every seat, handoff, traffic pair and rule', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  const expected = await expectedSnapshot(dir);
  expect(expected.traffic.some((t) => !t.designed)).toBe(true);
  served = await serveFleet(dir);
  await page.goto(served.url);
  await expectWholeGraph(page, expected);
  // Both React Flow handles stay on every node (drag-to-connect relies on them).
  await expect(page.getByTestId('seat-radar').locator('.react-flow__handle.source')).toHaveCount(1);
  await expect(page.getByTestId('seat-radar').locator('.react-flow__handle.target')).toHaveCount(1);
});

test('the demo fleet renders every seat, handoff, traffic pair and rule', async ({ page }) => {
  const dir = await writeDemoFleet();
  const expected = await expectedSnapshot(dir);
  expect(expected.seats.length).toBeGreaterThanOrEqual(10);
  served = await serveFleet(dir);
  await page.goto(served.url);
  await expectWholeGraph(page, expected);
  await expect(page.getByTestId('seat-radar')).toContainText('Radar');
  if (process.env.SEATMAP_UPDATE_SCREENSHOTS) await page.screenshot({ path: 'assets/screenshots/demo.png' });
});

test('appending an inbox line updates the pair count live', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  served = await serveFleet(dir);
  await page.goto(served.url);
  await expect(page.getByTestId('count-pulse-dirk')).toContainText('2');
  await appendFile(join(dir, 'inbox/dirk.jsonl'), `${JSON.stringify({ id: 'm-live', ts: new Date().toISOString(), from: 'pulse', to: 'dirk', type: 'INFORM', subject: 'Live', body: 'hi' })}\n`);
  await expect(page.getByTestId('count-pulse-dirk')).toContainText('3');
  // A new pair with no designed handoff appears as undesigned traffic.
  await appendFile(join(dir, 'inbox/pulse.jsonl'), `${JSON.stringify({ id: 'm-new', ts: new Date().toISOString(), from: 'dash', to: 'pulse', type: 'REQUEST', subject: 'New', body: 'hi' })}\n`);
  await expect(page.getByTestId('traffic-dash-pulse')).toBeAttached();
  await expect(page.getByTestId('count-dash-pulse')).toContainText('1');
});

test('a seat added to fleet.yaml on disk appears, and a broken fleet.yaml keeps the last good graph', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  served = await serveFleet(dir);
  await page.goto(served.url);
  await expect(page.getByTestId('seat-radar')).toBeVisible();
  const fleetFile = join(dir, 'fleet.yaml');
  const text = await readFile(fleetFile, 'utf8');
  await writeFile(fleetFile, text.replace('seats:\n', 'seats:\n  echo: { name: Echo, kind: agent, owner: david, role: Email drafts }\n'));
  await expect(page.getByTestId('seat-echo')).toBeVisible();
  await expect(page.getByTestId('seat-echo')).toContainText('Echo');

  await writeFile(fleetFile, text.replace('seats:\n', 'seats:\n  echo: { name: Echo, kind: agent\n'));
  const banner = page.getByTestId('fleet-error');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('fleet.yaml');
  await expect(banner).toContainText(/line \d+|:\d+/);
  await expect(page.getByTestId('seat-echo')).toBeVisible();
  await expect(page.getByTestId('seat-radar')).toBeVisible();

  await writeFile(fleetFile, text);
  await expect(banner).toBeHidden();
  await expect(page.getByTestId('seat-echo')).toHaveCount(0);
});

test('a broken inbox line and an unknown seat show as diagnostics while the rest renders', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  await appendFile(join(dir, 'inbox/radar.jsonl'), '{"id":"torn", "from":\n');
  const text = await readFile(join(dir, 'fleet.yaml'), 'utf8');
  await writeFile(join(dir, 'fleet.yaml'), text.replace('handoffs:\n', 'handoffs:\n  - { from: dash, to: nobody, via: inbox }\n'));
  served = await serveFleet(dir);
  await page.goto(served.url);
  await expect(page.getByTestId('seat-radar')).toBeVisible();
  const diagnostics = page.getByTestId('diagnostics');
  if (!(await diagnostics.isVisible())) await page.getByRole('button', { name: /problems|diagnostics/i }).first().click();
  await expect(diagnostics).toContainText('inbox/radar.jsonl');
  await expect(diagnostics).toContainText('nobody');
});

test('the live demo changes on its own', async ({ page }) => {
  served = await serveFleet(null);
  await page.goto(served.url);
  await expect(page.getByTestId('seat-radar')).toBeVisible();
  const before = await page.locator('[data-testid^="count-"]').allTextContents();
  await expect.poll(async () => (await page.locator('[data-testid^="count-"]').allTextContents()).join('|'), { timeout: 20_000 }).not.toBe(before.join('|'));
});

test('while a seat is dragged the edges draw solid, and dashed again once it is dropped', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  served = await serveFleet(dir);
  await page.goto(served.url);
  const seat = page.getByTestId('seat-radar');
  await expect(seat).toBeVisible();
  const traffic = page.locator('.react-flow__edge-path.fleet-edge--traffic').first();
  const dashes = () => traffic.evaluate((path) => getComputedStyle(path).strokeDasharray);
  expect(await dashes()).not.toBe('none');
  const box = await seat.boundingBox();
  if (!box) throw new Error('seat-radar has no box');
  const start = { x: box.x + box.width / 2, y: box.y + 8 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 40, start.y + 30, { steps: 5 });
  await expect(page.locator('.fleet-graph')).toHaveClass(/\bis-dragging\b/);
  expect(await dashes()).toBe('none');
  await page.mouse.move(start.x + 80, start.y + 60, { steps: 5 });
  await page.mouse.up();
  await expect(page.locator('.fleet-graph')).not.toHaveClass(/\bis-dragging\b/);
  expect(await dashes()).not.toBe('none');
});
