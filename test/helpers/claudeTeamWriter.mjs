// A stand-in for Claude Code in tests: a separate process that writes a team's files the way
// Claude Code does (whole inbox arrays rewritten, in place or by truncating, sometimes stopping
// mid-write). Commands arrive as JSON lines on stdin; each is answered `ok <n>` (or `error …`).
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { Buffer } from 'node:buffer';
import process from 'node:process';

const lines = createInterface({ input: process.stdin });
let n = 0;
for await (const line of lines) {
  n++;
  try {
    const cmd = JSON.parse(line);
    const text = cmd.json === undefined ? '' : JSON.stringify(cmd.json, null, 2);
    if (cmd.op === 'inplace' || cmd.op === 'half') {
      // Rewritten in place: the same inode, truncated, then written (all, or only the first half).
      await mkdir(dirname(cmd.path), { recursive: true });
      const handle = await open(cmd.path, 'a+');
      await handle.truncate(0);
      const bytes = Buffer.from(cmd.op === 'half' ? text.slice(0, Math.floor(text.length / 2)) : text);
      await handle.write(bytes, 0, bytes.length, 0);
      await handle.close();
    } else if (cmd.op === 'write') {
      await mkdir(dirname(cmd.path), { recursive: true });
      await writeFile(cmd.path, text);
    } else if (cmd.op === 'rm') {
      await rm(cmd.path, { recursive: true, force: true });
    } else if (cmd.op === 'lock') {
      await mkdir(cmd.path, { recursive: true });
    }
    process.stdout.write(`ok ${n}\n`);
  } catch (error) {
    process.stdout.write(`error ${n} ${error.message}\n`);
  }
}
