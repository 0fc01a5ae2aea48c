/** A unified diff of two texts by lines (the fleet.yaml preview). Pure; fine for files of a few thousand lines. */

export function unifiedDiff(before: string, after: string, file = 'fleet.yaml', context = 2): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops = lcsOps(a.slice(start, endA), b.slice(start, endB));
  // Full op list with the common prefix and suffix as context lines.
  type Op = { t: ' ' | '-' | '+'; line: string; ai: number; bi: number };
  const all: Op[] = [];
  for (let i = 0; i < start; i++) all.push({ t: ' ', line: a[i] ?? '', ai: i, bi: i });
  let ai = start;
  let bi = start;
  for (const op of ops) {
    all.push({ t: op.t, line: op.line, ai, bi });
    if (op.t !== '+') ai++;
    if (op.t !== '-') bi++;
  }
  for (let i = 0; i < a.length - endA; i++) all.push({ t: ' ', line: a[endA + i] ?? '', ai: endA + i, bi: endB + i });
  const out = [`--- a/${file}`, `+++ b/${file}`];
  let i = 0;
  while (i < all.length) {
    if (all[i]?.t === ' ') {
      i++;
      continue;
    }
    let from = Math.max(0, i - context);
    let to = i;
    // Extend the hunk while changes are within 2 * context lines of each other.
    while (to < all.length) {
      let next = to;
      while (next < all.length && all[next]?.t !== ' ') next++;
      let gap = next;
      while (gap < all.length && all[gap]?.t === ' ') gap++;
      if (gap < all.length && gap - next <= 2 * context) to = gap;
      else {
        to = Math.min(all.length, next + context);
        break;
      }
    }
    const hunk = all.slice(from, to);
    const first = hunk[0] as Op;
    const countA = hunk.filter((o) => o.t !== '+').length;
    const countB = hunk.filter((o) => o.t !== '-').length;
    out.push(`@@ -${first.ai + 1},${countA} +${first.bi + 1},${countB} @@`);
    for (const op of hunk) out.push(`${op.t}${op.line}`);
    i = to;
    from = to;
  }
  return `${out.join('\n')}\n`;
}

function lcsOps(a: string[], b: string[]): Array<{ t: ' ' | '-' | '+'; line: string }> {
  const n = a.length;
  const m = b.length;
  const width = m + 1;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j] ? (table[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(table[(i + 1) * width + j] ?? 0, table[i * width + j + 1] ?? 0);
    }
  }
  const ops: Array<{ t: ' ' | '-' | '+'; line: string }> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ t: ' ', line: a[i] ?? '' });
      i++;
      j++;
    } else if ((table[(i + 1) * width + j] ?? 0) >= (table[i * width + j + 1] ?? 0)) ops.push({ t: '-', line: a[i++] ?? '' });
    else ops.push({ t: '+', line: b[j++] ?? '' });
  }
  while (i < n) ops.push({ t: '-', line: a[i++] ?? '' });
  while (j < m) ops.push({ t: '+', line: b[j++] ?? '' });
  return ops;
}
