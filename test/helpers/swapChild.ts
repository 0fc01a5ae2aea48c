/**
 * A child process for crash tests: runs one fleet.yaml command with the real runner and kills
 * itself with SIGKILL (no cleanup, no exit handlers: what a crash or `kill -9` does) just before
 * the named write step. Usage: node bin/run-ts.mjs test/helpers/swapChild.ts <root> <step> <command JSON>
 */
import { runFleetCommand } from '../../service/commandRunner';
import type { WriteStep } from '../../service/atomicWrite';

const [root, step, command] = process.argv.slice(2);
if (!root || !step || !command) throw new Error('usage: swapChild.ts <root> <step> <command JSON>');
const result = await runFleetCommand(root, JSON.parse(command), {
  hook: (at: WriteStep) => {
    if (at === step) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write(JSON.stringify(result));
