/**
 * The browser host refuses writes made against another opening of its fleet: a tab that kept a
 * snapshot from before `seatmap serve` was restarted on the same folder (a new session) cannot
 * save its layout or run an edit until it has re-read the fleet.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startBrowserHost, type BrowserHost } from '../../service/browserHost';
import { FleetService } from '../../service/fleetService';
import { fleetIdentity } from '../../shared/snapshot';
import type { WireMessage } from '../../shared/wireProtocol';
import { copyFixture, makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';

let fleet: string;
let ui: string;
let service: FleetService;
let host: BrowserHost;

beforeEach(async () => {
  fleet = await copyFixture('small-agency');
  ui = await makeFleetDir({ 'index.html': '<!doctype html><title>Seatmap</title>' });
  service = await FleetService.open({ root: fleet });
  host = await startBrowserHost({ service, staticDir: ui, port: 0 });
});
afterEach(async () => {
  await host.close();
  await service.close();
  await removeDir(fleet);
  await removeDir(ui);
});

async function connect(): Promise<{ ask(method: string, args: unknown[]): Promise<WireMessage>; close(): void }> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/socket?token=${host.token}`, { headers: { origin: `http://127.0.0.1:${host.port}` } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const received: WireMessage[] = [];
  ws.on('message', (data) => received.push(JSON.parse(data.toString()) as WireMessage));
  let nextId = 1;
  return {
    ask: (method, args) => {
      const id = nextId++;
      ws.send(JSON.stringify({ id, method, args }));
      return waitFor(() => received.find((m) => 'id' in m && m.id === id), { describe: () => `the answer to ${method}` });
    },
    close: () => ws.close(),
  };
}

describe('browser host: writes name their fleet', () => {
  it('saves for the current fleet and refuses a stale session or a missing identity', async () => {
    const socket = await connect();
    const current = fleetIdentity(service.snapshot());
    expect(await socket.ask('saveLayout', [current, { radar: { x: 3, y: 4 } }])).toMatchObject({ type: 'result', result: null });
    expect(JSON.parse(await readFile(join(fleet, '.seatmap/layout.json'), 'utf8'))).toEqual({ radar: { x: 3, y: 4 } });

    const stale = { root: current.root, session: 'before-the-restart' };
    expect(await socket.ask('saveLayout', [stale, { radar: { x: 9, y: 9 } }])).toMatchObject({ type: 'error', error: { code: 'fleet-changed' } });
    const edit = { command: { type: 'updateSeat', seat: 'radar', changes: { name: 'Renamed' } } };
    expect(await socket.ask('runCommand', [stale, edit])).toMatchObject({ type: 'error', error: { code: 'fleet-changed' } });
    expect(await socket.ask('runCommand', [edit])).toMatchObject({ type: 'error', error: { code: 'bad-request' } });

    expect(JSON.parse(await readFile(join(fleet, '.seatmap/layout.json'), 'utf8'))).toEqual({ radar: { x: 3, y: 4 } });
    expect(await readFile(join(fleet, 'fleet.yaml'), 'utf8')).not.toContain('Renamed');
    socket.close();
  });
});
