/**
 * Opens every hostile message body (test/fixtures/hostileBodies.ts) in an open seat panel and
 * clicks each link it rendered, the way a curious reader would. The browser and the desktop specs
 * then check what they can: nothing ran, nothing loaded from elsewhere, nothing navigated.
 */
import { expect, type Page } from '@playwright/test';
import { HOSTILE_BODIES } from '../fixtures/hostileBodies';

export async function readEveryHostileBody(page: Page): Promise<void> {
  for (let i = 0; i < HOSTILE_BODIES.length; i++) {
    const row = page.getByTestId(`message-h-${i}`);
    if (!(await row.isVisible())) await page.getByRole('searchbox').fill(HOSTILE_BODIES[i]!.name);
    await row.click();
    const body = page.getByTestId('message-body');
    await expect(body).toBeVisible();
    // Click every link the body rendered: none may run script or navigate the app.
    for (const link of await body.locator('a').all()) await link.click({ force: true, noWaitAfter: true }).catch(() => undefined);
    await page.keyboard.press('Escape');
    await page.getByRole('searchbox').fill('').catch(() => undefined);
  }
}
