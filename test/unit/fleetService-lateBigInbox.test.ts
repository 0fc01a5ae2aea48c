/**
 * A big inbox that appears while a fleet is open (copied in, or written just after the first scan)
 * is deferred like one met at open, and must then be indexed too: its counts fill in.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LARGE_INBOX_BYTES } from '../../service/fleetFiles';
import { FleetService } from '../../service/fleetService';
import { makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

it('indexes a big inbox that appears after the fleet was opened', async () => {
  const dir = await makeFleetDir({ 'fleet.yaml': 'version: 1\nseats:\n  a: { owner: h }\n  b: { owner: h }\n  h: { kind: human }\n' });
  const service = await FleetService.open({ root: dir });
  cleanup.push(() => removeDir(dir), () => service.close());
  expect(service.snapshot().seats.find((s) => s.id === 'b')!.inbox.total).toBe(0);

  const count = 2_000;
  const body = 'x'.repeat(Math.ceil((LARGE_INBOX_BYTES * 1.2) / count));
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ id: `m-${i}`, ts: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(), from: 'a', to: 'b', type: 'INFORM', subject: `#${i}`, body }));
  // Written aside, then renamed in: the service meets it whole, as a file over the deferral size.
  await writeFile(join(dir, 'staging.jsonl'), `${lines.join('\n')}\n`);
  await mkdir(join(dir, 'inbox'));
  await rename(join(dir, 'staging.jsonl'), join(dir, 'inbox/b.jsonl'));

  const done = await waitFor(() => {
    const inbox = service.snapshot().seats.find((s) => s.id === 'b')!.inbox;
    return inbox.indexing === null && inbox.total === count && inbox;
  }, {
    subscribe: (wake) => service.subscribe(wake),
    timeoutMs: 15_000,
    describe: () => `b's inbox indexed (now ${JSON.stringify(service.snapshot().seats.find((s) => s.id === 'b')!.inbox)})`,
  });
  expect(done.unread).toBe(count);
});
