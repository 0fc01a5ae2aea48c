/**
 * A child process for crash tests: runs one fleet.yaml command with the real runner and, just
 * before the named write step, either kills itself with SIGKILL (no cleanup, no exit handlers: what
 * a crash or `kill -9` does) or, given a folder, pauses there: it writes `<folder>/paused` and
 * waits, blocking, until `<folder>/resume` exists.
 * Usage: node bin/run-ts.mjs test/helpers/swapChild.ts <root> <step> <command JSON> [pause folder]
 * (test/unit/commands-runner-faults.test.ts runs it bundled with esbuild, which starts faster).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFleetCommand } from '../../service/commandRunner';
import type { WriteStep } from '../../service/atomicWrite';

const [root, step, command, pauseIn] = process.argv.slice(2);
if (!root || !step || !command) throw new Error('usage: swapChild.ts <root> <step> <command JSON> [pause folder]');
const nap = new Int32Array(new SharedArrayBuffer(4));
const result = await runFleetCommand(root, JSON.parse(command), {
  hook: (at: WriteStep) => {
    if (at !== step) return;
    if (!pauseIn) process.kill(process.pid, 'SIGKILL');
    writeFileSync(join(pauseIn ?? '', 'paused'), '');
    // The swap is synchronous, so the pause must block too; a test that failed meanwhile is not waited for long.
    const giveUpAt = Date.now() + 30_000;
    while (!existsSync(join(pauseIn ?? '', 'resume'))) {
      if (Date.now() > giveUpAt) process.exit(3);
      Atomics.wait(nap, 0, 0, 10);
    }
  },
});
process.stdout.write(JSON.stringify(result));
