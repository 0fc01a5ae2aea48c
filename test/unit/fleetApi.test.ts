/**
 * The one API table (shared/api.ts) and what is derived from it: argument validation, the host
 * dispatch (service/fleetApiHandlers.ts) with its fleet-identity check against a real fleet, and
 * the renderer's client proxy with its error decoding (renderer/src/api/fleetApiClient.ts).
 */
import { readFile, writeFile } from 'node:fs/promises';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bridgeTransport, decodeCallResult, fleetApiOver } from '../../renderer/src/api/fleetApiClient';
import { HostError } from '../../renderer/src/api/hostConnection';
import { dispatchFleetCall, serviceHandlers, singleFleetAccess, type FleetRequestHandlers } from '../../service/fleetApiHandlers';
import { FleetService } from '../../service/fleetService';
import { ApiError, FLEET_METHODS, validateCall, writesFleet, type CallResult, type FleetMethod, type HostBridge } from '../../shared/api';
import type { FleetCommand } from '../../shared/commands/types';
import { fleetIdentity } from '../../shared/snapshot';
import { copyFixture, removeDir } from '../helpers/fleetDir';

const addDirkRadar: FleetCommand = { type: 'addHandoff', from: 'dirk', to: 'radar', via: 'inbox', what: 'Deals closed today' };

describe('the API table', () => {
  it('marks exactly the methods that write into a fleet', () => {
    expect(FLEET_METHODS.filter(writesFleet).sort()).toEqual(['applyRetire', 'runCommand', 'saveLayout', 'saveView', 'undoRetire']);
  });

  it('requires the fleet identity first for writing methods and refuses extras', () => {
    const fleet = { root: '/f', session: 's' };
    expect(validateCall('saveLayout', [fleet, { radar: { x: 1, y: 2 } }])).toMatchObject({ ok: true });
    expect(validateCall('saveLayout', [{ radar: { x: 1, y: 2 } }])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(validateCall('runCommand', [{ command: addDirkRadar }])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(validateCall('runCommand', [{ root: '', session: 's' }, { command: addDirkRadar }])).toMatchObject({ ok: false });
    expect(validateCall('getSnapshot', [])).toMatchObject({ ok: true, args: [] });
    expect(validateCall('getSnapshot', ['extra'])).toMatchObject({ ok: false });
    expect(validateCall('queryInbox', [{ seat: 'radar' }])).toMatchObject({ ok: true, args: [{ seat: 'radar', view: 'inbox', start: 0, count: 100 }] });
    for (const method of ['toString', '__proto__', 'constructor', 42, null]) {
      expect(validateCall(method, []), String(method)).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/Unknown method/) } });
    }
  });
});

describe('host dispatch with the fleet identity (a real fleet)', () => {
  let dir: string;
  let service: FleetService;
  let handlers: FleetRequestHandlers;

  beforeEach(async () => {
    dir = await copyFixture('small-agency');
    service = await FleetService.open({ root: dir, watch: false });
    handlers = {
      ...serviceHandlers(singleFleetAccess(service)),
      getHostInfo: () => ({ host: 'browser', canOpenFolder: false, recentFleets: [], isDemo: false }),
      openFleet: () => {
        throw new ApiError('not-supported', 'No folders here');
      },
    };
  });
  afterEach(async () => {
    await service.close();
    await removeDir(dir);
  });

  it('writes when the request names the open fleet', async () => {
    const fleet = fleetIdentity(service.snapshot());
    expect(await dispatchFleetCall(handlers, 'saveLayout', [fleet, { radar: { x: 5, y: 6 } }])).toEqual({ ok: true, value: null });
    expect(JSON.parse(await readFile(join(dir, '.seatmap/layout.json'), 'utf8'))).toEqual({ radar: { x: 5, y: 6 } });
  });

  it('refuses a layout save or an edit made against another fleet or another opening, and writes nothing', async () => {
    const before = await readFile(join(dir, 'fleet.yaml'), 'utf8');
    const current = fleetIdentity(service.snapshot());
    const otherFolder = { root: '/somewhere/else', session: current.session };
    const earlierOpening = { root: current.root, session: 'an-earlier-opening' };
    for (const fleet of [otherFolder, earlierOpening]) {
      const saved = await dispatchFleetCall(handlers, 'saveLayout', [fleet, { radar: { x: 1, y: 1 } }]);
      expect(saved).toMatchObject({ ok: false, error: { code: 'fleet-changed', message: expect.stringMatching(/now shows|opened again/) } });
      const edited = await dispatchFleetCall(handlers, 'runCommand', [fleet, { command: addDirkRadar }]);
      expect(edited).toMatchObject({ ok: false, error: { code: 'fleet-changed' } });
    }
    await expect(readFile(join(dir, '.seatmap/layout.json'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(join(dir, 'fleet.yaml'), 'utf8')).toBe(before);
  });

  it('answers every failure as a typed error in words, never a throw', async () => {
    expect(await dispatchFleetCall(handlers, 'openFleet', [{ demo: true }])).toEqual({ ok: false, error: { code: 'not-supported', message: 'No folders here' } });
    expect(await dispatchFleetCall(handlers, 'nope', [])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await dispatchFleetCall(handlers, 'getSnapshot', 'not an array')).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const broken = { ...handlers, getLayout: () => Promise.reject(new Error('disk on fire')) };
    expect(await dispatchFleetCall(broken, 'getLayout', [])).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
  });

  it('says what a failed write means instead of Node\'s errno text', async () => {
    // A real failing write: a path that runs through a file.
    const target = join(dir, 'fleet.yaml', 'layout.json');
    const failing = { ...handlers, saveLayout: () => writeFile(target, '{}').then(() => null) };
    const answer = await dispatchFleetCall(failing, 'saveLayout', [fleetIdentity(service.snapshot()), {}]);
    expect(answer).toEqual({ ok: false, error: { code: 'internal', message: `A folder Seatmap needed is a file: ${target}` } });
  });

  it('answers any method name and argument list with a CallResult, never a throw', async () => {
    const reads = { ...handlers, saveLayout: () => null, runCommand: () => ({ ok: false as const, refusal: { code: 'invalid' as const, message: 'not in this test' } }) };
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...FLEET_METHODS, '__proto__', 'hasOwnProperty'), fc.string(), fc.anything()), fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.anything()), async (method, args) => {
        const answer = await dispatchFleetCall(reads, method, args);
        expect(typeof answer.ok).toBe('boolean');
        if (!answer.ok) expect(answer.error.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the renderer client derived from the table', () => {
  it('sends (method, args) for every method and decodes replies and errors', async () => {
    const calls: Array<{ method: FleetMethod; args: unknown[] }> = [];
    const api = fleetApiOver({
      call: async (method, args) => {
        calls.push({ method, args });
        if (method === 'getHostInfo') return { host: 'electron', canOpenFolder: true, recentFleets: [], isDemo: false };
        if (method === 'openFleet') return { opened: 'yes' };
        return null;
      },
      onFleetEvent: () => () => undefined,
    });
    const fleet = { root: '/f', session: 's' };
    await api.saveLayout(fleet, { radar: { x: 1, y: 2 } });
    expect(calls).toEqual([{ method: 'saveLayout', args: [fleet, { radar: { x: 1, y: 2 } }] }]);
    await expect(api.getHostInfo()).resolves.toMatchObject({ host: 'electron' });
    // A reply that does not match its schema is an error in words, not a wrong value.
    await expect(api.openFleet({ demo: true })).rejects.toMatchObject({ name: 'HostError', code: 'internal', message: expect.stringMatching(/does not understand/) });
    expect(Object.keys(api).sort()).toEqual([...FLEET_METHODS, 'onFleetEvent'].sort());
  });

  it('decodes a CallResult into the reply or a HostError with the plain message (never JSON)', () => {
    expect(decodeCallResult({ ok: true, value: { a: 1 } })).toEqual({ a: 1 });
    const refused = (() => {
      try {
        decodeCallResult({ ok: false, error: { code: 'fleet-changed', message: 'This change was made in /a, but Seatmap now shows /b' } });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(HostError);
    expect(refused).toMatchObject({ code: 'fleet-changed', message: 'This change was made in /a, but Seatmap now shows /b' });
    for (const garbage of [undefined, 'text', { ok: false }, { ok: false, error: { code: 'weird', message: 'x' } }, { value: 1 }]) {
      expect(() => decodeCallResult(garbage), JSON.stringify(garbage)).toThrow(HostError);
      try {
        decodeCallResult(garbage);
      } catch (error) {
        expect((error as HostError).message).not.toMatch(/[{}]/);
      }
    }
  });

  it('over the preload bridge: refusals become HostErrors, a broken bridge reads as plain words', async () => {
    let answer: Promise<CallResult> = Promise.resolve({ ok: false, error: { code: 'bad-request', message: 'Bad arguments for saveLayout: 0: Invalid input' } });
    const bridge: HostBridge = { call: () => answer, onFleetEvent: () => () => undefined };
    const api = fleetApiOver(bridgeTransport(bridge));
    const error = await api.saveLayout({ root: '/f', session: 's' }, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect(error).toMatchObject({ code: 'bad-request', message: 'Bad arguments for saveLayout: 0: Invalid input' });
    answer = Promise.reject(new Error("Error invoking remote method 'seatmap:call': Error: No handler registered"));
    const lost = await api.getSnapshot().catch((e: unknown) => e);
    expect(lost).toMatchObject({ code: 'disconnected', message: expect.stringMatching(/lost its link/) });
    expect((lost as Error).message).not.toMatch(/remote method|\{/);
  });
});
