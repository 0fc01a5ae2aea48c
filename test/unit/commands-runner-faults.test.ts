/**
 * The fleet.yaml write path under injected faults, on real temp folders: the disk full, permission
 * denied on the history folder, a folder fsync the OS does not support (Windows), a swap that can
 * neither finish nor put the old file back, and real crashes (a child process that SIGKILLs itself
 * before each step of the write). Faults come through the runner's write hook, which the runner
 * calls before every file-system step; fs itself is never mocked. Afterwards fleet.yaml is always
 * complete (the old text or the new, never empty, truncated or missing once recovered), and the
 * message says exactly which.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WriteHook, WriteStep } from '../../service/atomicWrite';
import { runCheck } from '../../service/cli/check';
import { hashText, runFleetCommand, type RunResult } from '../../service/commandRunner';
import { listHistory } from '../../service/fleetHistory';
import { FleetService } from '../../service/fleetService';
import { SWAP_JOURNAL_PATH } from '../../service/swapJournal';
import { planCommand } from '../../shared/commands/plan';
import type { FleetCommand } from '../../shared/commands/types';
import { describeRefusal } from '../../renderer/src/editing/formModel';
import { FIXTURES, makeFleetDir, removeDir, waitFor } from '../helpers/fleetDir';

const agency = readFileSync(join(FIXTURES, 'commands', 'agency.yaml'), 'utf8');
const addDirkRadar: FleetCommand = { type: 'addHandoff', from: 'dirk', to: 'radar', via: 'inbox', what: 'Deals closed today' };
const planned = planCommand(agency, addDirkRadar);
const edited = planned.ok ? planned.text : '';
const dirs: string[] = [];
const dirsAfterAll: string[] = [];

afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function fleetWith(text: string): Promise<string> {
  const dir = await makeFleetDir({ 'fleet.yaml': text });
  dirs.push(dir);
  return dir;
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** A hook that makes `step` fail with `code` (the first `times` times it is reached). */
function failAt(step: WriteStep, code: string, times = 1): WriteHook {
  let left = times;
  return (at) => {
    if (at === step && left-- > 0) throw errno(code);
  };
}

/** Temp files and journal records left in the fleet folder. */
async function leftovers(root: string): Promise<string[]> {
  const names = (await readdir(root)).filter((n) => n.includes('seatmap-tmp'));
  const journal = await readdir(join(root, '.seatmap', 'journal')).catch(() => [] as string[]);
  return [...names, ...journal.map((n) => `journal/${n}`)];
}

const fleetText = (root: string) => readFile(join(root, 'fleet.yaml'), 'utf8');
const refusalOf = (result: RunResult) => (result.ok ? null : result.refusal);

describe('the write path refuses cleanly before the swap', () => {
  it.each([
    ['journal-write', 'ENOSPC', `Seatmap could not record the edit in ${SWAP_JOURNAL_PATH} before writing it (the disk is full (ENOSPC)); fleet.yaml is unchanged; nothing was written`],
    ['temp-open', 'ENOSPC', 'Seatmap could not write the new fleet.yaml (the disk is full (ENOSPC)); fleet.yaml is unchanged; nothing was written'],
    ['temp-write', 'ENOSPC', 'Seatmap could not write the new fleet.yaml (the disk is full (ENOSPC)); fleet.yaml is unchanged; nothing was written'],
    ['temp-sync', 'EIO', 'Seatmap could not write the new fleet.yaml (an input/output error (EIO)); fleet.yaml is unchanged; nothing was written'],
    ['history-dir', 'EACCES', 'Seatmap cannot use its history folder .seatmap/history, where it keeps the version each edit replaces (permission denied (EACCES)); fleet.yaml is unchanged; nothing was written'],
    ['aside', 'EACCES', 'Seatmap could not move the current fleet.yaml into its history folder .seatmap/history (permission denied (EACCES)); fleet.yaml is unchanged; nothing was written'],
    ['link', 'EACCES', 'Seatmap could not put the new fleet.yaml in place (permission denied (EACCES)) and put the previous one back; fleet.yaml is unchanged; nothing was written'],
  ] as const)('%s fails with %s: fleet.yaml keeps its text, nothing is left behind, and the message says so', async (step, code, message) => {
    const root = await fleetWith(agency);
    const result = await runFleetCommand(root, addDirkRadar, { hook: failAt(step, code) });
    expect(refusalOf(result)).toEqual({ code: 'write-failed', message });
    expect(await fleetText(root)).toBe(agency);
    expect(await leftovers(root)).toEqual([]);
    expect(await listHistory(join(root, '.seatmap', 'history'))).toEqual([]);
    // What the editing UI shows: the runner's words, ending once with what is on disk.
    expect(describeRefusal({ code: 'write-failed', message })).toBe(`${message.charAt(0).toUpperCase()}${message.slice(1)}.`);
    // The next edit works.
    expect(await runFleetCommand(root, addDirkRadar)).toMatchObject({ ok: true, changed: true });
  });
});

describe('after the swap, a write is never reported as not written', () => {
  it.each([
    ['dir-open', 'EISDIR'],
    ['dir-sync', 'EPERM'],
    ['dir-sync', 'EINVAL'],
    ['dir-open', 'ENOTSUP'],
  ] as const)('a folder fsync the OS cannot do (%s: %s, as on Windows) is skipped: the edit is reported written', async (step, code) => {
    const root = await fleetWith(agency);
    const result = await runFleetCommand(root, addDirkRadar, { hook: failAt(step, code, 10) });
    const after = await fleetText(root);
    expect(result).toEqual(expect.objectContaining({ ok: true, changed: true, hash: hashText(after) }));
    expect(result.ok && result.notice).toBeFalsy();
    expect(after).toContain('what: Deals closed today');
    expect(await leftovers(root)).toEqual([]);
  });

  it('a folder fsync that fails for real (EIO) reports the edit as written, with the doubt', async () => {
    const root = await fleetWith(agency);
    const result = await runFleetCommand(root, addDirkRadar, { hook: failAt('dir-sync', 'EIO') });
    expect(result).toMatchObject({
      ok: true,
      changed: true,
      notice: 'fleet.yaml holds the edit, but the system could not confirm that it is safely on disk (an input/output error (EIO)); if this computer loses power soon, check fleet.yaml again.',
    });
    expect(await fleetText(root)).toContain('what: Deals closed today');
  });

  it('a swap that can neither finish nor put the old file back says fleet.yaml is missing, and the next edit restores it first', async () => {
    const root = await fleetWith(agency);
    const result = await runFleetCommand(root, addDirkRadar, {
      hook: (at) => {
        if (at === 'link') throw errno('EIO');
        if (at === 'put-back') throw errno('EACCES');
      },
    });
    const history = await listHistory(join(root, '.seatmap', 'history'));
    expect(history).toHaveLength(1);
    expect(refusalOf(result)).toEqual({
      code: 'write-failed',
      message: `Seatmap could not put the new fleet.yaml in place (an input/output error (EIO)), nor the previous one back (permission denied (EACCES)): fleet.yaml is missing right now. The previous version is in .seatmap/history/${history[0]}; Seatmap puts it back the next time this fleet is opened or edited`,
    });
    expect(describeRefusal(refusalOf(result) ?? { code: 'invalid', message: '' })).not.toMatch(/nothing was written/i);
    await expect(stat(join(root, 'fleet.yaml'))).rejects.toMatchObject({ code: 'ENOENT' });

    const next = await runFleetCommand(root, { type: 'addSeat', id: 'nova', name: 'Nova', kind: 'agent' });
    expect(next).toMatchObject({
      ok: true,
      changed: true,
      notice: 'An edit to fleet.yaml was interrupted half-way through saving, and Seatmap has put the previous version back: fleet.yaml is as it was before that edit, which was not applied.',
    });
    const after = await fleetText(root);
    expect(after).toContain('  nova:');
    expect(after).not.toContain('Deals closed today');
    expect(await leftovers(root)).toEqual([]);
  });
});

describe('a failure after an earlier attempt of the same edit was written', () => {
  it('says the edit is in fleet.yaml and where the other program\'s change is', async () => {
    const root = await fleetWith(agency);
    const history = join(root, '.seatmap', 'history');
    let wroteIntoOld = false;
    let tempWrites = 0;
    const result = await runFleetCommand(root, addDirkRadar, {
      hook: (at) => {
        // Right after the swap, a writer that had the old file open appends to it (in place)…
        if (at === 'dir-open' && !wroteIntoOld) {
          wroteIntoOld = true;
          appendFileSync(join(history, readdirSync(history)[0] ?? ''), '# written into the old file\n');
        }
        // …and the write that would add their change on top finds the disk full.
        if (at === 'temp-write' && ++tempWrites === 2) throw errno('ENOSPC');
      },
    });
    const entry = (await listHistory(history))[0] ?? '';
    expect(refusalOf(result)).toEqual({
      code: 'write-failed',
      message: `Your edit was written to fleet.yaml, but another program wrote into the old fleet.yaml while Seatmap replaced it, and Seatmap could not add that change on top (Seatmap could not write the new fleet.yaml (the disk is full (ENOSPC))); what it wrote is kept in .seatmap/history/${entry}`,
    });
    expect(await fleetText(root)).toBe(edited);
    expect(readFileSync(join(history, entry), 'utf8')).toBe(`${agency}# written into the old file\n`);
  });
});

describe('an in-place writer half-way through the old file after the swap', () => {
  it('waits for their text in the moved-aside file and writes the edit on top of it', async () => {
    const root = await fleetWith(agency);
    const history = join(root, '.seatmap', 'history');
    const theirs = `${agency}# written in place by another program\n`;
    let truncated = false;
    const result = await runFleetCommand(root, addDirkRadar, {
      hook: (at) => {
        // Just before the runner looks at the moved-aside file again, a writer that had it open
        // truncates it, and finishes writing 20 ms later (before the runner's third look, 10 ms apart).
        if (at === 'journal-clear' && !truncated) {
          truncated = true;
          const old = join(history, readdirSync(history)[0] ?? '');
          truncateSync(old, 0);
          setTimeout(() => writeFileSync(old, theirs), 20);
        }
      },
    });
    expect(result).toMatchObject({ ok: true, changed: true, rebased: true });
    const after = await fleetText(root);
    expect(after).toContain('# written in place by another program');
    expect(after).toContain('what: Deals closed today');
  });
});

/**
 * The child (test/helpers/swapChild.ts with the real runner) bundled once into plain JavaScript, so
 * each crash costs a Node start (~0.2 s) rather than a TypeScript loader's (~2 s).
 */
let CHILD = '';
beforeAll(async () => {
  const dir = await makeFleetDir();
  dirsAfterAll.push(dir);
  CHILD = join(dir, 'swapChild.mjs');
  await build({
    entryPoints: [resolve('test/helpers/swapChild.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: CHILD,
    logLevel: 'warning',
    // Bundled CommonJS dependencies (yaml) call require() for Node's own modules.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
});
afterAll(async () => {
  await Promise.all(dirsAfterAll.splice(0).map(removeDir));
});

/** Runs the command in a child process that kills itself with SIGKILL just before `step`. */
function crashAt(root: string, step: WriteStep, command: FleetCommand, pauseIn?: string): Promise<{ signal: NodeJS.Signals | null; code: number | null; out: string }> {
  return new Promise((resolvePromise, reject) => {
    const args = [CHILD, root, step, JSON.stringify(command), ...(pauseIn ? [pauseIn] : [])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolvePromise({ signal, code, out }));
  });
}

const NOT_APPLIED = 'An edit to fleet.yaml was interrupted before it was saved: fleet.yaml is unchanged, and that edit was not applied.';
const finished = (entry: string) =>
  `An edit to fleet.yaml was interrupted half-way through saving, and Seatmap has finished it: fleet.yaml holds the edited version; the version it replaced is in .seatmap/history/${entry}.`;
const complete = (entry: string) =>
  `An edit to fleet.yaml was interrupted just after it was saved. It is complete: fleet.yaml holds the edited version; the version it replaced is in .seatmap/history/${entry}.`;

describe('a crash at each step of the swap (kill -9 of a real process)', () => {
  // What the next open finds, by the step the process died before.
  const cases: Array<{ step: WriteStep; result: 'old' | 'new'; message: ((entry: string) => string) | null }> = [
    { step: 'journal-write', result: 'old', message: null },
    { step: 'temp-write', result: 'old', message: () => NOT_APPLIED },
    { step: 'aside', result: 'old', message: () => NOT_APPLIED },
    { step: 'link', result: 'new', message: finished },
    { step: 'temp-unlink', result: 'new', message: complete },
    { step: 'dir-sync', result: 'new', message: complete },
    { step: 'journal-clear', result: 'new', message: complete },
  ];

  it('leaves fleet.yaml fully old or fully new after the next open, which says which', async () => {
    const roots = await Promise.all(cases.map(() => fleetWith(agency)));
    const crashes = await Promise.all(cases.map((c, i) => crashAt(roots[i] ?? '', c.step, addDirkRadar)));
    // The one step where the old code lost fleet.yaml: between the two renames nothing is there.
    await expect(stat(join(roots[cases.findIndex((c) => c.step === 'link')] ?? '', 'fleet.yaml'))).rejects.toMatchObject({ code: 'ENOENT' });

    for (const [i, c] of cases.entries()) {
      const root = roots[i] ?? '';
      expect(crashes[i]?.signal, `${c.step}: ${crashes[i]?.out}`).toBe('SIGKILL');
      const service = await FleetService.open({ root, watch: false });
      const notes = service.snapshot().diagnostics.filter((d) => d.message.startsWith('An edit to fleet.yaml was interrupted')).map((d) => [d.file, d.severity, d.message]);
      await service.close();
      const text = await fleetText(root);
      const history = await listHistory(join(root, '.seatmap', 'history'));
      if (c.result === 'old') {
        expect(text, c.step).toBe(agency);
      } else {
        expect(text, c.step).toBe(edited);
        expect(history.length, c.step).toBe(1);
        expect(readFileSync(join(root, '.seatmap', 'history', history[0] ?? ''), 'utf8'), c.step).toBe(agency);
      }
      expect(notes, c.step).toEqual(c.message ? [['fleet.yaml', 'warning', c.message(history[0] ?? '')]] : []);
      expect(await leftovers(root), c.step).toEqual([]);
      // The repair is reported once: a second open finds nothing to do.
      const again = await FleetService.open({ root, watch: false });
      expect(again.snapshot().diagnostics.filter((d) => d.message.startsWith('An edit to fleet.yaml was interrupted'))).toEqual([]);
      await again.close();
    }
  }, 60_000);

  it('is repaired by the next command too, and `seatmap check` says what it repaired', async () => {
    const [byCommand, byCheck] = [await fleetWith(agency), await fleetWith(agency)];
    // A service that was open before another process crashed in the middle of its swap.
    const service = await FleetService.open({ root: byCommand, watch: false });
    try {
      const crashes = await Promise.all([crashAt(byCommand, 'link', addDirkRadar), crashAt(byCheck, 'aside', addDirkRadar)]);
      expect(crashes.map((c) => c.signal)).toEqual(['SIGKILL', 'SIGKILL']);

      const next = await service.runCommand({ command: { type: 'addSeat', id: 'nova', name: 'Nova', kind: 'agent' } });
      const history = await listHistory(join(byCommand, '.seatmap', 'history'));
      expect(next).toMatchObject({ ok: true, changed: true, notice: finished(history[0] ?? '') });
      const text = await fleetText(byCommand);
      expect(text).toContain('what: Deals closed today');
      expect(text).toContain('  nova:');
      // The repair is listed with the fleet's diagnostics, and the snapshot shows both edits.
      expect(service.snapshot().diagnostics).toContainEqual(expect.objectContaining({ file: 'fleet.yaml', severity: 'warning', message: finished(history[0] ?? '') }));
      expect(service.snapshot().seats.map((s) => s.id)).toContain('nova');
    } finally {
      await service.close();
    }

    const check = await runCheck(byCheck, { json: false, now: Date.parse('2026-11-29T12:00:00Z') });
    expect(check.stdout).toContain(`warning fleet.yaml: ${NOT_APPLIED}`);
    expect(await fleetText(byCheck)).toBe(agency);
  }, 60_000);

  it('leaves alone the record of a swap another live process is in the middle of', async () => {
    const root = await fleetWith(agency);
    const control = await makeFleetDir();
    dirs.push(control);
    const running = crashAt(root, 'link', addDirkRadar, control);
    try {
      await waitFor(() => existsSync(join(control, 'paused')), { timeoutMs: 15_000, describe: () => 'the child to pause between the two renames' });
      // fleet.yaml is moved aside and the child is alive: opening must not "repair" its swap.
      const service = await FleetService.open({ root, watch: false });
      expect(service.snapshot().diagnostics.filter((d) => d.message.startsWith('An edit to fleet.yaml was interrupted'))).toEqual([]);
      await service.close();
      await expect(stat(join(root, 'fleet.yaml'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await writeFile(join(control, 'resume'), '');
    }
    const ended = await running;
    expect(ended.code, ended.out).toBe(0);
    expect(JSON.parse(ended.out)).toMatchObject({ ok: true, changed: true });
    expect(await fleetText(root)).toBe(edited);
    expect(await leftovers(root)).toEqual([]);
  }, 60_000);

  it('ignores a journal record it cannot trust, and says so', async () => {
    const root = await fleetWith(agency);
    await runFleetCommand(root, addDirkRadar, { hook: failAt('journal-clear', 'EIO') });
    const record = join(root, SWAP_JOURNAL_PATH);
    const json = JSON.parse(await readFile(record, 'utf8')) as Record<string, unknown>;
    // A record pointing outside the fleet folder is not followed.
    await writeFile(record, JSON.stringify({ ...json, aside: '../../../etc/passwd' }));
    const before = await fleetText(root);
    const service = await FleetService.open({ root, watch: false });
    expect(service.snapshot().diagnostics.map((d) => d.message)).toContain(
      `Seatmap found a record of an interrupted edit to fleet.yaml (${SWAP_JOURNAL_PATH}) that it cannot read; it removed the record and left fleet.yaml as it is.`,
    );
    await service.close();
    expect(await fleetText(root)).toBe(before);
    await rm(record, { force: true });
  });
});
