/**
 * The service's share, for `npm run bench:ui`: exact counts of a 200k-message inbox as the app
 * gets them (the fleet service indexing it in the background), beside a bare `JSON.parse` of every
 * line of the same file, measured in the same run.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FleetService } from '../service/fleetService';

export async function exactCountFigures(messages = 200_000): Promise<{ bareMs: number; appMs: number; megabytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'seatmap-bench-counts-'));
  try {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const lines: string[] = [];
    for (let i = 0; i < messages; i++) {
      lines.push(JSON.stringify({ id: `m-${i}`, ts: new Date(start + i * 60_000).toISOString(), from: i % 2 ? 'dash' : 'dirk', to: 'radar', type: 'INFORM', subject: `Update ${i}`, body: `Numbers for client ${i % 300}.` }));
      if (i % 3 === 0) lines.push(JSON.stringify({ ack: `m-${i}`, ts: new Date(start + i * 60_000 + 1000).toISOString(), by: 'radar' }));
    }
    const text = `${lines.join('\n')}\n`;
    await mkdir(join(dir, 'inbox'));
    await writeFile(join(dir, 'fleet.yaml'), 'version: 1\nseats:\n  radar: { owner: boss }\n  dash: { owner: boss }\n  dirk: { owner: boss }\n  boss: { kind: human }\n');
    await writeFile(join(dir, 'inbox', 'radar.jsonl'), text);

    let t = performance.now();
    const raw = await readFile(join(dir, 'inbox', 'radar.jsonl'), 'utf8');
    let parsed = 0;
    for (const line of raw.split('\n')) if (line) parsed += JSON.parse(line) ? 1 : 0;
    const bareMs = performance.now() - t;
    if (parsed !== lines.length) throw new Error('bare parse miscounted');

    t = performance.now();
    const service = await FleetService.open({ root: dir });
    try {
      await new Promise<void>((resolve) => {
        const check = () => {
          const radar = service.snapshot().seats.find((s) => s.id === 'radar');
          if (radar && !radar.inbox.indexing && radar.inbox.total === messages) {
            unsubscribe();
            resolve();
          }
        };
        const unsubscribe = service.subscribe(check);
        check();
      });
      return { bareMs, appMs: performance.now() - t, megabytes: Buffer.byteLength(text) / 2 ** 20 };
    } finally {
      await service.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
