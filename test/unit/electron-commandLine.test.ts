/** Which folder a launch names (electron/commandLine.ts): the first launch and a second one. */
import { describe, expect, it } from 'vitest';
import { fleetDirFromArgv, fleetDirFromSecondLaunch, secondLaunchData } from '../../electron/commandLine';

describe('the fleet folder on the command line', () => {
  it('skips switches and, when Electron runs an app folder, that folder', () => {
    const cwd = '/home/me';
    expect(fleetDirFromArgv(['/x/electron', '.', 'fleet'], true, cwd)).toBe('/home/me/fleet');
    expect(fleetDirFromArgv(['/x/electron', '.'], true, cwd)).toBeNull();
    expect(fleetDirFromArgv(['/x/electron', '--no-sandbox', '--inspect=0', '--remote-debugging-port=0', 'out/main/main.js', '/tmp/f'], true, cwd)).toBe('/tmp/f');
    expect(fleetDirFromArgv(['/opt/Seatmap/seatmap', '/srv/fleet'], false, cwd)).toBe('/srv/fleet');
    expect(fleetDirFromArgv(['/opt/Seatmap/seatmap', '--enable-logging'], false, cwd)).toBeNull();
    expect(fleetDirFromArgv(['/opt/Seatmap/seatmap', '', '../up'], false, cwd)).toBe('/home/up');
  });
});

describe('a second launch handing its folder to the running app', () => {
  it('sends the folder it resolved against its own working directory', () => {
    const sent = secondLaunchData(['/opt/Seatmap/seatmap', 'fleets/acme'], false, '/home/other');
    expect(sent).toEqual({ seatmapFleetDir: '/home/other/fleets/acme' });
    // The running app (another cwd, argv possibly rewritten by Chromium) takes what was sent.
    expect(fleetDirFromSecondLaunch(['/opt/Seatmap/seatmap', '--original-process-start-time=1', 'fleets/acme'], '/home/me', sent, false)).toBe('/home/other/fleets/acme');
    expect(fleetDirFromSecondLaunch(['/opt/Seatmap/seatmap'], '/home/me', secondLaunchData(['/opt/Seatmap/seatmap'], false, '/x'), false)).toBeNull();
  });

  it('falls back to the second launch\'s argv and working directory when nothing usable was sent', () => {
    for (const junk of [undefined, null, {}, { seatmapFleetDir: 'relative' }, { seatmapFleetDir: '/a\0b' }, { seatmapFleetDir: 42 }]) {
      expect(fleetDirFromSecondLaunch(['/x/electron', '--inspect=0', 'out/main/main.js', 'fleet'], '/home/other', junk, true), JSON.stringify(junk)).toBe('/home/other/fleet');
    }
    expect(fleetDirFromSecondLaunch(['/opt/Seatmap/seatmap'], '/home/other', undefined, false)).toBeNull();
  });
});
