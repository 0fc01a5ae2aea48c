/**
 * Runs one retire transaction and SIGKILLs itself when it reaches the named step (the crash test):
 * `node bin/run-ts.mjs test/helpers/retireCrashChild.ts <root> <mode> <seat> <to> <step>`.
 */
import { planOnDisk } from '../../service/retire/planOnDisk';
import { applyRetirePlan } from '../../service/retire/transaction';

const [root, mode, seat, to, crashAt] = process.argv.slice(2) as [string, 'retire' | 'merge', string, string, string];
const planned = await planOnDisk(root, { inboxes: [], stateFiles: [], activity: [], now: Date.parse('2026-11-20T07:00:00Z') }, { mode, seat, to });
if (!planned.ok) {
  process.stderr.write(`${planned.refusal.message}\n`);
  process.exit(3);
}
await applyRetirePlan(root, planned.plan, {
  graceMs: 5,
  onStep: (step) => {
    if (step === crashAt) process.kill(process.pid, 'SIGKILL');
  },
});
process.exit(0);
