import { describe, expect, it } from 'vitest';
import type { FleetApi, FleetEvent } from '../../shared/api';
import { diffSnapshots, type FleetPatch } from '../../shared/patch';
import type { FleetSnapshot, HandoffView, SeatView, TrafficView } from '../../shared/snapshot';
import { fleetDataFromSnapshot, patchFleetData } from '../../renderer/src/store/fleetState';
import { startFleetSync, type FleetStoreState } from '../../renderer/src/store/fleetStore';

function seat(id: string, total = 0): SeatView {
  return {
    id, name: id, kind: 'agent', owner: null, role: '', owns: [], notOwns: [], status: 'active', retiredAt: null, reason: null,
    successors: null, writes: [], reads: [], inbox: { total, unread: total, oldestUnreadTs: null, lastTs: null, problems: 0 }, undeclared: false,
  };
}

const handoff = (from: string, to: string, messages = 0): HandoffView => ({ id: `${from}->${to}@inbox`, from, to, via: 'inbox', what: `${from} to ${to}`, messages, lastTs: null, line: 1 });
const traffic = (from: string, to: string, count: number, designed: boolean): TrafficView => ({ id: `${from}->${to}`, from, to, count, lastTs: null, lastMessageId: null, designed });

function snapshot(revision: number, parts: Partial<FleetSnapshot> = {}): FleetSnapshot {
  return {
    fleetKey: 'k', revision, root: '/f', name: 'F', version: 1, now: 1,
    thresholds: { staleAfterMs: 1, backlogAfterMs: 1, quietAfterMs: 1, overlapWindowMs: 1 },
    seats: [seat('a'), seat('b'), seat('c')], handoffs: [handoff('a', 'b')], traffic: [], rules: [], stateFiles: [], signals: [], diagnostics: [], fleetError: null, fleetHash: null,
    watcher: { status: 'watching', message: null, files: 0 }, totals: { messages: 0, inboxBytes: 0 },
    ...parts,
  };
}

/** A message from a to b: b's inbox and the a→b pair change, nothing else. */
function withMessage(base: FleetSnapshot, revision: number, count: number): FleetSnapshot {
  return {
    ...base,
    revision,
    seats: base.seats.map((s) => (s.id === 'b' ? seat('b', count) : s)),
    handoffs: [handoff('a', 'b', count)],
    traffic: [traffic('a', 'b', count, true)],
    totals: { messages: count, inboxBytes: count * 100 },
  };
}

describe('fleetState', () => {
  it('splits a snapshot into ordered ids and by-id records', () => {
    const data = fleetDataFromSnapshot(snapshot(1));
    expect(data.seats.ids).toEqual(['a', 'b', 'c']);
    expect(data.seats.byId.b).toBe(data.snapshot.seats[1]);
    expect(data.edges.map((e) => e.id)).toEqual(['handoff:a->b']);
  });

  it('a new message replaces only the touched seat and pair; ids, other seats and the edge list keep identity', () => {
    const s1 = withMessage(snapshot(1), 1, 1);
    const data = fleetDataFromSnapshot(s1);
    const next = patchFleetData(data, diffSnapshots(s1, withMessage(s1, 2, 2))!);
    expect(next.seats.byId.b?.inbox.total).toBe(2);
    expect(next.seats.byId.b).not.toBe(data.seats.byId.b);
    expect(next.seats.byId.a).toBe(data.seats.byId.a);
    expect(next.seats.byId.c).toBe(data.seats.byId.c);
    expect(next.seats.ids).toBe(data.seats.ids);
    expect(next.traffic.byId['a->b']?.count).toBe(2);
    expect(next.rules).toBe(data.rules);
    expect(next.edges).toBe(data.edges);
    expect(next.snapshot.watcher).toBe(data.snapshot.watcher);
    expect(next.snapshot.fleetError).toBe(data.snapshot.fleetError);
  });

  it('a new seat or undesigned pair changes the id list and the edges', () => {
    const s1 = snapshot(1);
    const s2 = snapshot(2, { seats: [...s1.seats, seat('d')], traffic: [traffic('c', 'a', 1, false)] });
    const data = fleetDataFromSnapshot(s1);
    const next = patchFleetData(data, diffSnapshots(s1, s2)!);
    expect(next.seats.ids).toEqual(['a', 'b', 'c', 'd']);
    expect(next.seats.byId.a).toBe(data.seats.byId.a);
    expect(next.edges.map((e) => e.id)).toEqual(['handoff:a->b', 'traffic:c->a']);
  });

  it("an undesigned pair's first message draws its edge; its later messages keep the edge list", () => {
    // The pair is known with no messages (count 0: not drawn), then gets one, then another.
    const s1 = snapshot(1, { traffic: [traffic('c', 'a', 0, false)] });
    const s2 = snapshot(2, { traffic: [traffic('c', 'a', 1, false)] });
    const s3 = snapshot(3, { traffic: [traffic('c', 'a', 2, false)] });
    const data = fleetDataFromSnapshot(s1);
    expect(data.edges.map((e) => e.id)).toEqual(['handoff:a->b']);
    const second = patchFleetData(data, diffSnapshots(s1, s2)!);
    expect(second.edges.map((e) => e.id)).toEqual(['handoff:a->b', 'traffic:c->a']);
    const third = patchFleetData(second, diffSnapshots(s2, s3)!);
    expect(third.edges).toBe(second.edges);
  });

  it('a handoff that changes its ends redraws the edges, with the same handoff id', () => {
    const s1 = snapshot(1);
    const moved = { ...handoff('a', 'b'), to: 'c' };
    const data = fleetDataFromSnapshot(s1);
    const next = patchFleetData(data, diffSnapshots(s1, snapshot(2, { handoffs: [moved] }))!);
    expect(next.edges.map((e) => e.id)).toEqual(['handoff:a->c']);
  });

  it('throws on a gap so the caller re-fetches', () => {
    const data = fleetDataFromSnapshot(snapshot(1));
    const patch = diffSnapshots(snapshot(5), withMessage(snapshot(5), 6, 1))!;
    expect(() => patchFleetData(data, patch)).toThrow(/does not follow/);
  });
});

/** A FleetApi whose snapshot answers the test releases by hand. */
function fakeApi() {
  const listeners = new Set<(event: FleetEvent) => void>();
  const requests: Array<{ resolve(s: FleetSnapshot): void; reject(e: Error): void }> = [];
  const api: FleetApi = {
    getSnapshot: () => new Promise((resolve, reject) => requests.push({ resolve, reject })),
    getLayout: async () => ({}),
    saveLayout: async () => undefined,
    getView: async () => ({}),
    saveView: async () => undefined,
    getHostInfo: async () => ({ host: 'browser', canOpenFolder: false, recentFleets: [], isDemo: false }),
    openFleet: async () => ({ opened: false }),
    queryInbox: async () => {
      throw new Error('not used here');
    },
    getMessage: async () => null,
    messageAtLine: async () => null,
    runCommand: async () => ({ ok: false, refusal: { code: 'invalid', message: 'not used here' } }),
    openTeam: async () => ({ opened: false }),
    planRetire: async () => ({ ok: false, refusal: { code: 'unknown-seat', message: 'not used here' } }),
    applyRetire: async () => ({ ok: false, refusal: { code: 'unknown-seat', message: 'not used here' } }),
    undoRetire: async () => ({ ok: false, refusal: { code: 'unknown-seat', message: 'not used here' } }),
    lastRetire: async () => null,
    onFleetEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    api,
    requests,
    emit: (event: FleetEvent) => listeners.forEach((l) => l(event)),
    patch: (from: FleetSnapshot, to: FleetSnapshot): FleetEvent => ({ kind: 'patch', patch: diffSnapshots(from, to) as FleetPatch }),
    listenerCount: () => listeners.size,
  };
}

function settled(store: { getState(): FleetStoreState; subscribe(l: (s: FleetStoreState) => void): () => void }, done: (s: FleetStoreState) => boolean) {
  return new Promise<FleetStoreState>((resolve) => {
    if (done(store.getState())) return resolve(store.getState());
    const stop = store.subscribe((s) => {
      if (done(s)) {
        stop();
        resolve(s);
      }
    });
  });
}

describe('startFleetSync', () => {
  it('loads the snapshot, applies following patches, and re-renders only what a selector picks', async () => {
    const host = fakeApi();
    const sync = startFleetSync(host.api);
    expect(sync.store.getState().phase).toBe('loading');
    const s1 = snapshot(1);
    host.requests[0]!.resolve(s1);
    const ready = await settled(sync.store, (s) => s.phase === 'ready');
    const seatA = ready.data!.seats.byId.a;

    let seatANotifications = 0;
    let last = seatA;
    sync.store.subscribe((s) => {
      const now = s.data?.seats.byId.a;
      if (now !== last) seatANotifications++;
      last = now;
    });
    const s2 = withMessage(s1, 2, 1);
    host.emit(host.patch(s1, s2));
    expect(sync.store.getState().data!.snapshot.revision).toBe(2);
    expect(sync.store.getState().data!.seats.byId.b?.inbox.total).toBe(1);
    expect(seatANotifications).toBe(0);
    expect(sync.store.getState().fetches).toBe(1);
  });

  it('applies patches that arrive while the snapshot is on its way, and drops those it already has', async () => {
    const host = fakeApi();
    const sync = startFleetSync(host.api);
    const s1 = snapshot(1);
    const s2 = withMessage(s1, 2, 1);
    const s3 = withMessage(s2, 3, 2);
    host.emit(host.patch(s1, s2));
    host.emit(host.patch(s2, s3));
    host.requests[0]!.resolve(s2);
    const state = await settled(sync.store, (s) => s.phase === 'ready');
    expect(state.data!.snapshot.revision).toBe(3);
    expect(state.data!.traffic.byId['a->b']?.count).toBe(2);
    expect(state.fetches).toBe(1);
  });

  it('re-fetches on a gap and on a reset event', async () => {
    const host = fakeApi();
    const sync = startFleetSync(host.api);
    const s1 = snapshot(1);
    host.requests[0]!.resolve(s1);
    await settled(sync.store, (s) => s.phase === 'ready');

    const s5 = withMessage(snapshot(5), 5, 4);
    host.emit(host.patch(s5, withMessage(s5, 6, 5)));
    expect(host.requests).toHaveLength(2);
    host.requests[1]!.resolve(withMessage(s5, 6, 5));
    let state = await settled(sync.store, (s) => s.data?.snapshot.revision === 6);
    expect(state.data!.traffic.byId['a->b']?.count).toBe(5);

    host.emit({ kind: 'reset', reason: 'Another fleet was opened' });
    expect(host.requests).toHaveLength(3);
    host.requests[2]!.resolve({ ...snapshot(1), fleetKey: 'other', name: 'Other' });
    state = await settled(sync.store, (s) => s.data?.snapshot.fleetKey === 'other');
    expect(state.data!.snapshot.name).toBe('Other');
    expect(state.fetches).toBe(3);
  });

  it('keeps the last snapshot on a failed re-fetch, and reports a failed first load', async () => {
    const host = fakeApi();
    const sync = startFleetSync(host.api);
    host.requests[0]!.reject(new Error('socket closed'));
    let state = await settled(sync.store, (s) => s.phase === 'failed');
    expect(state.syncError).toBe('socket closed');

    sync.refetch();
    host.requests[1]!.resolve(snapshot(1));
    state = await settled(sync.store, (s) => s.phase === 'ready');
    host.emit({ kind: 'reset', reason: 'reconnected' });
    host.requests[2]!.reject(new Error('gone again'));
    state = await settled(sync.store, (s) => s.syncError === 'gone again');
    expect(state.phase).toBe('ready');
    expect(state.data!.snapshot.revision).toBe(1);
  });

  it('stop() unsubscribes from the host', () => {
    const host = fakeApi();
    const sync = startFleetSync(host.api);
    expect(host.listenerCount()).toBe(1);
    sync.stop();
    expect(host.listenerCount()).toBe(0);
  });
});
