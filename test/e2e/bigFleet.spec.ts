/**
 * Big fleets in Debian's Chromium against the real `seatmap serve`: groups collapsed on open, Find,
 * Focus, layer toggles, live counts inside a collapsed group.
 */
import { appendFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { generateLargeFleet } from '../../shared/demo';
import { writeFleet } from '../../service/demo/writeFleet';
import { copyFixtureFleet, serveFleet, writeDemoFleet, type ServedFleet } from './serveFleet';

let served: ServedFleet | null = null;
test.afterEach(async () => {
  await served?.stop();
  served = null;
});

/** 1,000 seats in teams of ten (`tNN-lead` and agents `tNN-aNN`; the group is the lead's, `tNN-lead`), a few messages per inbox. */
async function writeBigFleet(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'seatmap-e2e-big-'));
  await writeFleet(dir, generateLargeFleet({ now: Date.now(), seed: 3, seats: 1000, messagesPerInbox: 2 }).files);
  return dir;
}

async function unreadOf(page: Page, group: string): Promise<number> {
  const text = (await page.getByTestId(`group-unread-${group}`).textContent()) ?? '';
  return Number(text.replace(/[^0-9]/g, ''));
}

test('a 1,000-seat fleet opens collapsed; Find opens a seat inside a group; focus dims the rest; an append updates the group live', async ({ page }) => {
  test.setTimeout(150_000);
  const dir = await writeBigFleet();
  served = await serveFleet(dir);
  await page.goto(served.url);

  // Collapsed: one card per team, no seat cards, aggregated edges between teams.
  await expect(page.getByTestId('group-t01-lead')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[data-testid^="seat-t"]')).toHaveCount(0);
  await expect(page.locator('.react-flow__node-group')).toHaveCount(100);
  await expect(page.getByTestId('group-t01-lead')).toContainText('10 seats');
  await expect(page.getByTestId('group-edge-t01-lead-t02-lead')).toBeAttached();

  // Find a seat in a collapsed group by id: its group opens, the seat is centred and opened.
  await page.keyboard.press('/');
  await page.getByTestId('find-input').fill('t57-a03');
  await expect(page.getByTestId('find-hit-t57-a03')).toBeVisible();
  await page.keyboard.press('Enter');
  const seat = page.getByTestId('seat-t57-a03');
  await expect(seat).toBeVisible();
  await expect(seat).toHaveAttribute('data-open', 'true');
  await expect(page.getByTestId('group-t57-lead')).toHaveCount(0);
  await expect(page.getByTestId('frame-t57-lead')).toBeAttached();
  const box = await seat.boundingBox();
  const canvas = await page.locator('.react-flow').boundingBox();
  expect(box && canvas).toBeTruthy();
  // Centred in the canvas (give or take the panel opening beside it).
  expect(Math.abs(box!.x + box!.width / 2 - (canvas!.x + canvas!.width / 2))).toBeLessThan(canvas!.width / 3);

  // The expanded group was drawn at once, refined in the layout worker, and its places saved.
  await expect
    .poll(async () => Object.keys(JSON.parse(await readFile(join(dir, '.seatmap', 'layout.json'), 'utf8').catch(() => '{}')) as object))
    .toEqual(expect.arrayContaining(['t57-lead', 't57-a03', 't57-a09']));
  await expect(page.getByTestId('layout-status')).toHaveCount(0);

  // Focus (set by opening the seat): its neighbours stay bright, the rest dims.
  await expect(page.getByTestId('focus-bar')).toContainText('T57-A03');
  const opacity = (testId: string) => page.getByTestId(testId).evaluate((el) => Number((el.ownerDocument.defaultView as unknown as { getComputedStyle(e: unknown): { opacity: string } }).getComputedStyle(el.closest('.react-flow__node')).opacity));
  await expect.poll(() => opacity('seat-t57-a03')).toBe(1);
  await expect.poll(() => opacity('seat-t57-a02')).toBe(1);
  await expect.poll(() => opacity('seat-t57-a06')).toBeLessThan(0.5);
  // Esc clears it; a click on the pane too.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('focus-bar')).toHaveCount(0);
  await expect.poll(() => opacity('seat-t57-a06')).toBe(1);
  await page.getByTestId('seat-t57-a06').click();
  await expect(page.getByTestId('focus-bar')).toContainText('T57-A06');
  // F toggles the focus of the open seat.
  await page.locator('.react-flow__pane').focus();
  await page.keyboard.press('f');
  await expect(page.getByTestId('focus-bar')).toHaveCount(0);
  await page.keyboard.press('f');
  await expect(page.getByTestId('focus-bar')).toContainText('T57-A06');
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await expect(page.getByTestId('focus-bar')).toHaveCount(0);

  // A message appended inside a collapsed group shows in the group's unread count, live. (Back to
  // the whole fleet first: a big fleet draws only what is in view.)
  await page.locator('.react-flow__controls-fitview').click();
  await expect(page.getByTestId('group-t10-lead')).toBeVisible();
  const before = await unreadOf(page, 't10-lead');
  const message = { id: 'e2e-live-1', ts: new Date().toISOString(), from: 't10-a01', to: 't10-a02', type: 'INFORM', subject: 'live', body: 'hi' };
  await appendFile(join(dir, 'inbox', 't10-a02.jsonl'), `${JSON.stringify(message)}\n`);
  await expect.poll(() => unreadOf(page, 't10-lead')).toBe(before + 1);

  // Collapse state is kept per fleet in .seatmap/view.json.
  await expect
    .poll(async () => JSON.parse(await readFile(join(dir, '.seatmap', 'view.json'), 'utf8').catch(() => '{}')) as { groups?: Record<string, string> })
    .toMatchObject({ groups: { 't57-lead': 'expanded' } });
  await page.reload();
  await expect(page.getByTestId('frame-t57-lead')).toBeAttached({ timeout: 30_000 });
  await expect(page.getByTestId('group-t56-lead')).toBeVisible();

  // Collapse again from the frame; Enter on the card expands it, and so does a double-click.
  await page.getByTestId('group-collapse-t57-lead').click();
  await expect(page.getByTestId('group-t57-lead')).toBeVisible();
  await page.locator('.react-flow__node[data-id="group:t57-lead"]').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('seat-t57-lead')).toBeVisible();
  await page.getByTestId('group-collapse-t57-lead').click();
  await page.getByTestId('group-t57-lead').dblclick();
  await expect(page.getByTestId('seat-t57-lead')).toBeVisible();
});

test('layer toggles in the legend hide and show edge kinds, and are kept per fleet', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  served = await serveFleet(dir);
  await page.goto(served.url);
  const traffic = page.locator('[data-testid^="traffic-"]');
  const rules = page.locator('[data-testid^="rule-"]');
  const handoffs = page.locator('[data-testid^="handoff-"]');
  await expect(traffic.first()).toBeAttached();
  const trafficCount = await traffic.count();
  const ruleCount = await rules.count();
  expect(ruleCount).toBeGreaterThan(0);

  await page.getByTestId('layer-undesigned').click();
  await expect(page.getByTestId('layer-undesigned')).toHaveAttribute('aria-pressed', 'false');
  await expect(traffic).toHaveCount(0);
  await expect(rules).toHaveCount(ruleCount);
  await page.getByTestId('layer-rule').click();
  await expect(rules).toHaveCount(0);
  await expect(handoffs.first()).toBeAttached();
  await page.getByTestId('layer-handoff').click();
  await expect(handoffs).toHaveCount(0);

  await expect
    .poll(async () => JSON.parse(await readFile(join(dir, '.seatmap', 'view.json'), 'utf8').catch(() => '{}')) as object)
    .toMatchObject({ layers: { undesigned: false, rule: false, handoff: false } });
  await page.reload();
  await expect(page.getByTestId('layer-handoff')).toHaveAttribute('aria-pressed', 'false');
  await expect(traffic).toHaveCount(0);

  await page.getByTestId('layer-undesigned').click();
  await page.getByTestId('layer-rule').click();
  await page.getByTestId('layer-handoff').click();
  await expect(traffic).toHaveCount(trafficCount);
  await expect(rules).toHaveCount(ruleCount);
  await expect(handoffs.first()).toBeAttached();
});

/**
 * What overlaps in the first fit view, from rendered bounding boxes: edge labels over other labels
 * or over seat cards, and edges drawn through a seat card they do not connect.
 */
async function firstViewClashes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const shrink = (r: DOMRect, by: number) => ({ left: r.left + by, top: r.top + by, right: r.right - by, bottom: r.bottom - by });
    type Box = ReturnType<typeof shrink>;
    const hit = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const seats = Array.from(document.querySelectorAll<HTMLElement>('.react-flow__node-seat')).map((el) => ({ id: el.dataset.id ?? '', box: shrink(el.getBoundingClientRect(), 2) }));
    const labels = Array.from(document.querySelectorAll<HTMLElement>('.edge-label'))
      .filter((el) => getComputedStyle(el).display !== 'none')
      .map((el) => ({ id: el.dataset.testid ?? '', box: shrink(el.getBoundingClientRect(), 1) }));
    const clashes: string[] = [];
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) if (hit(labels[i]!.box, labels[j]!.box)) clashes.push(`label ${labels[i]!.id} overlaps label ${labels[j]!.id}`);
      for (const seat of seats) if (hit(labels[i]!.box, seat.box)) clashes.push(`label ${labels[i]!.id} overlaps seat ${seat.id}`);
    }
    for (const edge of Array.from(document.querySelectorAll<SVGGElement>('.react-flow__edge'))) {
      const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path');
      const id = edge.dataset.id ?? '';
      const pair = id.split(':')[1] ?? '';
      const [from, to] = pair.split('->');
      const matrix = path?.getScreenCTM();
      if (!path || !matrix) continue;
      const length = path.getTotalLength();
      const crossed = new Set<string>();
      for (let s = 0; s <= length; s += 6) {
        const p = path.getPointAtLength(s).matrixTransform(matrix);
        for (const seat of seats) {
          if (seat.id === from || seat.id === to) continue;
          const b = seat.box;
          if (p.x > b.left + 4 && p.x < b.right - 4 && p.y > b.top + 4 && p.y < b.bottom - 4) crossed.add(seat.id);
        }
      }
      for (const seat of crossed) clashes.push(`edge ${id} crosses seat ${seat}`);
    }
    return clashes;
  });
}

test('the demo’s first view: no edge label over another label or a seat, no edge through a seat it does not connect', async ({ page }) => {
  const dir = await writeDemoFleet();
  served = await serveFleet(dir);
  await page.goto(served.url);
  await expect(page.getByTestId('seat-radar')).toBeVisible();
  // The fit view has settled once the worker's refined layout is in and every label is placed.
  await expect(page.getByTestId('layout-status')).toHaveCount(0);
  await expect(page.locator('.edge-label').first()).toBeVisible();
  await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));
  expect(await firstViewClashes(page)).toEqual([]);
});

test('semantic zoom: far out, seat cards go compact and edge labels hide', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  served = await serveFleet(dir);
  await page.goto(served.url);
  await expect(page.getByTestId('seat-radar')).toBeVisible();
  const label = page.locator('.edge-label').first();
  await expect(label).toBeVisible();
  await expect(page.getByTestId('seat-radar').locator('.seat-role')).toBeVisible();
  // Zoom out with the controls until the graph says it is very far out.
  const zoomOut = page.locator('.react-flow__controls-zoomout');
  await expect(async () => {
    await zoomOut.click();
    await expect(page.locator('.react-flow.zoom-very-far')).toBeAttached({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('seat-radar').locator('.seat-role')).toBeHidden();
  await expect(page.getByTestId('seat-radar').locator('.seat-name')).toBeVisible();
  await expect(label).toBeHidden();
});

test('opening a seat’s panel keeps the seat and its neighbours in view beside the panel (the demo’s Jeff)', async ({ page }) => {
  const dir = await writeDemoFleet();
  served = await serveFleet(dir);
  await page.goto(served.url);
  const jeff = page.getByTestId('seat-jeff');
  await jeff.click();
  await expect(page.getByTestId('seat-panel')).toBeVisible();
  const inCanvas = async (testId: string) => {
    const canvas = (await page.locator('.react-flow').boundingBox())!;
    const box = await page.getByTestId(testId).boundingBox();
    return Boolean(box && box.x >= canvas.x && box.y >= canvas.y && box.x + box.width <= canvas.x + canvas.width && box.y + box.height <= canvas.y + canvas.height);
  };
  await expect.poll(() => inCanvas('seat-jeff')).toBe(true);
  // Jeff's neighbours (the seats it has edges with) too.
  const neighbours = await page.locator('.react-flow__edge').evaluateAll((edges) =>
    edges
      .map((e) => (e as HTMLElement).dataset.id?.split(':')[1]?.split('->') ?? [])
      .filter((pair) => pair.includes('jeff'))
      .flat()
      .filter((id) => id !== 'jeff'),
  );
  expect(neighbours.length).toBeGreaterThan(0);
  for (const id of new Set(neighbours)) await expect.poll(() => inCanvas(`seat-${id}`)).toBe(true);
});
