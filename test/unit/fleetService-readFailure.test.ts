/**
 * A failure while reading changes runs from a timer, where a rejection would be unhandled and end
 * the host. It must show in the watcher pill instead, keep the last good view, and clear once a
 * later change reads well. The fault comes through the service's read seam (`readIO`).
 */
import type { Stats } from 'node:fs';
import { appendFile, lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { FleetReadIO } from '../../service/fleetFiles';
import { FleetService } from '../../service/fleetService';
import { makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const line = (id: string) => `${JSON.stringify({ id, ts: '2026-11-01T00:00:00Z', from: 'a', to: 'b', type: 'INFORM', subject: id, body: 'hi' })}\n`;

it('shows a failed read of a change in the pill, keeps serving, and recovers on the next good read', async () => {
  const dir = await makeFleetDir({ 'fleet.yaml': 'version: 1\nseats:\n  a: { owner: h }\n  b: { owner: h }\n  h: { kind: human }\n', 'inbox/b.jsonl': line('m-1') });
  let broken = false;
  // Not an fs error the reader expects: a stat that is not a Stats at all (a bug, a broken mount).
  const io: FleetReadIO = { lstat: async (path) => (broken && path.endsWith('b.jsonl') ? ({} as Stats) : lstat(path)), open };
  const service = await FleetService.open({ root: dir, readIO: io });
  cleanup.push(() => removeDir(dir), () => service.close());
  const until = <T>(check: () => T, what: string) =>
    waitFor(check, { subscribe: (wake) => service.subscribe(wake), describe: () => `${what}; watcher ${JSON.stringify(service.snapshot().watcher)}` });
  await until(() => service.snapshot().watcher.status === 'watching', 'the watcher');

  broken = true;
  await appendFile(join(dir, 'inbox/b.jsonl'), line('m-2'));
  await until(() => service.snapshot().watcher.status === 'error', 'the failure in the pill');
  expect(service.snapshot().watcher.message).toMatch(/^Reading the fleet failed .*showing what was last read/);
  expect(service.snapshot().seats.find((s) => s.id === 'b')!.inbox.total).toBe(1);

  broken = false;
  await appendFile(join(dir, 'inbox/b.jsonl'), line('m-3'));
  await until(() => service.snapshot().seats.find((s) => s.id === 'b')!.inbox.total === 3, 'both new messages read');
  expect(service.snapshot().watcher.status).toBe('watching');
});
