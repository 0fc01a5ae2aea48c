/**
 * Two `seatmap serve` instances on one machine, open in one browser: cookies ignore ports, so each
 * instance names its token cookie for itself (service/browserHost.ts). Reloading the first tab after
 * opening the second must still show the first fleet.
 */
import { expect, test } from '@playwright/test';
import { copyFixtureFleet, serveFleet, type ServedFleet } from './serveFleet';

const servers: ServedFleet[] = [];
test.afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

test('two instances keep their own access: reloading the first tab after opening the second still works', async ({ context }) => {
  servers.push(await serveFleet(await copyFixtureFleet('small-agency')));
  servers.push(await serveFleet(await copyFixtureFleet('healthy')));
  const [first, second] = servers as [ServedFleet, ServedFleet];
  const firstTab = await context.newPage();
  await firstTab.goto(first.url);
  await expect(firstTab.getByTestId('seat-dirk')).toBeVisible();
  // The page drops the token from its address; from now on the cookie carries it.
  await expect.poll(() => new URL(firstTab.url()).searchParams.has('token')).toBe(false);

  const secondTab = await context.newPage();
  await secondTab.goto(second.url);
  await expect(secondTab.locator('[data-testid^="seat-"]').first()).toBeVisible();

  const reloaded = await firstTab.reload();
  expect(reloaded?.status()).toBe(200);
  await expect(firstTab.getByTestId('seat-dirk')).toBeVisible();
  const secondReloaded = await secondTab.reload();
  expect(secondReloaded?.status()).toBe(200);
});
