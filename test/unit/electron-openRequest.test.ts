/** What the page may ask the desktop app to open (electron/openRequest.ts). */
import { describe, expect, it } from 'vitest';
import { openActionFor } from '../../electron/openRequest';
import { validateCall } from '../../shared/api';

describe('openFleet requests from the page', () => {
  const recent = new Set(['/home/me/fleets/acme']);

  it('maps the dialog, the demo and a recent fleet to their actions', () => {
    expect(openActionFor({ dialog: true }, recent)).toEqual({ kind: 'dialog' });
    expect(openActionFor({ demo: true }, recent)).toEqual({ kind: 'demo' });
    expect(openActionFor({ path: '/home/me/fleets/acme' }, recent)).toEqual({ kind: 'recent', path: '/home/me/fleets/acme' });
  });

  it('refuses any folder the user has not opened before, in words', () => {
    for (const path of ['/etc', '/home/me/fleets/acme/', '/home/me/fleets/acme/../other', '/home/me/fleets']) {
      expect(() => openActionFor({ path }, recent), path).toThrow(expect.objectContaining({ code: 'bad-request', message: expect.stringMatching(/Open Folder/) }));
    }
    expect(() => openActionFor({ path: '/home/me/fleets/acme' }, null)).toThrow(/recent list/);
  });

  it('never sees a request that mixes kinds or carries something else (validated first)', () => {
    for (const args of [[{ path: '' }], [{ dialog: false }], [{ demo: 'yes' }], [{}], [{ path: 'x'.repeat(5000) }]]) {
      expect(validateCall('openFleet', args), JSON.stringify(args).slice(0, 40)).toMatchObject({ ok: false });
    }
  });
});
