/**
 * Electron 42+ has no install step: its binary is fetched on first use (docs/platform-notes.md). `npm start`
 * asks for it once, with a time limit, so a laptop with a network gets the desktop app, and a
 * machine without one falls back to the browser within moments instead of hanging.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Runs electron's own download script; resolves true when it finished without error. */
export function downloadElectron(packageRoot: string, timeoutMs = 120_000): Promise<boolean> {
  const script = join(packageRoot, 'node_modules', 'electron', 'install.js');
  if (!existsSync(script) || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: join(packageRoot, 'node_modules', 'electron'), stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    // Say something only when it takes a while (a real download); a quick refusal stays silent.
    const notice = setTimeout(() => process.stdout.write("Downloading Electron's binary (first start only)…\n"), 2000);
    child.on('error', () => {
      clearTimeout(timer);
      clearTimeout(notice);
      resolve(false);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearTimeout(notice);
      resolve(code === 0);
    });
  });
}
