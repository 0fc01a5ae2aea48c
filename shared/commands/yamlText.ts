/**
 * Comment-preserving edits of YAML text (docs/architecture.md, "Commands and the write path").
 *
 * Every edit is a splice of the original text at offsets taken from the `yaml` package's parse
 * (node ranges and CST source tokens), so bytes outside the edited entry never change. Scalars are
 * rewritten through the CST (`CST.setScalarValue` on the node's source token: its quoting style and
 * trailing comment survive, the diff is its line); structural edits add or remove whole lines
 * (block style) or one `, item` span (flow style). `Document.toString()` is not used: it re-renders
 * the whole file (re-indents, drops blank lines inside flow maps, re-wraps long lines).
 */
import { CST, isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

/** Replace `text[start, end)` with `insert`. */
export interface TextEdit {
  start: number;
  end: number;
  insert: string;
}

export type Fields = Array<[key: string, value: string | string[]]>;

/**
 * Applies non-overlapping edits; at equal offsets, insertions keep the order they were given and
 * go before a replacement that starts there (an item added where a removed one began).
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const isInsert = (edit: TextEdit) => (edit.end === edit.start ? 1 : 0);
  const sorted = edits
    .map((edit, order) => ({ ...edit, order }))
    .sort((a, b) => b.start - a.start || isInsert(a) - isInsert(b) || b.order - a.order);
  let out = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error('overlapping edits');
    out = out.slice(0, edit.start) + edit.insert + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

/** The file's line ending, so inserted lines match (CRLF files stay CRLF). */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the line that contains `offset - 1` (unchanged when already at a line start). */
export function lineEndAfter(text: string, offset: number): number {
  if (offset === 0 || text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function rangeOf(node: Node | null | undefined): [number, number, number] | null {
  return node && node.range ? node.range : null;
}

/** Whether `value` written as `src` reads back as exactly that string. */
function readsBack(src: string, value: string, inFlow: boolean): boolean {
  const doc = parseDocument(inFlow ? `[${src.trimEnd()}]` : `k: ${src}`);
  if (doc.errors.length > 0) return false;
  const data = doc.toJS() as unknown;
  const got = inFlow ? (data as unknown[])[0] : (data as Record<string, unknown>).k;
  return got === value;
}

/**
 * Renders a scalar for a new entry: plain when that reads back as the same string, else
 * double-quoted (`setScalarValue` does no schema check: `true`, `123`, `null` would change type).
 */
export function renderScalar(value: string, inFlow: boolean, indent: number): string {
  for (const type of ['PLAIN', 'QUOTE_DOUBLE'] as const) {
    if (type === 'PLAIN' && value.includes('\n')) continue;
    const token: CST.Token = { type: 'scalar', offset: 0, indent, source: '' };
    CST.setScalarValue(token, value, { inFlow, afterKey: true, type });
    const src = CST.stringify(token);
    if (readsBack(src, value, inFlow)) return src;
  }
  return JSON.stringify(value);
}

/** Rewrites one scalar in place through its CST token: same quoting when possible, comment kept. */
export function scalarEdit(text: string, node: Scalar, value: string, inFlow: boolean): TextEdit | null {
  if (node.value === value) return null;
  const token = node.srcToken;
  const range = rangeOf(node);
  if (!range) return null;
  if (!token || !CST.isScalar(token)) {
    return { start: range[0], end: range[1], insert: renderScalar(value, inFlow, columnOf(text, range[0])) };
  }
  const before = CST.stringify(token);
  const plainLine = token.type !== 'block-scalar' && value.includes('\n');
  for (const type of [undefined, 'QUOTE_DOUBLE'] as const) {
    const copy = structuredCloneToken(token);
    // A block scalar keeps its body's indentation (setScalarValue would use the key's + 2).
    const bodyIndent = copy.type === 'block-scalar' ? /^( *)\S/m.exec(copy.source)?.[1]?.length : undefined;
    if (bodyIndent !== undefined && bodyIndent >= 2) copy.indent = bodyIndent - 2;
    CST.setScalarValue(copy, value, { inFlow, afterKey: true, type: plainLine ? 'QUOTE_DOUBLE' : type });
    const after = CST.stringify(copy);
    const head = after.slice(0, after.length - endLength(copy));
    if (readsBack(copy.type === 'block-scalar' ? after : head, value, inFlow)) {
      // What follows the value in its token (spaces before `,` or `}` in a flow map) is left as it
      // is, so an insertion right after the value (a new `, key: v`) does not overlap this edit.
      const valueEnd = range[1] - token.offset;
      const trailing = valueEnd > 0 && valueEnd < before.length ? before.slice(valueEnd) : '';
      if (trailing && after.endsWith(trailing)) {
        return { start: token.offset, end: range[1], insert: after.slice(0, after.length - trailing.length) };
      }
      return { start: token.offset, end: token.offset + before.length, insert: after };
    }
  }
  return { start: range[0], end: range[1], insert: renderScalar(value, inFlow, columnOf(text, range[0])) };
}

function structuredCloneToken<T extends CST.Token>(token: T): T {
  return JSON.parse(JSON.stringify(token)) as T;
}

function endLength(token: CST.Token): number {
  if (!('end' in token) || !Array.isArray(token.end)) return 0;
  return (token.end as CST.SourceToken[]).reduce((sum, t) => sum + t.source.length, 0);
}

/** The pair for `key` in a map. */
export function pairOf(map: YAMLMap, key: string): Pair<Scalar, Node | null> | undefined {
  return (map.items as Pair<Scalar, Node | null>[]).find((pair) => isScalar(pair.key) && pair.key.value === key);
}

/** Renders a value inline (after `key: `): a scalar, or a flow sequence `[a, b]`. */
export function renderInline(value: string | string[], indent: number): string {
  if (Array.isArray(value)) return `[${value.map((item) => renderScalar(item, true, indent)).join(', ')}]`;
  return renderScalar(value, false, indent);
}

/** A flow map `{ a: 1, b: [x] }`. */
export function renderFlowMap(fields: Fields): string {
  return `{ ${fields.map(([key, value]) => `${key}: ${Array.isArray(value) ? renderInline(value, 0) : renderScalar(value, true, 0)}`).join(', ')} }`;
}

/** Block lines `key: value` at `indent`, the first line prefixed by `firstPrefix` (e.g. `- `). */
export function renderBlockMap(fields: Fields, indent: number, firstPrefix: string, eol: string): string {
  return fields
    .map(([key, value], index) => {
      const lead = index === 0 ? ' '.repeat(Math.max(0, indent - firstPrefix.length)) + firstPrefix : ' '.repeat(indent);
      return `${lead}${key}: ${renderInline(value, indent)}${eol}`;
    })
    .join('');
}

/**
 * Where an entry's own preamble begins: the blank and comment-only lines directly above its first
 * line belong to it, so an entry inserted before it goes above them (and a removed entry, put back
 * at its old position, lands where it was).
 */
export function leadingLinesStart(text: string, entryLineStart: number): number {
  let at = entryLineStart;
  while (at > 0) {
    const prev = lineStart(text, at - 1);
    const content = text.slice(prev, at).trim();
    if (content !== '' && !content.startsWith('#')) break;
    at = prev;
  }
  return at;
}

/** The span of a block collection entry: whole lines, from its first line to the end of its content. */
function blockEntrySpan(text: string, start: number, contentEnd: number): [number, number] {
  return [lineStart(text, start), lineEndAfter(text, contentEnd)];
}

function endOfNode(node: Node | null | undefined, fallback: number): number {
  return rangeOf(node)?.[1] ?? fallback;
}

/** The comment that ends the line at `offset` (` # note`), or '' (kept when the rest of the line is rewritten). */
function trailingComment(text: string, offset: number): string {
  const nl = text.indexOf('\n', offset);
  const rest = text.slice(offset, nl === -1 ? text.length : nl).replace(/\r$/, '');
  const hash = rest.search(/(^|\s)#/);
  return hash === -1 ? '' : ` ${rest.slice(hash).trim()}`;
}

/** Where to insert " []" or similar right after `key:` (the colon after the key). */
function afterColon(text: string, key: Scalar): number {
  const keyEnd = rangeOf(key)?.[1] ?? 0;
  const colon = text.indexOf(':', keyEnd);
  return colon + 1;
}

/**
 * Sets `key` in `map` to an inline value: rewrites a scalar in place, replaces another value's
 * text, or adds a new `key: value` entry after the last of `after` present (else at the end).
 */
export function setPairEdits(text: string, map: YAMLMap, key: string, value: string | string[], after: string[]): TextEdit[] {
  const pair = pairOf(map, key);
  const inFlow = Boolean(map.flow);
  if (pair) {
    const current = pair.value;
    if (!Array.isArray(value) && isScalar(current) && current.srcToken) return nonNull(scalarEdit(text, current, value, inFlow));
    if (Array.isArray(value) && isSeq(current)) return listEdits(text, pair as Pair<Scalar, YAMLSeq>, value);
    const keyRange = rangeOf(pair.key);
    if (!keyRange) return [];
    const valueRange = rangeOf(current);
    // A null value (`owner:`) has no source: write the value after the colon.
    if (!valueRange || valueRange[0] === valueRange[1]) {
      const at = afterColon(text, pair.key);
      return [{ start: at, end: at, insert: ` ${renderInline(value, columnOf(text, keyRange[0]) + 2)}` }];
    }
    if (!isScalar(current) && !inFlow && !(current && 'flow' in current && current.flow)) {
      // A block collection replaced by an inline value: `key: value` on the key's line.
      const at = afterColon(text, pair.key);
      return [{ start: at, end: lineEndAfter(text, valueRange[1]), insert: ` ${renderInline(value, columnOf(text, keyRange[0]) + 2)}${eolOf(text)}` }];
    }
    return [{ start: valueRange[0], end: valueRange[1], insert: renderInline(value, columnOf(text, keyRange[0]) + 2) }];
  }
  return [addPairEdit(text, map, key, value, after)];
}

function nonNull(edit: TextEdit | null): TextEdit[] {
  return edit ? [edit] : [];
}

/** Inserts a new `key: value` into a block or flow map, after the last of `after` that is present. */
function addPairEdit(text: string, map: YAMLMap, key: string, value: string | string[], after: string[]): TextEdit {
  const pairs = map.items as Pair<Scalar, Node | null>[];
  const anchorIndex = Math.max(-1, ...after.map((name) => pairs.findIndex((p) => isScalar(p.key) && p.key.value === name)));
  const anchor = anchorIndex >= 0 ? pairs[anchorIndex] : pairs[pairs.length - 1];
  const mapRange = rangeOf(map);
  if (!mapRange) throw new Error('map without a source range');
  if (map.flow) {
    if (!anchor) {
      const open = text.indexOf('{', mapRange[0]);
      return { start: open + 1, end: open + 1, insert: ` ${key}: ${renderFlowValue(value)} ` };
    }
    const at = endOfNode(anchor.value, rangeOf(anchor.key)?.[1] ?? mapRange[0]);
    return { start: at, end: at, insert: `, ${key}: ${renderFlowValue(value)}` };
  }
  const first = pairs[0];
  const indent = first ? columnOf(text, rangeOf(first.key)?.[0] ?? mapRange[0]) : columnOf(text, mapRange[0]);
  const at = anchor ? lineEndAfter(text, endOfNode(anchor.value, rangeOf(anchor.key)?.[2] ?? mapRange[1])) : mapRange[1];
  return { start: at, end: at, insert: `${' '.repeat(indent)}${key}: ${renderInline(value, indent)}${eolOf(text)}` };
}

function renderFlowValue(value: string | string[]): string {
  return Array.isArray(value) ? renderInline(value, 0) : renderScalar(value, true, 0);
}

/** The file's indentation step: how far `seats`' keys sit in from the margin (2 when unknown). */
export function indentUnit(text: string, root: YAMLMap): number {
  for (const pair of root.items as Pair<Scalar, Node | null>[]) {
    const value = pair.value;
    if (isMap(value) && !value.flow && value.range) {
      const column = columnOf(text, value.range[0]);
      if (column > 0) return column;
    }
  }
  return 2;
}

/** Removes `key` from a block or flow map (its whole lines in block style). */
export function removePairEdits(text: string, map: YAMLMap, key: string): TextEdit[] {
  const pairs = map.items as Pair<Scalar, Node | null>[];
  const index = pairs.findIndex((p) => isScalar(p.key) && p.key.value === key);
  const pair = pairs[index];
  if (!pair) return [];
  const keyRange = rangeOf(pair.key);
  if (!keyRange) return [];
  const end = endOfNode(pair.value, keyRange[2]);
  const next = pairs[index + 1];
  const nextStart = next ? rangeOf(next.key)?.[0] : undefined;
  if (map.flow) {
    const prev = pairs[index - 1];
    if (prev) return [{ start: endOfNode(prev.value, rangeOf(prev.key)?.[2] ?? keyRange[0]), end, insert: '' }];
    if (nextStart !== undefined) return [{ start: keyRange[0], end: nextStart, insert: '' }];
    return [{ start: keyRange[0], end, insert: '' }];
  }
  const start = lineStart(text, keyRange[0]);
  if (text.slice(start, keyRange[0]).trim() !== '' && nextStart !== undefined) {
    // The first key of a sequence item (`- key: v`): pull the next key up onto the `- ` line.
    return [{ start: keyRange[0], end: nextStart, insert: '' }];
  }
  const [from, to] = blockEntrySpan(text, keyRange[0], end);
  return [{ start: from, end: to, insert: '' }];
}

/** Inserts `item` into the sequence at `parent[key]` at `index` (end when beyond), creating the key when missing. */
export function seqInsertEdits(text: string, parent: YAMLMap, key: string, item: Fields, index: number, unit = 2): TextEdit[] {
  const eol = eolOf(text);
  const pair = pairOf(parent, key);
  const seq = pair?.value;
  if (!pair || !isSeq(seq) || (seq.items.length === 0 && !seq.flow)) {
    if (pair && seq !== null && seq !== undefined && !(isScalar(seq) && seq.value === null) && !isSeq(seq)) {
      throw new Error(`\`${key}\` is not a list`);
    }
    const body = renderBlockMap(item, unit + 2, '- ', eol);
    if (pair) {
      // `key:` with no value: the items go on the lines after the key's line.
      const at = lineEndAfter(text, rangeOf(pair.key)?.[2] ?? 0);
      return [{ start: at, end: at, insert: (at === text.length && !text.endsWith('\n') ? eol : '') + body }];
    }
    const sep = text.length === 0 || text.endsWith('\n') ? '' : eol;
    return [{ start: text.length, end: text.length, insert: `${sep}${key}:${eol}${body}` }];
  }
  const items = seq.items as Node[];
  const target = items[index];
  if (seq.flow) {
    const seqRange = rangeOf(seq);
    if (!seqRange) return [];
    const rendered = renderFlowMap(item);
    if (items.length === 0) return [{ start: seqRange[0] + 1, end: seqRange[1] - 1, insert: rendered }];
    if (target) return [{ start: rangeOf(target)?.[0] ?? 0, end: rangeOf(target)?.[0] ?? 0, insert: `${rendered}, ` }];
    const at = rangeOf(items[items.length - 1])?.[1] ?? 0;
    return [{ start: at, end: at, insert: `, ${rendered}` }];
  }
  const firstStart = rangeOf(items[0])?.[0] ?? 0;
  const indent = columnOf(text, firstStart);
  const dash = text.lastIndexOf('-', firstStart - 1);
  const prefix = text.slice(dash, firstStart); // `- ` (or `-   `), kept as the file writes it
  const body = renderBlockMap(item, indent, prefix, eol);
  if (target) {
    const at = leadingLinesStart(text, lineStart(text, rangeOf(target)?.[0] ?? 0));
    return [{ start: at, end: at, insert: body }];
  }
  const last = items[items.length - 1];
  const at = lineEndAfter(text, rangeOf(last)?.[1] ?? 0);
  return [{ start: at, end: at, insert: (at === text.length && !text.endsWith('\n') ? eol : '') + body }];
}

/** Removes item `index` of the sequence at `parent[key]`; the last item leaves `key: []`. */
export function seqRemoveEdits(text: string, parent: YAMLMap, key: string, index: number): TextEdit[] {
  const pair = pairOf(parent, key);
  const seq = pair?.value;
  if (!pair || !isSeq(seq)) return [];
  return itemRemoveEdits(text, pair as Pair<Scalar, YAMLSeq>, index);
}

function itemRemoveEdits(text: string, pair: Pair<Scalar, YAMLSeq>, index: number): TextEdit[] {
  const seq = pair.value as YAMLSeq;
  const items = seq.items as Node[];
  const item = items[index];
  const range = rangeOf(item);
  if (!range) return [];
  if (seq.flow) {
    const prev = items[index - 1];
    const next = items[index + 1];
    if (prev) return [{ start: rangeOf(prev)?.[1] ?? range[0], end: range[1], insert: '' }];
    if (next) return [{ start: range[0], end: rangeOf(next)?.[0] ?? range[1], insert: '' }];
    return [{ start: range[0], end: range[1], insert: '' }];
  }
  const [from, to] = blockEntrySpan(text, range[0], range[1]);
  const edits: TextEdit[] = [{ start: from, end: to, insert: '' }];
  if (items.length === 1) {
    const at = afterColon(text, pair.key);
    edits.push({ start: at, end: at, insert: ' []' });
  }
  return edits;
}

/**
 * Makes the list at `pair` hold `values`. A block list loses the lines of the items that went and
 * gains lines for the new ones (when the kept items keep their order); a flow list gains `, item`
 * for appends and is otherwise rewritten as one `[a, b]` (it is one line in practice).
 */
function listEdits(text: string, pair: Pair<Scalar, YAMLSeq>, values: string[]): TextEdit[] {
  const seq = pair.value as YAMLSeq;
  const items = seq.items as Node[];
  const range = rangeOf(seq);
  if (!range) return [];
  const old = items.map((item) => (isScalar(item) ? String(item.value) : null));
  if (old.length === values.length && old.every((v, i) => v === values[i])) return [];
  const keptIndexes = old.map((v, i) => (v !== null && values.includes(v) ? i : -1)).filter((i) => i >= 0);
  const kept = keptIndexes.map((i) => old[i] as string);
  const simple =
    old.every((v) => v !== null) &&
    new Set(values).size === values.length &&
    kept.every((v, i) => values[i] === v) &&
    values.slice(kept.length).every((v) => !old.includes(v));
  const added = values.slice(kept.length);
  const eol = eolOf(text);
  if (simple && keptIndexes.length > 0 && (!seq.flow || keptIndexes.length === items.length)) {
    const lastKept = rangeOf(items[keptIndexes[keptIndexes.length - 1] ?? 0]);
    if (!lastKept) return [];
    if (seq.flow) return [{ start: lastKept[1], end: lastKept[1], insert: added.map((v) => `, ${renderScalar(v, true, 0)}`).join('') }];
    const edits: TextEdit[] = [];
    items.forEach((item, i) => {
      const r = rangeOf(item);
      if (r && !keptIndexes.includes(i)) {
        const [from, to] = blockEntrySpan(text, r[0], r[1]);
        edits.push({ start: from, end: to, insert: '' });
      }
    });
    if (added.length > 0) {
      const first = rangeOf(items[0])?.[0] ?? range[0];
      const indent = columnOf(text, first);
      const prefix = text.slice(text.lastIndexOf('-', first - 1), first);
      const at = lineEndAfter(text, lastKept[1]);
      const body = added.map((v) => `${' '.repeat(Math.max(0, indent - prefix.length))}${prefix}${renderScalar(v, false, indent)}${eol}`).join('');
      edits.push({ start: at, end: at, insert: (at === text.length && !text.endsWith('\n') ? eol : '') + body });
    }
    return edits;
  }
  // Otherwise rewrite the whole value in the list's own style.
  if (seq.flow) return [{ start: range[0], end: range[1], insert: renderInline(values, 0) }];
  if (values.length === 0) {
    const at = afterColon(text, pair.key);
    return [{ start: at, end: lineEndAfter(text, range[1]), insert: ` []${trailingComment(text, at)}${eol}` }];
  }
  const first = rangeOf(items[0])?.[0] ?? range[0];
  const indent = columnOf(text, first);
  const prefix = text.slice(text.lastIndexOf('-', first - 1), first);
  // Items that stay keep their own lines (and so their comments); comment lines between items stay too.
  const spans = items.map((item) => rangeOf(item)).map((r) => (r ? blockEntrySpan(text, r[0], r[1]) : null));
  const start = lineStart(text, range[0]);
  const end = lineEndAfter(text, range[1]);
  const reused = new Set<number>();
  const body = values.map((v) => {
    const index = old.findIndex((o, i) => o === v && !reused.has(i) && spans[i]);
    const span = spans[index];
    if (index >= 0 && span) {
      reused.add(index);
      const line = text.slice(span[0], span[1]);
      return line.endsWith('\n') ? line : `${line}${eol}`;
    }
    return `${' '.repeat(Math.max(0, indent - prefix.length))}${prefix}${renderScalar(v, false, indent)}${eol}`;
  });
  let cursor = start;
  const between: string[] = [];
  for (const span of spans) {
    if (!span) continue;
    const gap = text.slice(cursor, span[0]);
    if (gap.trim().startsWith('#')) between.push(gap.endsWith('\n') ? gap : `${gap}${eol}`);
    cursor = span[1];
  }
  return [{ start, end, insert: [...between, ...body].join('') }];
}

export { isMap, isScalar, isSeq };
