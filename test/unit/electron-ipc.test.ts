/**
 * The FleetApi over IPC (electron/ipc.ts) without Electron: the handler registered on a stand-in
 * ipcMain is called with stand-in events, the way Electron calls it. Only our window's main frame
 * on app:// is answered, and every payload is validated before a real fleet sees it.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLEET_CALL_CHANNEL } from '../../electron/ipcChannels';
import { isTrustedSender, registerFleetIpc, UNTRUSTED_SENDER_ERROR, type FrameFacts, type TrustedWindow } from '../../electron/ipc';
import { serviceHandlers, singleFleetAccess, type FleetRequestHandlers } from '../../service/fleetApiHandlers';
import { FleetService } from '../../service/fleetService';
import type { CallResult } from '../../shared/api';
import { fleetIdentity } from '../../shared/snapshot';
import { copyFixture, removeDir } from '../helpers/fleetDir';

function appWindow() {
  const mainFrame: FrameFacts = { parent: null, processId: 7, routingId: 1, url: 'app://seatmap/index.html' };
  const webContents = { mainFrame };
  let destroyed = false;
  const window: TrustedWindow = { isDestroyed: () => destroyed, webContents };
  return { window, webContents, mainFrame, destroy: () => (destroyed = true) };
}

describe('isTrustedSender', () => {
  it('trusts only the main frame of our window showing an app:// page', () => {
    const { window, webContents, mainFrame, destroy } = appWindow();
    expect(isTrustedSender({ sender: webContents, senderFrame: mainFrame }, window)).toBe(true);
    // The same frame after a reload (same ids, new object) is still ours.
    expect(isTrustedSender({ sender: webContents, senderFrame: { ...mainFrame, url: 'app://seatmap/' } }, window)).toBe(true);

    const refused: Array<[string, Parameters<typeof isTrustedSender>[0]]> = [
      ['another webContents', { sender: { mainFrame }, senderFrame: mainFrame }],
      ['a subframe', { sender: webContents, senderFrame: { ...mainFrame, parent: mainFrame, routingId: 2 } }],
      ['another frame in the same process', { sender: webContents, senderFrame: { ...mainFrame, routingId: 9 } }],
      ['another process', { sender: webContents, senderFrame: { ...mainFrame, processId: 8 } }],
      ['a closed frame', { sender: webContents, senderFrame: null }],
      ['a file:// page', { sender: webContents, senderFrame: { ...mainFrame, url: 'file:///etc/passwd' } }],
      ['an https page', { sender: webContents, senderFrame: { ...mainFrame, url: 'https://seatmap/index.html' } }],
      ['another app host', { sender: webContents, senderFrame: { ...mainFrame, url: 'app://evil/index.html' } }],
      ['a port on our host', { sender: webContents, senderFrame: { ...mainFrame, url: 'app://seatmap:8080/index.html' } }],
      ['credentials in the URL', { sender: webContents, senderFrame: { ...mainFrame, url: 'app://user@seatmap/index.html' } }],
    ];
    for (const [name, event] of refused) expect(isTrustedSender(event, window), name).toBe(false);
    expect(isTrustedSender({ sender: webContents, senderFrame: mainFrame }, null)).toBe(false);
    destroy();
    expect(isTrustedSender({ sender: webContents, senderFrame: mainFrame }, window)).toBe(false);
  });
});

describe('registerFleetIpc', () => {
  let dir: string;
  let service: FleetService;
  let ran: string[];
  let invoke: (event: unknown, method: unknown, args: unknown) => Promise<CallResult>;
  let unregister: () => void;
  const registered = new Map<string, (...args: unknown[]) => Promise<CallResult>>();
  const ipcMain = {
    handle: (channel: string, listener: (...args: unknown[]) => Promise<CallResult>) => {
      if (registered.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      registered.set(channel, listener);
    },
    removeHandler: (channel: string) => registered.delete(channel),
  } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>;
  const warnings: string[] = [];
  const win = appWindow();
  const trusted = { sender: win.webContents, senderFrame: win.mainFrame } as unknown as IpcMainInvokeEvent;

  beforeEach(async () => {
    dir = await copyFixture('small-agency');
    service = await FleetService.open({ root: dir, watch: false });
    ran = [];
    const base = serviceHandlers(singleFleetAccess(service));
    const handlers: FleetRequestHandlers = {
      ...base,
      getSnapshot: () => {
        ran.push('getSnapshot');
        return base.getSnapshot();
      },
      getHostInfo: () => ({ host: 'electron', canOpenFolder: true, recentFleets: [], isDemo: false }),
      openFleet: () => ({ opened: false }),
    };
    unregister = registerFleetIpc(ipcMain, () => win.window, handlers, (message) => warnings.push(message));
    const listener = registered.get(FLEET_CALL_CHANNEL);
    if (!listener) throw new Error('no handler on the call channel');
    invoke = (event, method, args) => listener(event, method, args);
  });
  afterEach(async () => {
    unregister();
    await service.close();
    await removeDir(dir);
  });

  it('registers one channel for every method and removes it again', () => {
    expect([...registered.keys()]).toEqual([FLEET_CALL_CHANNEL]);
    unregister();
    expect(registered.size).toBe(0);
    unregister = () => undefined;
  });

  it('answers the app window with the reply', async () => {
    const answer = await invoke(trusted, 'getSnapshot', []);
    expect(answer).toMatchObject({ ok: true, value: { name: 'Small Agency', root: service.root } });
    expect(ran).toEqual(['getSnapshot']);
  });

  it('refuses any other sender without running the request, and says why in words', async () => {
    const subframe = { sender: win.webContents, senderFrame: { ...win.mainFrame, parent: win.mainFrame, routingId: 3, url: 'app://seatmap/x.html' } };
    expect(await invoke(subframe, 'getSnapshot', [])).toEqual({ ok: false, error: { code: 'bad-request', message: UNTRUSTED_SENDER_ERROR } });
    expect(ran).toEqual([]);
    expect(warnings.at(-1)).toMatch(/refused getSnapshot from app:\/\/seatmap\/x\.html/);
  });

  it('validates every payload before the fleet sees it', async () => {
    const fleet = fleetIdentity(service.snapshot());
    const bad: Array<[unknown, unknown]> = [
      ['saveLayout', [fleet, { '../escape': { x: 1, y: 2 } }]],
      ['saveLayout', [fleet, { radar: { x: 'NaN', y: 2 } }]],
      ['saveLayout', [{ radar: { x: 1, y: 2 } }]],
      ['runCommand', [fleet, { command: { type: 'dropTable' } }]],
      ['queryInbox', [{ seat: '../../etc' }]],
      ['getMessage', [{ inbox: 'radar', id: '' }]],
      ['openFleet', [{ path: '' }]],
      ['getSnapshot', 'not a list'],
      ['getSnapshot', [1, 2, 3]],
      ['__proto__', []],
      [{ toString: 'x' }, []],
    ];
    for (const [method, args] of bad) {
      const answer = await invoke(trusted, method, args);
      expect(answer, JSON.stringify([method, args])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    expect(ran).toEqual([]);
    expect(await invoke(trusted, 'saveLayout', [fleet, { radar: { x: 1, y: 2 } }])).toEqual({ ok: true, value: null });
  });
});
