/**
 * A small fleet opened for the first time shows the quick placement at once; the layout worker's
 * elk layout replaces it, the view fits it again, and it is saved in .seatmap/layout.json (the
 * quick placement alone is never saved).
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { serveFleet, type ServedFleet } from './serveFleet';

let served: ServedFleet | null = null;
test.afterEach(async () => {
  await served?.stop();
  served = null;
});

/** Two teams, each a human lead and six agents in one handoff chain, a handoff between the teams, and a lone seat. */
async function writeChainFleet(): Promise<{ dir: string; seats: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'seatmap-e2e-chains-'));
  const seats: string[] = [];
  const lines = ['version: 1', 'name: Chains', 'seats:'];
  const handoffs: string[] = [];
  for (const t of ['a', 'b']) {
    const lead = `${t}-lead`;
    lines.push(`  ${lead}: { name: Lead ${t}, kind: human }`);
    seats.push(lead);
    let prev = lead;
    for (let i = 1; i <= 6; i++) {
      const id = `${t}-${i}`;
      lines.push(`  ${id}: { name: Agent ${t}${i}, kind: agent, owner: ${lead} }`);
      seats.push(id);
      handoffs.push(`  - { from: ${prev}, to: ${id}, via: inbox, what: Step ${t}${i} }`);
      prev = id;
    }
  }
  lines.push('  lone: { name: Lone, kind: agent }');
  seats.push('lone');
  handoffs.push('  - { from: a-6, to: b-lead, via: inbox, what: Across teams }');
  await mkdir(join(dir, 'inbox'), { recursive: true });
  await writeFile(join(dir, 'fleet.yaml'), `${[...lines, 'handoffs:', ...handoffs].join('\n')}\n`);
  return { dir, seats };
}

test('a first open: elk lays the fleet out in the worker, the view fits it, and it is saved', async ({ page }) => {
  const { dir, seats } = await writeChainFleet();
  served = await serveFleet(dir);
  await page.goto(served.url);
  await expect(page.getByTestId('seat-a-lead')).toBeVisible();
  await expect(page.getByTestId('layout-status')).toHaveCount(0);
  const saved = async () => JSON.parse(await readFile(join(dir, '.seatmap', 'layout.json'), 'utf8').catch(() => 'null')) as Record<string, { x: number; y: number }> | null;
  await expect.poll(async () => Object.keys((await saved()) ?? {}).sort()).toEqual([...seats].sort());

  // Every seat is inside the canvas after the refit, and no two seat cards overlap.
  await expect(async () => {
    const canvas = (await page.locator('.react-flow').boundingBox())!;
    const boxes = await Promise.all(seats.map(async (id) => [id, (await page.getByTestId(`seat-${id}`).boundingBox())!] as const));
    for (const [id, b] of boxes) {
      expect(b.x >= canvas.x && b.y >= canvas.y && b.x + b.width <= canvas.x + canvas.width && b.y + b.height <= canvas.y + canvas.height, `${id} is in view`).toBe(true);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [, a] = boxes[i]!;
        const [, b] = boxes[j]!;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${boxes[i]![0]} and ${boxes[j]![0]} overlap`).toBe(true);
      }
    }
  }).toPass({ timeout: 10_000 });
});
