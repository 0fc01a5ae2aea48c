/**
 * A Claude Code root opened through the real `seatmap serve` in Chromium, on a copy of the real
 * captures (test/fixtures/claude-teams): the team list, a team's graph, a seat's inbox with
 * decoded protocol messages, the read-only banner, and a live change written the way Claude Code
 * writes it (the whole inbox array rewritten).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { FIXTURES, serveFleet } from './serveFleet';

const cleanup: Array<() => Promise<void>> = [];
test.afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A `~/.claude`-like root holding two captured teams. */
async function claudeRoot(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'seatmap-e2e-claude-'));
  await cp(join(FIXTURES, 'claude-teams', 'js-testing-research'), root, { recursive: true });
  await cp(join(FIXTURES, 'claude-teams', 'moonlit-chasing-meerkat'), root, { recursive: true });
  cleanup.push(() => rm(root, { recursive: true, force: true }));
  return root;
}

/** Serves a Claude Code root with its own history folder (Seatmap never writes inside the root). */
async function serve(dir: string): Promise<string> {
  const dataDir = await mkdtemp(join(tmpdir(), 'seatmap-e2e-data-'));
  const served = await serveFleet(dir, { ownsDir: false, extraArgs: ['--data-dir', dataDir] });
  cleanup.push(async () => {
    await served.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return served.url;
}

test('a Claude Code root: the team list, a team graph, decoded protocol messages, read-only, live', async ({ page }) => {
  const root = await claudeRoot();
  const url = await serve(root);
  await page.goto(url);

  // The team list: both teams, running.
  await page.getByTestId('team-menu').click();
  const list = page.getByTestId('team-list');
  await expect(list.getByTestId('team-js-testing-research')).toContainText('running');
  await expect(list.getByTestId('team-moonlit-chasing-meerkat')).toBeVisible();
  await list.getByTestId('team-js-testing-research').click();
  await expect(page.getByTestId('fleet-name')).toHaveText(/js-testing-research/);

  // The team's graph: members, the human at the keyboard, read-only with the reason.
  for (const seat of ['team-lead', 'unit-testing-researcher', 'integration-testing-researcher', 'you']) await expect(page.getByTestId(`seat-${seat}`)).toBeVisible();
  await expect(page.getByTestId('read-only')).toContainText('Claude Code owns these files');
  await expect(page.getByTestId('history-note')).toContainText('Delete that folder');

  // A seat's inbox: protocol messages as chips, never raw JSON.
  await page.getByTestId('seat-team-lead').click();
  const panel = page.getByTestId('seat-panel');
  await expect(panel.getByTestId('message-chip').filter({ hasText: 'permission requested' })).toBeVisible();
  await expect(panel.getByTestId('message-chip').filter({ hasText: 'shutdown approved' }).first()).toBeVisible();
  await expect(panel.locator('.inbox-list')).not.toContainText('{"type"');
  // Read-only: nothing offers an edit, a retire or a merge.
  await expect(page.getByTestId('add-seat')).toHaveCount(0);
  await expect(panel.getByTestId('seat-edit')).toHaveCount(0);
  await expect(panel.getByTestId('seat-retire')).toHaveCount(0);
  if (process.env.SEATMAP_UPDATE_SCREENSHOTS) await page.screenshot({ path: 'assets/screenshots/claude-team.png' });

  // Live: Claude Code rewrites the lead's inbox with one more message.
  const file = join(root, 'teams', 'js-testing-research', 'inboxes', 'team-lead.json');
  const messages = JSON.parse(await readFile(file, 'utf8')) as unknown[];
  messages.push({ from: 'unit-testing-researcher', text: JSON.stringify({ type: 'plan_approval_request', requestId: 'plan-1', planFilePath: 'plan.md' }), timestamp: new Date().toISOString(), read: false });
  await writeFile(file, JSON.stringify(messages, null, 2));
  // The list is at its top, so the new message is simply the first row (no "new messages" button).
  const chip = panel.getByTestId('message-chip').filter({ hasText: 'plan approval requested' });
  await expect(chip).toBeVisible();
  await expect(panel.getByTestId('inbox-new-messages')).toHaveCount(0);

  // A new team appears live in the list.
  await page.keyboard.press('Escape');
  await mkdir(join(root, 'teams', 'session-0badc0de', 'inboxes'), { recursive: true });
  await writeFile(join(root, 'teams', 'session-0badc0de', 'config.json'), JSON.stringify({ name: 'session-0badc0de', leadAgentId: 'team-lead@session-0badc0de', members: [{ name: 'team-lead', agentId: 'team-lead@session-0badc0de' }] }));
  await page.getByTestId('team-menu').click();
  await expect(page.getByTestId('team-session-0badc0de')).toBeVisible();
});
