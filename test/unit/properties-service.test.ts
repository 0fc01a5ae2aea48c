/**
 * Property tests on real files: tailing an inbox that grows in random pieces (cut anywhere, inside
 * a multi-byte character too) gives the lines of the whole file; and the fleet service, opened on a
 * folder of random bytes where fleet.yaml, inboxes, activity and state files belong, never throws
 * and reports every problem against a file.
 */
import fc from 'fast-check';
import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetService } from '../../service/fleetService';
import { JsonlTail } from '../../service/jsonlTail';
import { applyPatch } from '../../shared/patch';
import type { FleetSnapshot } from '../../shared/snapshot';
import { makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';

let dir = '';
beforeAll(async () => {
  dir = await makeFleetDir();
});
afterAll(async () => {
  await removeDir(dir);
});

/** Scale every property's run count (PROPERTY_RUNS_SCALE=20 for a long local hunt). */
const RUNS = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);

describe('JsonlTail on a file that grows in random pieces', () => {
  it('reads the same lines, with the same numbers and offsets, as one read of the whole file', async () => {
    let n = 0;
    const lineArb = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('héllo wörld', '😀😀', '日本語', '\r', '{"id":"m"}\r'));
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), fc.boolean(), async (lines, cuts, halfLast) => {
        const text = lines.map((l) => l.replace(/\n/g, ' ')).join('\n') + (halfLast ? '\n{"partial' : '\n');
        const bytes = Buffer.from(text);
        const file = join(dir, `tail-${n++}.jsonl`);
        await writeFile(file, '');
        const tail = new JsonlTail(file);
        const got: Array<[string, number, number]> = [];
        let at = 0;
        for (let i = 0; at < bytes.length; i++) {
          const next = Math.min(bytes.length, at + (cuts[i % cuts.length] ?? 1));
          await appendFile(file, bytes.subarray(at, next));
          at = next;
          for (const line of (await tail.read()).lines) got.push([line.text, line.line, line.offset]);
        }
        const whole = (await new JsonlTail(file).read()).lines.map((l): [string, number, number] => [l.text, l.line, l.offset]);
        expect(got).toEqual(whole);
        // Every finished line, and nothing of the unfinished last one.
        expect(got.map(([t]) => t)).toEqual(text.split('\n').slice(0, -1));
      }),
      { numRuns: 60 * RUNS },
    );
  });
});

/** Random bytes, random text, and text that looks almost right, for any fleet file. */
const contentArb = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    'version: 1\nseats:\n  a: {}\n  b: { kind: human }\nhandoffs: [{ from: a, to: b }]\n',
    'version: 2\n',
    '*x',
    '{"id":"m","from":"a","to":"b","ts":"2026-11-20T10:00:00Z","entities":["client:x"]}\n{"ack":"m"}\n',
    '{"ts":"2026-11-20T10:00:00Z","entity":"client:x"}\n',
    '{"updatedAt": 1e300, "entities": [{"entity": "client:x", "since": "garbage"}]}',
    '---\nupdated: &a [*a]\n---\n',
    '\uFEFF',
  ),
);
const fileArb = fc.record({
  path: fc.constantFrom('fleet.yaml', 'inbox/a.jsonl', 'inbox/b.jsonl', 'inbox/con.jsonl', 'activity/a.jsonl', 'state/a/x.json', 'state/b/y.md', 'state/a/deep/z.json', '.seatmap/layout.json'),
  content: contentArb,
});

describe('the fleet service on random files', () => {
  it('opens any folder of random files without throwing, and every problem names a file', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fileArb, { maxLength: 6 }), async (files) => {
        const root = join(dir, `fleet-${n++}`);
        for (const file of files) {
          await mkdir(join(root, file.path, '..'), { recursive: true });
          await writeFile(join(root, file.path), file.content);
        }
        await mkdir(root, { recursive: true });
        const service = await FleetService.open({ root, now: () => Date.parse('2026-11-20T12:00:00Z'), watch: false });
        try {
          const snapshot = service.snapshot();
          for (const d of snapshot.diagnostics) expect(d.file.length).toBeGreaterThan(0);
          expect(() => JSON.stringify(snapshot)).not.toThrow();
          await service.getLayout();
        } finally {
          await service.close();
        }
      }),
      { numRuns: 40 * RUNS },
    );
  });
});

/** What a reader sees, for comparing a long-running service with a fresh read of the same folder. */
function seen(s: FleetSnapshot) {
  return {
    fleetError: s.fleetError?.message ?? null,
    seats: s.seats.map((x) => [x.id, x.inbox.total, x.inbox.unread, x.inbox.problems]),
    stateFiles: s.stateFiles.map((f) => [f.id, f.timeSource]),
    diagnostics: s.diagnostics.map((d) => `${d.file}:${d.line ?? ''} ${d.message}`).sort(),
  };
}

const line = (id: string, from: string, to: string) => `${JSON.stringify({ id, ts: '2026-11-20T10:00:00Z', from, to })}\n`;
const opArb = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), file: fc.constantFrom('inbox/a.jsonl', 'inbox/b.jsonl', 'activity/a.jsonl'), text: fc.oneof(fc.constantFrom(line('m-1', 'b', 'a'), line('m-2', 'a', 'b'), '{"ack":"m-1"}\n', 'garbage\n', '{"id":"m-3","fr', 'om":"b"}\n', '\n'), fc.string({ maxLength: 20 })) }),
  fc.record({ kind: fc.constant('rewrite' as const), file: fc.constantFrom('inbox/a.jsonl', 'state/a/x.json'), text: fc.oneof(fc.constantFrom(line('m-9', 'b', 'a'), ': bad', '{"updatedAt":"2026-11-20T09:00:00Z"}'), fc.string({ maxLength: 30 })) }),
  fc.record({ kind: fc.constant('replace' as const), file: fc.constantFrom('inbox/b.jsonl', 'state/a/x.json'), text: fc.constantFrom(line('m-5', 'a', 'b'), '{"updatedAt":"2026-11-20T08:00:00Z"}') }),
  // Only fleet.yaml files that parse: a broken one keeps the last good structure, which a fresh read never had.
  fc.record({ kind: fc.constantFrom('rewrite' as const, 'replace' as const), file: fc.constant('fleet.yaml'), text: fc.constantFrom('version: 1\nseats: { a: {}, b: {} }\n', 'version: 1\nseats: { a: {} }\n', 'version: 1\nseats: { a: {}, b: { kind: human } }\n') }),
  fc.record({ kind: fc.constant('delete' as const), file: fc.constantFrom('inbox/a.jsonl', 'inbox/b.jsonl', 'state/a/x.json', 'activity/a.jsonl') }),
);

describe('the watching fleet service, against a fresh read', () => {
  it('after any sequence of appends, rewrites, replacements and deletions, shows what a fresh read of the folder shows', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 6 }), async (ops) => {
        const root = join(dir, `watched-${n++}`);
        await mkdir(join(root, 'inbox'), { recursive: true });
        await mkdir(join(root, 'state/a'), { recursive: true });
        await writeFile(join(root, 'fleet.yaml'), 'version: 1\nseats: { a: {}, b: {} }\n');
        await writeFile(join(root, 'inbox/a.jsonl'), line('m-0', 'b', 'a'));
        const now = () => Date.parse('2026-11-20T12:00:00Z');
        const service = await FleetService.open({ root, now, reconcileEveryMs: 500 });
        let view = service.snapshot();
        service.subscribe((event) => {
          if (event.kind === 'patch') view = applyPatch(view, event.patch);
        });
        try {
          for (const op of ops) {
            const abs = join(root, op.file);
            await mkdir(join(abs, '..'), { recursive: true });
            if (op.kind === 'append') await appendFile(abs, op.text);
            else if (op.kind === 'rewrite') await writeFile(abs, op.text);
            else if (op.kind === 'replace') {
              await writeFile(`${abs}.new`, op.text);
              await rename(`${abs}.new`, abs);
            } else await rm(abs, { force: true });
          }
          const fresh = await FleetService.open({ root, now, watch: false });
          const expected = seen(fresh.snapshot());
          await fresh.close();
          await waitFor(() => JSON.stringify(seen(view)) === JSON.stringify(expected), {
            timeoutMs: 8000,
            subscribe: (wake) => service.subscribe(wake),
            describe: () => `the watching service to match a fresh read:\n${JSON.stringify(seen(view))}\n${JSON.stringify(expected)}`,
          });
        } finally {
          await service.close();
        }
      }),
      { numRuns: 12 * RUNS },
    );
  });
});
