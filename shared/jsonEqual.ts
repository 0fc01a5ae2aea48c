/**
 * Whether two plain data values have the same JSON text, without building it: `JSON.stringify(a)
 * === JSON.stringify(b)`, answered by walking both and stopping at the first difference. Diffing a
 * snapshot compared every unchanged record by stringifying it twice, which at 1,000 seats was a
 * large share of the time an append took to reach the screen (shared/patch.ts).
 *
 * JSON's rules kept: numbers that are not finite read as null; object members whose value is
 * undefined, a function or a symbol are left out, and read as null in arrays; member order
 * matters. Values with `toJSON` (dates) fall back to JSON.stringify.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const x = normalized(a);
  const y = normalized(b);
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (hasToJson(x) || hasToJson(y)) return JSON.stringify(x) === JSON.stringify(y);
  const isArray = Array.isArray(x);
  if (isArray !== Array.isArray(y)) return false;
  if (isArray) {
    const ys = y as unknown[];
    if (x.length !== ys.length) return false;
    for (let i = 0; i < x.length; i++) if (!jsonEqual(inArray(x[i]), inArray(ys[i]))) return false;
    return true;
  }
  const xs = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  const xKeys = Object.keys(xs).filter((key) => isWritten(xs[key]));
  const yKeys = Object.keys(yo).filter((key) => isWritten(yo[key]));
  if (xKeys.length !== yKeys.length) return false;
  for (let i = 0; i < xKeys.length; i++) {
    const key = xKeys[i]!;
    if (key !== yKeys[i] || !jsonEqual(xs[key], yo[key])) return false;
  }
  return true;
}

/** Numbers JSON cannot write become null, and functions and symbols nothing, as JSON.stringify writes them. */
function normalized(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return isWritten(value) ? value : undefined;
}

/** What JSON.stringify writes for an array element it cannot write. */
function inArray(value: unknown): unknown {
  return isWritten(value) ? value : null;
}

/** Whether JSON.stringify writes an object member with this value (it drops the rest). */
function isWritten(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
