// Appends `count` messages, alternating between two inboxes, each with its own open+append+close
// (as agents do), and prints "started" after the first few: the concurrency test's other process.
// node test/helpers/inboxAppender.mjs <fileA> <fileB> <count> <prefix>
import { appendFileSync } from 'node:fs';
import process from 'node:process';

const [fileA, fileB, countText, prefix] = process.argv.slice(2);
const count = Number(countText);
for (let i = 0; i < count; i++) {
  const file = i % 2 === 0 ? fileA : fileB;
  const to = i % 2 === 0 ? 'a' : 'b';
  appendFileSync(file, `${JSON.stringify({ id: `${prefix}-${i}`, ts: '2026-11-20T06:00:00Z', from: 'c', to, subject: `m ${i}` })}\n`);
  if (i === 20) process.stdout.write('started\n');
}
