/**
 * A dragged seat's place is saved in the fleet on screen: the renderer sends the layout with the
 * snapshot's fleet identity (root and session), and the browser host accepts it for the fleet it
 * serves. (Refusals of a stale identity are covered in test/unit/browserHost-fleetIdentity.test.ts
 * and test/unit/electron-fleetSession.test.ts.)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { copyFixtureFleet, serveFleet, type ServedFleet } from './serveFleet';

let served: ServedFleet | null = null;
test.afterEach(async () => {
  await served?.stop();
  served = null;
});

test('dragging a seat saves its place in .seatmap/layout.json of the fleet shown', async ({ page }) => {
  const dir = await copyFixtureFleet('small-agency');
  served = await serveFleet(dir);
  await page.goto(served.url);
  const seat = page.getByTestId('seat-radar');
  await expect(seat).toBeVisible();
  const box = await seat.boundingBox();
  if (!box) throw new Error('seat-radar has no box');
  const start = { x: box.x + box.width / 2, y: box.y + 8 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 40, start.y + 30, { steps: 5 });
  await page.mouse.move(start.x + 120, start.y + 90, { steps: 5 });
  await page.mouse.up();
  const saved = async () => JSON.parse(await readFile(join(dir, '.seatmap', 'layout.json'), 'utf8').catch(() => 'null')) as Record<string, { x: number; y: number }> | null;
  // Every seat on screen is saved (so the next open shows the same picture), the dragged one moved.
  await expect.poll(async () => Object.keys((await saved()) ?? {}).sort()).toEqual(['dash', 'david', 'dirk', 'pulse', 'radar']);
});
