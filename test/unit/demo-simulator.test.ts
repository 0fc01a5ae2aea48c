/**
 * Writing the demo to disk and the live simulator, on real temp folders with an injected clock and
 * scheduler (no sleeps): inboxes only grow, new lines are valid, state files are replaced whole,
 * and the demo's signals are still all there after a long run.
 */
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoFleet, DemoSimulator, writeFleet, type Scheduler } from '../../service/demo';
import { FleetService } from '../../service/fleetService';
import { DEMO_LIVE, generateDemoFleet, refreshStateContent } from '../../shared/demo';
import { SIGNAL_KINDS } from '../../shared/signalTypes';
import { removeDir } from '../helpers/fleetDir';

const NOW = Date.parse('2026-11-20T07:30:00Z');
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function demoDir(now = NOW): Promise<string> {
  const dir = await createDemoFleet(undefined, now);
  dirs.push(dir);
  return dir;
}

async function readAll(root: string, sub: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (rel: string) => {
    for (const entry of await readdir(join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(child);
      else out.set(child, await readFile(join(root, child), 'utf8'));
    }
  };
  await walk(sub);
  return out;
}

describe('writeFleet and createDemoFleet', () => {
  it('writes every generated file with its content and mtime into a fresh temp folder', async () => {
    const dir = await demoDir();
    expect(dir.startsWith(tmpdir())).toBe(true);
    for (const file of generateDemoFleet({ now: NOW }).files) {
      expect(await readFile(join(dir, file.path), 'utf8')).toBe(file.content);
      if (file.mtime !== undefined) expect(Math.abs((await stat(join(dir, file.path))).mtimeMs - file.mtime), file.path).toBeLessThan(1000);
    }
  });

  it('writes into a given folder, and refuses one that already holds a fleet', async () => {
    const base = await mkdtemp(join(tmpdir(), 'seatmap-demo-test-'));
    dirs.push(base);
    const dir = await createDemoFleet(join(base, 'nested', 'fleet'), NOW);
    expect(dir).toBe(join(base, 'nested', 'fleet'));
    expect((await stat(join(dir, 'fleet.yaml'))).isFile()).toBe(true);
    await expect(createDemoFleet(dir, NOW)).rejects.toThrow(/already holds a fleet/);
  });

  it('refuses paths that would leave the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seatmap-demo-test-'));
    dirs.push(dir);
    await expect(writeFleet(dir, [{ path: '../escape.txt', content: 'x' }])).rejects.toThrow(/fleet-relative/);
    await expect(writeFleet(dir, [{ path: '/etc/x', content: 'x' }])).rejects.toThrow(/fleet-relative/);
  });

  it('is read by the fleet service with every signal kind', async () => {
    const dir = await demoDir();
    const service = await FleetService.open({ root: dir, now: () => NOW, watch: false });
    try {
      const snapshot = service.snapshot();
      expect(snapshot.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(new Set(snapshot.signals.map((s) => s.kind))).toEqual(new Set(SIGNAL_KINDS));
    } finally {
      await service.close();
    }
  });
});

describe('refreshStateContent', () => {
  const at = Date.parse('2026-11-21T01:02:03Z');
  it.each([
    ['state/a/x.json', '{\n  "updatedAt": "2026-11-01T00:00:00Z",\n  "n": 1\n}\n', '{\n  "updatedAt": "2026-11-21T01:02:03Z",\n  "n": 1\n}\n'],
    ['state/a/x.md', '---\nupdated: 2026-11-01T00:00:00Z\nauthor: a\n---\n# Body\nupdated: not this\n', '---\nupdated: 2026-11-21T01:02:03Z\nauthor: a\n---\n# Body\nupdated: not this\n'],
    ['state/a/x.md', '---\nlast_updated: 2026-11-01\n---\ntext', '---\nlast_updated: 2026-11-21T01:02:03Z\n---\ntext'],
    ['state/a/x.csv', 'a,b\n1,2\n', 'a,b\n1,2\n'],
    ['state/a/x.json', '{"no": "time"}', '{"no": "time"}'],
    ['state/a/x.json', 'not json', 'not json'],
  ])('%s', (path, before, after) => {
    expect(refreshStateContent(path, before, at)).toBe(after);
  });
});

describe('DemoSimulator', () => {
  it('is started and stopped through the injected scheduler, at the configured interval', async () => {
    const dir = await demoDir();
    const calls: Array<{ tick: () => void; ms: number; cancelled: boolean }> = [];
    const scheduler: Scheduler = (tick, ms) => {
      const call = { tick, ms, cancelled: false };
      calls.push(call);
      return () => void (call.cancelled = true);
    };
    let clock = NOW;
    const sim = new DemoSimulator({ root: dir, now: () => clock, scheduler, intervalMs: 1234, seed: 5 });
    sim.start();
    sim.start();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.ms).toBe(1234);
    const before = await readAll(dir, 'inbox');
    for (let i = 0; i < 10; i++) {
      clock += 1234;
      await sim.tick();
    }
    const after = await readAll(dir, 'inbox');
    expect([...after.values()].join('').length).toBeGreaterThan([...before.values()].join('').length);
    sim.stop();
    expect(calls[0]!.cancelled).toBe(true);
    expect(sim.running).toBe(false);
  });

  it('only appends to inboxes, with valid lines, and keeps every demo signal alive over a long run', async () => {
    const dir = await demoDir();
    let clock = NOW;
    const sim = new DemoSimulator({ root: dir, now: () => clock, seed: 11, scheduler: () => () => undefined });
    const generated = generateDemoFleet({ now: NOW }).files;
    const scorecard = generated.find((f) => f.path === 'state/tally/scorecard.json')!.content;
    let previous = await readAll(dir, 'inbox');
    const kindsSeen = { message: 0, ack: 0, reply: 0, bridge: 0, state: 0 };
    const stateBefore = await readAll(dir, 'state');
    const allIds = new Set([...previous.values()].flatMap((t) => t.trim().split('\n').map((l) => (JSON.parse(l) as { id?: string }).id).filter(Boolean)));

    for (let i = 0; i < 400; i++) {
      clock += 3000;
      await sim.tick();
      const current = await readAll(dir, 'inbox');
      for (const [path, text] of current) {
        const old = previous.get(path) ?? '';
        expect(text.startsWith(old), `${path} was rewritten`).toBe(true);
        const owner = path.slice('inbox/'.length, -'.jsonl'.length);
        for (const line of text.slice(old.length).split('\n').filter(Boolean)) {
          const value = JSON.parse(line) as Record<string, unknown>;
          if ('ack' in value) {
            kindsSeen.ack++;
            expect(value.by).toBe(owner);
            expect(text.includes(`"id":"${String(value.ack)}"`)).toBe(true);
            expect(owner).not.toBe('scout');
          } else {
            kindsSeen.message++;
            expect(value).toMatchObject({ id: expect.any(String), ts: new Date(clock).toISOString().replace('.000Z', 'Z'), from: expect.any(String), to: owner, subject: expect.any(String), body: expect.any(String) });
            expect(['INFORM', 'REQUEST', 'PROPOSAL', 'RESPONSE', 'CHALLENGE']).toContain(value.type);
            expect(allIds.has(value.id as string)).toBe(false);
            allIds.add(value.id as string);
            if (value.re) {
              expect(allIds.has(value.re as string)).toBe(true);
              if (value.from === 'maria') kindsSeen.bridge++;
              else kindsSeen.reply++;
            }
            expect(`${String(value.from)}->${owner}`).not.toBe('coach->echo');
          }
        }
      }
      previous = current;
    }
    const stateAfter = await readAll(dir, 'state');
    for (const [path, text] of stateAfter) if (text !== stateBefore.get(path)) kindsSeen.state++;
    expect(kindsSeen.message).toBeGreaterThan(50);
    expect(kindsSeen.ack).toBeGreaterThan(20);
    expect(kindsSeen.reply).toBeGreaterThan(0);
    expect(kindsSeen.bridge).toBeGreaterThan(0);
    expect(kindsSeen.state).toBeGreaterThan(3);
    // No temp files left behind; the stale file is never refreshed; nothing outside the format.
    expect([...stateAfter.keys()].sort()).toEqual([...stateBefore.keys()].sort());
    expect(stateAfter.get('state/tally/scorecard.json')).toBe(scorecard);
    expect(DEMO_LIVE.refreshable.some((p) => stateAfter.get(p) !== stateBefore.get(p))).toBe(true);

    const service = await FleetService.open({ root: dir, now: () => clock, watch: false });
    try {
      expect(service.snapshot().diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      expect(new Set(service.snapshot().signals.map((s) => s.kind))).toEqual(new Set(SIGNAL_KINDS));
    } finally {
      await service.close();
    }
  });

  it('reports failed ticks through onError and keeps ticking', async () => {
    const dir = await demoDir();
    const errors: unknown[] = [];
    let scheduled: () => void = () => undefined;
    // A root without inboxes: every append fails with ENOENT.
    const sim = new DemoSimulator({ root: join(dir, 'missing'), seed: 3, onError: (e) => errors.push(e), scheduler: (tick) => ((scheduled = tick), () => undefined) });
    sim.start();
    for (let i = 0; i < 30; i++) {
      scheduled();
      await sim.tick().catch(() => undefined);
    }
    expect(errors.length).toBeGreaterThan(1);
    expect(String(errors[0])).toMatch(/ENOENT/);
    sim.stop();
  });

  it('is deterministic for a seed and a clock', async () => {
    const run = async () => {
      const dir = await demoDir();
      let clock = NOW;
      const sim = new DemoSimulator({ root: dir, now: () => clock, seed: 9 });
      for (let i = 0; i < 60; i++) {
        clock += 3000;
        await sim.tick();
      }
      return [...(await readAll(dir, 'inbox'))].sort();
    };
    expect(await run()).toEqual(await run());
  });

  it('keeps ids unique without remembering them, even when the clock stands still or steps back', async () => {
    const clocks: Array<(i: number) => number> = [
      (i) => NOW + i * 3000, // the normal run
      (i) => NOW + Math.floor(i / 50) * 3000, // stuck for 50 ticks at a time
      (i) => NOW - i * 1000, // stepping back
    ];
    for (const clockAt of clocks) {
      const dir = await demoDir();
      let i = 0;
      const sim = new DemoSimulator({ root: dir, now: () => clockAt(i), seed: 21 });
      for (; i < 300; i++) await sim.tick();
      const ids = [...(await readAll(dir, 'inbox')).values()].flatMap((text) =>
        // A forwarded copy keeps its original's id on purpose (the demo's retired seat); it is not a new message.
        text.trim().split('\n').map((line) => JSON.parse(line) as { id?: string; forwardedFrom?: string }).filter((m) => !m.forwardedFrom).map((m) => m.id).filter((id): id is string => Boolean(id)),
      );
      expect(ids.length).toBeGreaterThan(100);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});
