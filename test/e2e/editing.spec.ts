/**
 * Designing on the canvas, written back to fleet.yaml, in Debian's Chromium against the
 * real `seatmap serve` (real files, real watcher, the real command runner).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { copyFixtureFleet, serveFleet, type ServedFleet } from './serveFleet';

let served: ServedFleet | null = null;
test.afterEach(async () => {
  await served?.stop();
  served = null;
});

const FIRST_LINE = '# A small hand-written fleet for tests: five seats, three handoffs, one rule.';
const INLINE_COMMENT = '# briefing inputs must be from today';

/** Serves a fresh copy of the small-agency fixture; resolves with its fleet.yaml path. */
async function open(): Promise<{ fleetFile: string }> {
  const dir = await copyFixtureFleet('small-agency');
  served = await serveFleet(dir);
  return { fleetFile: join(dir, 'fleet.yaml') };
}

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** docs/platform-notes.md: down on the source handle's centre, move in steps, up on the target handle. */
async function dragConnect(page: Page, from: string, to: string) {
  const source = await centre(page.locator(`[data-testid=seat-${from}] .react-flow__handle.source`));
  const target = await centre(page.locator(`[data-testid=seat-${to}] .react-flow__handle.target`));
  await page.mouse.move(source.x, source.y);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 10 });
  await page.mouse.up();
}

const readFleet = (file: string) => readFile(file, 'utf8');

test('drag-connecting two seats writes the handoff with the comments intact and draws the edge', async ({ page }) => {
  const { fleetFile } = await open();
  await page.goto(served!.url);
  await expect(page.getByTestId('seat-dirk')).toBeVisible();
  // Seats move once elk's layout arrives: drag between handles where they have settled.
  await expect(page.getByTestId('layout-status')).toHaveCount(0);
  await expect(page.getByTestId('handoff-dirk-radar')).toHaveCount(0);

  // The pair's undesigned traffic offers the same form; Esc cancels it without writing.
  await page.getByTestId('traffic-dirk-radar').click();
  await page.getByTestId('edge-design').click();
  const form = page.getByTestId('handoff-form');
  await expect(form.getByTestId('handoff-route')).toContainText('Dirk');
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();

  await dragConnect(page, 'dirk', 'radar');
  await expect(form).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'New handoff' })).toBeVisible();
  // Defaults: Dirk writes no state file, so the route is its inbox message; what names both seats.
  await expect(form.getByTestId('handoff-via')).toHaveValue('inbox');
  await expect(form.getByTestId('handoff-what')).toHaveValue('Dirk → Radar');
  await form.getByTestId('handoff-what').fill('Renewals closing this week');
  await form.getByTestId('handoff-save').click();
  await expect(form).toBeHidden();

  await expect(page.getByTestId('handoff-dirk-radar')).toBeAttached();
  await expect(page.getByTestId('handoff-dirk-radar')).toContainText('Renewals closing this week');
  await expect(page.getByTestId('traffic-dirk-radar')).toHaveCount(0);
  const text = await readFleet(fleetFile);
  expect(text).toMatch(/- from: dirk\n\s+to: radar\n\s+via: inbox\n\s+what: Renewals closing this week\n/);
  expect(text.split('\n')[0]).toBe(FIRST_LINE);
  expect(text).toContain(`staleAfter: 18h   ${INLINE_COMMENT}`);

  // A second drag between the same seats is refused in plain words before anything is written.
  await dragConnect(page, 'dirk', 'radar');
  await expect(form).toBeVisible();
  await form.getByTestId('handoff-what').fill('Again');
  await form.getByTestId('handoff-what').press('Enter');
  await expect(form.getByTestId('edit-error')).toContainText('already hands off');
  await page.keyboard.press('Escape');
  await expect(form).toBeHidden();
  expect(await readFleet(fleetFile)).toBe(text);
});

test('deleting a handoff edge removes it from disk and graph; undo restores it, redo removes it again', async ({ page }) => {
  const { fleetFile } = await open();
  await page.goto(served!.url);
  const label = page.getByTestId('handoff-pulse-dirk');
  await expect(label).toBeAttached();
  const original = await readFleet(fleetFile);

  await label.click();
  await expect(page.getByTestId('edge-actions')).toContainText('Pulse');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('undo-toast')).toContainText('Handoff removed');
  await expect(label).toHaveCount(0);
  const removed = await readFleet(fleetFile);
  expect(removed).not.toContain('from: pulse\n    to: dirk');
  expect(removed).toContain(INLINE_COMMENT);

  await page.keyboard.press('Control+z');
  await expect(label).toBeAttached();
  await expect.poll(() => readFleet(fleetFile)).toBe(original);

  await page.keyboard.press('Control+Shift+z');
  await expect(label).toHaveCount(0);
  await expect.poll(() => readFleet(fleetFile)).toBe(removed);

  // The toast's own button undoes too.
  await page.getByTestId('undo-toast').getByRole('button', { name: 'Undo' }).click();
  await expect(label).toBeAttached();
  await expect.poll(() => readFleet(fleetFile)).toBe(original);
});

test('while fleet.yaml does not parse, edits are refused with the banner and the file is untouched', async ({ page }) => {
  const { fleetFile } = await open();
  await page.goto(served!.url);
  await expect(page.getByTestId('seat-dirk')).toBeVisible();
  await expect(page.getByTestId('layout-status')).toHaveCount(0);
  const broken = (await readFleet(fleetFile)).replace('seats:\n', 'seats:\n  echo: { name: Echo, kind: agent\n');
  await writeFile(fleetFile, broken);
  const banner = page.getByTestId('editing-disabled');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText(/fleet\.yaml line \d+ does not parse; fix it to edit again/);

  await dragConnect(page, 'dirk', 'radar');
  await expect(page.getByTestId('handoff-form')).toHaveCount(0);
  await expect(banner).toContainText('Nothing was written');

  await page.getByTestId('handoff-pulse-dirk').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('undo-toast')).toContainText('Editing is off');
  await expect(page.getByTestId('handoff-pulse-dirk')).toBeAttached();
  expect(await readFleet(fleetFile)).toBe(broken);
});

test('editing a seat’s role in the panel changes exactly one line on disk', async ({ page }) => {
  const { fleetFile } = await open();
  await page.goto(served!.url);
  await page.getByTestId('seat-dirk').click();
  const panel = page.getByTestId('seat-panel');
  await expect(panel).toBeVisible();
  const before = await readFleet(fleetFile);

  await panel.getByTestId('seat-edit').click();
  const form = page.getByRole('dialog', { name: /Edit seat Dirk/ });
  await expect(form).toBeVisible();
  await form.getByLabel('Role').fill('Sales. Upsells, renewals and win-backs.');
  await form.getByTestId('seat-save').click();
  await expect(form).toBeHidden();
  await expect(panel).toContainText('Sales. Upsells, renewals and win-backs.');

  const after = await readFleet(fleetFile);
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  const changed = a.map((line, i) => [line, b[i]]).filter(([x, y]) => x !== y);
  expect(changed).toEqual([['    role: Sales. Upsells and renewals.', '    role: Sales. Upsells, renewals and win-backs.']]);
});

test('a seat is added with its id checked as it is typed, and a rule is added, then removed from its edge', async ({ page }) => {
  const { fleetFile } = await open();
  await page.goto(served!.url);
  await expect(page.getByTestId('seat-dirk')).toBeVisible();

  await page.getByTestId('add-seat').click();
  const seatForm = page.getByRole('dialog', { name: 'Add seat' });
  await seatForm.getByTestId('seat-add-name').fill('Echo Mail');
  await expect(seatForm.getByTestId('seat-add-id')).toHaveValue('echo-mail');
  await seatForm.getByTestId('seat-add-id').fill('Echo');
  await expect(seatForm).toContainText('Lowercase only');
  await seatForm.getByTestId('seat-add-id').fill('dash');
  await expect(seatForm).toContainText('A seat dash already exists');
  await seatForm.getByTestId('seat-add-id').fill('echo');
  await seatForm.getByTestId('seat-add-owner').fill('david');
  await seatForm.getByTestId('seat-add-save').click();
  await expect(seatForm).toBeHidden();
  await expect(page.getByTestId('seat-echo')).toBeVisible();
  // Written in the style of the seat before it (the fixture's last seat is a one-line mapping).
  expect(await readFleet(fleetFile)).toMatch(/\n {2}echo: \{ name: Echo Mail, kind: agent, owner: david \}\nhandoffs:/);

  await page.getByTestId('add-rule').click();
  const ruleForm = page.getByRole('dialog', { name: 'New conflict rule' });
  await ruleForm.getByTestId('rule-winner').selectOption('dash');
  await ruleForm.getByTestId('rule-over').selectOption('echo');
  await ruleForm.getByTestId('rule-when').fill('The client asked for ad numbers');
  await ruleForm.getByTestId('rule-when').press('Enter');
  await expect(ruleForm).toBeHidden();
  const rule = page.getByTestId('rule-dash-echo');
  await expect(rule).toBeAttached();
  expect(await readFleet(fleetFile)).toMatch(/- winner: dash\n\s+over: echo\n\s+when: The client asked for ad numbers\n/);

  await rule.click();
  await page.getByTestId('edge-delete').click();
  await expect(page.getByTestId('undo-toast')).toContainText('Rule removed');
  await expect(rule).toHaveCount(0);
  expect(await readFleet(fleetFile)).not.toContain('winner: dash');
});
