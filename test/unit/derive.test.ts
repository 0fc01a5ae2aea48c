import { describe, expect, it } from 'vitest';
import { derive, summarizeInbox } from '../../shared/derive';
import type { DeriveInputs } from '../../shared/deriveInputs';
import type { FleetPath } from '../../shared/ids';
import { parseFleetYaml } from '../../shared/parseFleet';
import type { InboxData, InboxMessage } from '../../shared/records';

const NOW = Date.parse('2026-11-20T12:00:00Z');

const registry = (() => {
  const parsed = parseFleetYaml(`version: 1
name: Test
seats:
  a: { name: A, owner: h, writes: [{ path: state/a/out.json, staleAfter: 2h }] }
  b: { name: B, owner: h, reads: [state/a/out.json] }
  c: { name: C, owner: h, status: retired }
  h: { name: H, kind: human }
handoffs:
  - { from: a, to: b, via: inbox, what: Work }
rules:
  - { winner: a, over: b, when: Always }
`);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.registry;
})();

let line = 0;
function message(from: string, to: string, id: string, ts = NOW - 3_600_000): InboxMessage {
  line++;
  return { id, ts, from, to, type: 'INFORM', subject: '', re: null, entities: [], line, offset: 0 };
}

function inbox(seat: string, messages: InboxMessage[], acks: string[] = []): InboxData {
  return { seat, path: `inbox/${seat}.jsonl` as FleetPath, messages, acks: acks.map((ack, i) => ({ ack, ts: NOW, by: seat, line: 100 + i })), problems: [], bytes: 10 };
}

function inputs(overrides: Partial<DeriveInputs> = {}): DeriveInputs {
  return {
    fleetKey: 'k', revision: 3, root: '/fleet', now: NOW, registry, registryDiagnostics: [], fleetError: null, fleetHash: null,
    inboxes: [], stateFiles: [], activity: [], fileDiagnostics: [], watcher: { status: 'watching', message: null, files: 0 },
    ...overrides,
  };
}

describe('derive', () => {
  it('draws seats, handoffs with their traffic, undesigned traffic and rules', () => {
    const snapshot = derive(inputs({
      inboxes: [
        inbox('b', [message('a', 'b', 'm1'), message('a', 'b', 'm2', NOW - 60_000)], ['m1']),
        inbox('a', [message('b', 'a', 'm3')]),
      ],
    }));
    expect(snapshot.seats.map((s) => s.id)).toEqual(['a', 'b', 'c', 'h']);
    expect(snapshot.seats.find((s) => s.id === 'b')?.inbox).toEqual({ total: 2, unread: 1, oldestUnreadTs: NOW - 60_000, lastTs: NOW - 60_000, problems: 0, indexing: null });
    expect(snapshot.seats.find((s) => s.id === 'c')?.status).toBe('retired');
    expect(snapshot.handoffs).toEqual([expect.objectContaining({ from: 'a', to: 'b', messages: 2, lastTs: NOW - 60_000 })]);
    expect(snapshot.traffic).toEqual([
      expect.objectContaining({ id: 'a->b', count: 2, designed: true, lastMessageId: 'm2' }),
      expect.objectContaining({ id: 'b->a', count: 1, designed: false }),
    ]);
    expect(snapshot.rules).toEqual([expect.objectContaining({ winner: 'a', over: 'b' })]);
    expect(snapshot.totals.messages).toBe(3);
    expect(snapshot.revision).toBe(3);
  });

  it('shows seats that have files but no entry in fleet.yaml, and says so', () => {
    const snapshot = derive(inputs({ inboxes: [inbox('ghost', [message('a', 'ghost', 'm1')])] }));
    expect(snapshot.seats.find((s) => s.id === 'ghost')).toMatchObject({ undeclared: true });
    expect(snapshot.traffic.map((t) => t.id)).toEqual(['a->ghost']);
    expect(snapshot.diagnostics).toEqual([expect.objectContaining({ file: 'inbox/ghost.jsonl', message: expect.stringMatching(/no seat in fleet.yaml/) })]);
  });

  it('reports messages from unknown senders once per sender and leaves them off the graph', () => {
    const snapshot = derive(inputs({ inboxes: [inbox('b', [message('zed', 'b', 'm1'), message('zed', 'b', 'm2')])] }));
    expect(snapshot.traffic).toEqual([]);
    expect(snapshot.diagnostics).toEqual([expect.objectContaining({ file: 'inbox/b.jsonl', message: '2 messages from "zed", which is no seat in fleet.yaml' })]);
  });

  it('gives state files their limit, readers and clock-skew warnings', () => {
    const snapshot = derive(inputs({
      stateFiles: [
        { path: 'state/a/out.json' as FleetPath, seat: 'a', time: NOW - 1000, timeSource: 'updatedAt', mtime: NOW, size: 5, hash: 'x', entities: null },
        { path: 'state/b/future.json' as FleetPath, seat: 'b', time: NOW + 86_400_000, timeSource: 'updatedAt', mtime: NOW, size: 5, hash: 'y', entities: null },
      ],
    }));
    expect(snapshot.stateFiles).toEqual([
      expect.objectContaining({ id: 'state/a/out.json', staleAfterMs: 2 * 3_600_000, readers: ['b'], declared: true }),
      expect.objectContaining({ id: 'state/b/future.json', staleAfterMs: 18 * 3_600_000, readers: [], declared: false }),
    ]);
    expect(snapshot.diagnostics).toEqual([expect.objectContaining({ file: 'state/b/future.json', message: expect.stringMatching(/clock skew/) })]);
  });

  it('caps the broken lines listed per file', () => {
    const problems = Array.from({ length: 60 }, (_, i) => ({ file: 'inbox/b.jsonl', line: i + 1, column: null, severity: 'warning' as const, message: 'bad' }));
    const snapshot = derive(inputs({ inboxes: [{ ...inbox('b', []), problems }] }));
    expect(snapshot.diagnostics).toHaveLength(51);
    expect(snapshot.diagnostics[50]?.message).toMatch(/10 more broken lines/);
  });

  it('keeps the last good structure and carries the fleet error', () => {
    const error = { file: 'fleet.yaml', line: 3, column: 5, severity: 'error' as const, message: 'fleet.yaml does not parse' };
    const snapshot = derive(inputs({ fleetError: error }));
    expect(snapshot.fleetError).toEqual(error);
    expect(snapshot.seats).toHaveLength(4);
  });

  it('summarizes an inbox: unread is unacked', () => {
    expect(summarizeInbox(inbox('b', [message('a', 'b', 'x', NaN), message('a', 'b', 'y', NOW)], ['y']))).toEqual({ total: 2, unread: 1, oldestUnreadTs: null, lastTs: NOW, problems: 0, indexing: null });
  });
});
