/**
 * Where seats go on the canvas (pure, unit-tested). The first layout aims to be readable in a
 * 1400 × 900 window with full seat cards showing:
 * - every drawn pair shapes it: designed handoffs set the ranks, observed traffic and rules pull the
 *   seats they connect next to each other without adding ranks;
 * - each connected group is laid out by dagre; a small group whose handoff chains run deeper than a
 *   window allows goes on a compact grid instead (edges kept short, forward and off other seats);
 *   a big group is split into its communities (teams) first, so 200 seats are a block of teams,
 *   not one long staircase;
 * - the groups, and a grid of the seats with no edges at all, are packed side by side in rows;
 * - the direction (left to right or top to bottom) is whichever fits the window at the larger zoom.
 * Saved positions always win; seats that appear later are placed next to the seats they are
 * connected to without moving anyone.
 */
import dagre from '@dagrejs/dagre';

export interface Point {
  x: number;
  y: number;
}

export type Positions = Record<string, Point>;

export interface Link {
  from: string;
  to: string;
  /** False for observed traffic and rules: they pull seats together but do not set ranks. */
  ranked?: boolean;
}

/**
 * The links that shape the layout: every pair the graph draws. Designed handoffs set the ranks
 * (`ranked`); observed traffic and rules only pull the seats they connect next to each other. Used
 * for ranking, traffic (which often runs against the design: replies, human bridges) stretched a
 * 14-seat fleet into ten ranks; left out, seats that talk a lot ended up far apart with the edges
 * between them arcing across the whole canvas.
 */
export function layoutLinks(edges: readonly { kind: string; from: string; to: string }[]): Link[] {
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const kind of ['handoff', 'traffic', 'rule']) {
    for (const e of edges) {
      if (e.kind !== kind || e.from === e.to) continue;
      const key = `${e.from}\n${e.to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      links.push(kind === 'handoff' ? { from: e.from, to: e.to } : { from: e.from, to: e.to, ranked: false });
    }
  }
  return links;
}

/** Layout box of a seat node; the rendered node is this wide and at most about this tall. */
export const SEAT_WIDTH = 224;
export const SEAT_HEIGHT = 124;

const GAP = 28;

/** Which way designed handoffs flow on the canvas. */
export type Direction = 'TB' | 'LR';

/** Past this many seats a connected group is split into its communities (teams), laid out side by side. */
export const SPLIT_AFTER = 40;

/** The window shape a first layout is fitted to (a laptop screen minus the app's chrome). */
const VIEW_ASPECT = 1.9;

/** How much of a window the layout of these positions fills at best (bigger is more readable). */
function fitScale(positions: Positions): number {
  const points = Object.values(positions);
  if (points.length === 0) return 1;
  const box = bounds(points);
  return Math.min(VIEW_ASPECT / box.width, 1 / box.height);
}

/** The canvas a first layout is fitted to: a 1400 × 900 window minus the app's header, toolbar and legend. */
const VIEW_WIDTH = 1350;
const VIEW_HEIGHT = VIEW_WIDTH / VIEW_ASPECT;

/**
 * The direction for a fresh layout of these seats: left to right unless top to bottom fits a
 * landscape window at a clearly larger zoom (handoff labels are wide: they read best in the wide
 * gaps between ranks, while top to bottom they crowd the narrow gaps between seats of a rank).
 */
export function directionFor(seatIds: readonly string[], links: readonly Link[]): Direction {
  const zoom = (direction: Direction) => Math.min(1, fitScale(autoLayout(seatIds, links, direction)) * VIEW_HEIGHT);
  return zoom('TB') > zoom('LR') * 1.15 ? 'TB' : 'LR';
}

interface Spacing {
  nodesep: number;
  ranksep: number;
}

/**
 * Gaps between ranks hold the edge labels: a label's height top to bottom, its width left to right.
 * Top to bottom, seats of a rank sit wide apart so labels of edges that skip ranks fit between them.
 */
function spacingFor(seatCount: number, direction: Direction): Spacing {
  if (direction === 'TB') return seatCount > SPLIT_AFTER ? { nodesep: 40, ranksep: 72 } : { nodesep: 96, ranksep: 76 };
  return seatCount > SPLIT_AFTER ? { nodesep: 24, ranksep: 150 } : { nodesep: 36, ranksep: 180 };
}

/** The step from one rank to the next, and across a rank, in canvas coordinates. */
function axes(direction: Direction, rankGap: number) {
  return direction === 'TB'
    ? { rank: { x: 0, y: SEAT_HEIGHT + rankGap }, cross: { x: SEAT_WIDTH + GAP, y: 0 } }
    : { rank: { x: SEAT_WIDTH + rankGap, y: 0 }, cross: { x: 0, y: SEAT_HEIGHT + GAP } };
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function bounds(points: readonly Point[]): Box {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const p of points) {
    left = Math.min(left, p.x);
    top = Math.min(top, p.y);
    right = Math.max(right, p.x + SEAT_WIDTH);
    bottom = Math.max(bottom, p.y + SEAT_HEIGHT);
  }
  return { left, top, width: right - left, height: bottom - top };
}

/** Links between two different seats of the set, each unordered pair once (designed first). */
function connectedLinks(seatIds: readonly string[], links: readonly Link[]): Link[] {
  const seats = new Set(seatIds);
  const seen = new Set<string>();
  const result: Link[] = [];
  for (const l of [...links.filter((x) => x.ranked !== false), ...links.filter((x) => x.ranked === false)]) {
    if (l.from === l.to || !seats.has(l.from) || !seats.has(l.to)) continue;
    const key = l.from < l.to ? `${l.from}\n${l.to}` : `${l.to}\n${l.from}`;
    if (seen.has(key) && l.ranked === false) continue;
    seen.add(key);
    result.push(l);
  }
  return result;
}

/** Groups of seats joined by links (undirected), in order of their first seat. */
function components(seatIds: readonly string[], links: readonly Link[]): string[][] {
  const parent = new Map(seatIds.map((id) => [id, id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const l of links) parent.set(find(l.from), find(l.to));
  const groups = new Map<string, string[]>();
  for (const id of seatIds) {
    const root = find(id);
    const group = groups.get(root);
    if (group) group.push(id);
    else groups.set(root, [id]);
  }
  return [...groups.values()];
}

/**
 * A big connected group split into communities (greedy modularity moves, deterministic): in a fleet
 * of teams each team keeps to itself, and the few links between teams no longer drag every team one
 * rank further, which drew 200 seats as one long staircase.
 */
export function communities(seatIds: readonly string[], links: readonly Link[]): string[][] {
  const index = new Map(seatIds.map((id, i) => [id, i]));
  const neighbours: Array<Array<[number, number]>> = seatIds.map(() => []);
  const degree = seatIds.map(() => 0);
  let total = 0;
  for (const l of links) {
    const a = index.get(l.from);
    const b = index.get(l.to);
    if (a === undefined || b === undefined || a === b) continue;
    const w = l.ranked === false ? 1 : 2;
    neighbours[a]!.push([b, w]);
    neighbours[b]!.push([a, w]);
    degree[a]! += w;
    degree[b]! += w;
    total += w;
  }
  const community = seatIds.map((_, i) => i);
  const sum = degree.slice();
  if (total === 0) return seatIds.map((id) => [id]);
  for (let pass = 0; pass < 20; pass++) {
    let moved = false;
    for (let i = 0; i < seatIds.length; i++) {
      const own = community[i]!;
      const k = degree[i]!;
      sum[own]! -= k;
      const into = new Map<number, number>([[own, 0]]);
      for (const [j, w] of neighbours[i]!) into.set(community[j]!, (into.get(community[j]!) ?? 0) + w);
      let best = own;
      let bestGain = (into.get(own) ?? 0) - (sum[own]! * k) / (2 * total);
      for (const [c, w] of into) {
        const gain = w - (sum[c]! * k) / (2 * total);
        if (gain > bestGain + 1e-9 || (Math.abs(gain - bestGain) <= 1e-9 && c < best && best !== own)) {
          best = c;
          bestGain = gain;
        }
      }
      sum[best]! += k;
      if (best !== own) {
        community[i] = best;
        moved = true;
      }
    }
    if (!moved) break;
  }
  const groups = new Map<number, string[]>();
  seatIds.forEach((id, i) => {
    const group = groups.get(community[i]!);
    if (group) group.push(id);
    else groups.set(community[i]!, [id]);
  });
  return [...groups.values()];
}

/**
 * Ranks along designed handoffs only (longest path from the sources, cycles broken where they are
 * met), used to orient traffic and rules so they never add a rank: a traffic pair goes to dagre in
 * the direction the handoffs already put its seats, and not at all if they share a rank.
 */
function handoffRanks(seatIds: readonly string[], links: readonly Link[]): Map<string, number> {
  const out = new Map<string, string[]>(seatIds.map((id) => [id, []]));
  for (const l of links) if (l.ranked !== false) out.get(l.from)?.push(l.to);
  // Depth-first order; edges back into the current path are cycle edges and are ignored.
  const state = new Map<string, 1 | 2>();
  const order: string[] = [];
  const back = new Set<string>();
  for (const root of seatIds) {
    if (state.has(root)) continue;
    const stack: Array<[string, number]> = [[root, 0]];
    state.set(root, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = out.get(top[0])![top[1]++];
      if (next === undefined) {
        state.set(top[0], 2);
        order.push(top[0]);
        stack.pop();
      } else if (!state.has(next)) {
        state.set(next, 1);
        stack.push([next, 0]);
      } else if (state.get(next) === 1) back.add(`${top[0]}\n${next}`);
    }
  }
  const rank = new Map<string, number>(seatIds.map((id) => [id, 0]));
  for (const id of order.reverse()) {
    for (const to of out.get(id)!) {
      if (back.has(`${id}\n${to}`)) continue;
      rank.set(to, Math.max(rank.get(to)!, rank.get(id)! + 1));
    }
  }
  return rank;
}

/** Dagre on one connected group; positions with the group's top-left corner at 0,0. */
/** `split`: the group is one of many in a big fleet (a quicker grid search: there are many of them). */
function layoutGroup(seatIds: readonly string[], links: readonly Link[], direction: Direction, spacing: Spacing, split: boolean): Positions {
  const positions: Positions = {};
  if (seatIds.length === 1) {
    positions[seatIds[0]!] = { x: 0, y: 0 };
    return positions;
  }
  const ranks = handoffRanks(seatIds, links);
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: direction, nodesep: spacing.nodesep, ranksep: spacing.ranksep, edgesep: 16, marginx: 0, marginy: 0, acyclicer: 'greedy' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of seatIds) g.setNode(id, { width: SEAT_WIDTH, height: SEAT_HEIGHT });
  for (const l of links) {
    if (l.ranked !== false) {
      if (!g.hasEdge(l.from, l.to)) g.setEdge(l.from, l.to, { weight: 4, minlen: 1 });
      continue;
    }
    const a = ranks.get(l.from)!;
    const b = ranks.get(l.to)!;
    if (a === b) continue;
    const [from, to] = a < b ? [l.from, l.to] : [l.to, l.from];
    if (!g.hasEdge(from, to) && !g.hasEdge(to, from)) g.setEdge(from, to, { weight: 1, minlen: 1 });
  }
  dagre.layout(g);
  for (const id of seatIds) {
    const node = g.node(id);
    positions[id] = { x: Math.round(node.x - SEAT_WIDTH / 2), y: Math.round(node.y - SEAT_HEIGHT / 2) };
  }
  // A grid only when dagre's layered drawing would be too small to read in a window.
  if (seatIds.length <= GRID_MAX_SEATS && fitScale(positions) * VIEW_HEIGHT < GRID_BELOW_ZOOM) {
    const grid = gridLayout(seatIds, links, direction, spacing, positions, split);
    if (grid && fitScale(grid) > fitScale(positions) * 1.05) return grid;
  }
  const box = bounds(Object.values(positions));
  for (const p of Object.values(positions)) {
    p.x -= box.left;
    p.y -= box.top;
  }
  return positions;
}

/** Groups up to this size may be laid out on a grid when their handoff chains run too deep… */
const GRID_MAX_SEATS = 30;
/** …for dagre's layout to show at this zoom in a window. */
const GRID_BELOW_ZOOM = 0.75;

/**
 * A small group whose handoff chains run deeper than a window is tall (or wide) goes on a compact
 * grid instead: seats start where dagre put them (ranks squeezed into fewer rows) and then move,
 * one at a time, to whichever cell makes their edges shorter, forward and clear of other seats,
 * until no move helps. Deterministic. Null when the group is shallow enough for dagre's layout.
 */
function gridLayout(seatIds: readonly string[], links: readonly Link[], direction: Direction, spacing: Spacing, layered: Positions, quick: boolean): Positions | null {
  const rankOf = (p: Point) => (direction === 'TB' ? p.y : p.x);
  const crossOf = (p: Point) => (direction === 'TB' ? p.x : p.y);
  const rankValues = [...new Set(seatIds.map((id) => rankOf(layered[id]!)))].sort((a, b) => a - b);
  const depth = rankValues.length;
  const n = seatIds.length;
  // Cell size along the flow and across it: roomier than dagre's gaps, as more edges share each gap.
  const rankStep = direction === 'TB' ? SEAT_HEIGHT + spacing.ranksep + 24 : SEAT_WIDTH + spacing.ranksep + 30;
  const crossStep = direction === 'TB' ? SEAT_WIDTH + spacing.nodesep + 24 : SEAT_HEIGHT + spacing.nodesep + 76;
  // Grid shapes (cells along the flow × across) small enough to read in a window, with some free
  // cells to move into; the one whose edges cost least wins.
  let best: { cost: number; positions: Positions } | null = null;
  // Quick: only the squarest shape, from dagre's order.
  for (let rows = quick ? Math.max(3, Math.min(depth - 1, Math.round(Math.sqrt(n)))) : 3; rows < depth; rows++) {
    const cols = Math.ceil((n + Math.max(2, Math.ceil(n / 4))) / rows);
    const w = direction === 'TB' ? cols * crossStep : rows * rankStep;
    const h = direction === 'TB' ? rows * rankStep : cols * crossStep;
    if (Math.min(VIEW_ASPECT / w, 1 / h) < GRID_MIN_SCALE) continue;
    for (const flip of quick ? [1] : [1, -1]) {
      const result = optimiseGrid(seatIds, links, rows, cols, (id) => rankOf(layered[id]!), (id) => flip * crossOf(layered[id]!), rankValues);
      if (!result || (best && result.cost >= best.cost - 1e-9)) continue;
      const positions: Positions = {};
      for (const [id, [r, c]] of result.cells) positions[id] = direction === 'TB' ? { x: c * crossStep, y: r * rankStep } : { x: r * rankStep, y: c * crossStep };
      best = { cost: result.cost, positions };
    }
    if (quick) break;
  }
  return best?.positions ?? null;
}

/** Fit scale (see fitScale) a grid must reach: about 0.6 zoom in a 1400 × 850 window. */
const GRID_MIN_SCALE = 1 / 1300;

function optimiseGrid(
  seatIds: readonly string[],
  links: readonly Link[],
  rows: number,
  cols: number,
  rankOf: (id: string) => number,
  crossOf: (id: string) => number,
  rankValues: readonly number[],
): { cost: number; cells: Map<string, [number, number]> } | null {
  const n = seatIds.length;
  const depth = rankValues.length;
  const index = new Map(seatIds.map((id, i) => [id, i]));
  const edges = links
    .map((l) => ({ s: index.get(l.from)!, t: index.get(l.to)!, w: l.ranked === false ? 1 : 3 }))
    .filter((e) => e.s !== undefined && e.t !== undefined && e.s !== e.t);
  const rank = new Array<number>(n);
  const cross = new Array<number>(n);
  const cell = new Map<number, number>();
  const key = (r: number, c: number) => r * cols + c;
  // Start: dagre's ranks squeezed into the rows, in dagre's order across.
  const order = seatIds.map((_, i) => i).sort((a, b) => rankOf(seatIds[a]!) - rankOf(seatIds[b]!) || crossOf(seatIds[a]!) - crossOf(seatIds[b]!));
  for (const i of order) {
    const r0 = Math.floor((rankValues.indexOf(rankOf(seatIds[i]!)) * rows) / depth);
    let placed = false;
    for (let d = 0; d < rows && !placed; d++) {
      for (const r of d === 0 ? [r0] : [r0 + d, r0 - d]) {
        if (r < 0 || r >= rows) continue;
        for (let c = 0; c < cols; c++) {
          if (!cell.has(key(r, c))) {
            rank[i] = r;
            cross[i] = c;
            cell.set(key(r, c), i);
            placed = true;
            break;
          }
        }
        if (placed) break;
      }
    }
    if (!placed) return null;
  }

  const edgeCost = (e: { s: number; t: number; w: number }) => {
    const dr = rank[e.t]! - rank[e.s]!;
    const dc = cross[e.t]! - cross[e.s]!;
    let cost: number;
    if (dr >= 1) cost = (dr - 1) * 1.5 + Math.abs(dc);
    else if (dr === 0) cost = 2 + Math.abs(dc) * 2;
    else cost = 4 + -dr * 2.5 + Math.abs(dc);
    // Seats the straight line between the two passes over.
    const hit = new Set<number>();
    for (let k = 1; k < 8; k++) {
      const r = Math.round(rank[e.s]! + (dr * k) / 8);
      const c = Math.round(cross[e.s]! + (dc * k) / 8);
      const other = cell.get(key(r, c));
      if (other !== undefined && other !== e.s && other !== e.t) hit.add(other);
    }
    return e.w * (cost + hit.size * 3);
  };
  // Labels sit midway along their edges: two edges with the same midpoint stack their labels.
  const total = () => {
    let sum = 0;
    const middles = new Map<number, number>();
    for (const e of edges) {
      sum += edgeCost(e);
      const middle = (rank[e.s]! + rank[e.t]!) * 4 * cols + (cross[e.s]! + cross[e.t]!);
      const stacked = middles.get(middle) ?? 0;
      sum += stacked * 2.5;
      middles.set(middle, stacked + 1);
    }
    return sum;
  };
  const place = (i: number, r: number, c: number) => {
    rank[i] = r;
    cross[i] = c;
    cell.set(key(r, c), i);
  };
  let best = total();
  for (let pass = 0; pass < 40; pass++) {
    let improved = false;
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const fromR = rank[i]!;
          const fromC = cross[i]!;
          if (r === fromR && c === fromC) continue;
          const other = cell.get(key(r, c));
          cell.delete(key(fromR, fromC));
          if (other !== undefined) place(other, fromR, fromC);
          place(i, r, c);
          const cost = total();
          if (cost < best - 1e-9) {
            best = cost;
            improved = true;
            continue;
          }
          // Undo.
          cell.delete(key(r, c));
          if (other !== undefined) place(other, r, c);
          place(i, fromR, fromC);
        }
      }
    }
    if (!improved) break;
  }

  // Drop empty rows and columns.
  const usedRows = [...new Set(rank)].sort((x, y) => x - y);
  const usedCols = [...new Set(cross)].sort((x, y) => x - y);
  const cells = new Map<string, [number, number]>();
  seatIds.forEach((id, i) => cells.set(id, [usedRows.indexOf(rank[i]!), usedCols.indexOf(cross[i]!)]));
  return { cost: best, cells };
}

/**
 * Blocks (each laid out from 0,0) packed in rows, left to right, at the row width whose result
 * fits a landscape window best. Returns each block's offset.
 */
function packBlocks(boxes: readonly { width: number; height: number }[], gap: number): Point[] {
  const widest = Math.max(...boxes.map((b) => b.width));
  const total = boxes.reduce((sum, b) => sum + b.width + gap, 0);
  const candidates = new Set<number>([widest, total]);
  let running = 0;
  for (const b of boxes) {
    running += b.width + gap;
    if (running >= widest) candidates.add(running);
  }
  let best: { scale: number; offsets: Point[] } | null = null;
  for (const limit of [...candidates].sort((a, b) => a - b)) {
    const offsets: Point[] = [];
    let x = 0;
    let y = 0;
    let rowHeight = 0;
    let width = 0;
    for (const b of boxes) {
      if (x > 0 && x + b.width > limit) {
        y += rowHeight + gap;
        x = 0;
        rowHeight = 0;
      }
      offsets.push({ x, y });
      width = Math.max(width, x + b.width);
      x += b.width + gap;
      rowHeight = Math.max(rowHeight, b.height);
    }
    const scale = Math.min(VIEW_ASPECT / width, 1 / (y + rowHeight));
    if (!best || scale > best.scale + 1e-9) best = { scale, offsets };
  }
  return best!.offsets;
}

/** The last few layouts (directionFor tries both directions, then the chosen one is used). */
const recentLayouts = new Map<string, Positions>();

/**
 * Lays out every seat from scratch. Deterministic for the same input. Each connected group of seats
 * is laid out on its own (a big one split into its communities first) and the groups are packed side
 * by side; seats with no links at all go in a grid block of their own, last.
 */
export function autoLayout(seatIds: readonly string[], links: readonly Link[], direction: Direction): Positions {
  const key = JSON.stringify([seatIds, links, direction]);
  let positions = recentLayouts.get(key);
  if (!positions) {
    positions = computeLayout(seatIds, links, direction);
    recentLayouts.set(key, positions);
    if (recentLayouts.size > 2) recentLayouts.delete(recentLayouts.keys().next().value!);
  }
  return structuredClone(positions);
}

function computeLayout(seatIds: readonly string[], links: readonly Link[], direction: Direction): Positions {
  const positions: Positions = {};
  if (seatIds.length === 0) return positions;
  const usable = connectedLinks(seatIds, links);
  const linked = new Set(usable.flatMap((l) => [l.from, l.to]));
  const spacing = spacingFor(seatIds.length, direction);

  const groups: string[][] = [];
  for (const component of components(seatIds.filter((id) => linked.has(id)), usable)) {
    if (component.length <= SPLIT_AFTER) groups.push(component);
    else groups.push(...communities(component, usable));
  }
  // Biggest groups first; equal ones in seat order.
  groups.sort((a, b) => b.length - a.length);
  const layouts = groups.map((group) => {
    const members = new Set(group);
    return layoutGroup(group, usable.filter((l) => members.has(l.from) && members.has(l.to)), direction, spacing, seatIds.length > SPLIT_AFTER);
  });
  // Seats with no links at all: a grid block of their own, packed last.
  const loners = seatIds.filter((id) => !linked.has(id));
  if (loners.length > 0) {
    const cols = Math.max(1, Math.ceil(Math.sqrt(loners.length * 2)));
    const grid: Positions = {};
    loners.forEach((id, index) => {
      grid[id] = { x: (index % cols) * (SEAT_WIDTH + GAP), y: Math.floor(index / cols) * (SEAT_HEIGHT + GAP) };
    });
    layouts.push(grid);
  }
  const boxes = layouts.map((p) => bounds(Object.values(p)));
  const blockGap = direction === 'TB' ? Math.max(spacing.nodesep, 64) : Math.max(spacing.ranksep / 2, 64);
  const offsets = packBlocks(boxes, blockGap);
  layouts.forEach((layout, i) => {
    const o = offsets[i]!;
    for (const [id, p] of Object.entries(layout)) positions[id] = { x: p.x + o.x, y: p.y + o.y };
  });
  return positions;
}

function overlaps(a: Point, b: Point): boolean {
  return Math.abs(a.x - b.x) < SEAT_WIDTH + GAP / 2 && Math.abs(a.y - b.y) < SEAT_HEIGHT + GAP / 2;
}

function isFree(candidate: Point, placed: readonly Point[]): boolean {
  return placed.every((p) => !overlaps(candidate, p));
}

/** The first free spot in reading order from `anchor`: along the row, then the next rows down. */
function nextFreeInRows(anchor: Point, placed: readonly Point[], perRow: number): Point {
  for (let row = 0; ; row++) {
    for (let col = 0; col < perRow; col++) {
      const candidate = { x: anchor.x + col * (SEAT_WIDTH + GAP), y: anchor.y + row * (SEAT_HEIGHT + GAP) };
      if (isFree(candidate, placed)) return candidate;
    }
  }
}

/**
 * The nearest free spot to `anchor` within its rank (alternating either side), else one rank
 * further along `sign` (+1: downstream, -1: upstream), and so on.
 */
function nearestFree(anchor: Point, placed: readonly Point[], steps: ReturnType<typeof axes>, sign: 1 | -1): Point {
  for (let rank = 0; rank < 200; rank++) {
    for (let ring = 0; ring < 12; ring++) {
      for (const r of ring === 0 ? [0] : [ring, -ring]) {
        const candidate = {
          x: anchor.x + sign * rank * steps.rank.x + r * steps.cross.x,
          y: anchor.y + sign * rank * steps.rank.y + r * steps.cross.y,
        };
        if (isFree(candidate, placed)) return candidate;
      }
    }
  }
  return nextFreeInRows({ x: anchor.x, y: Math.max(...placed.map((p) => p.y), anchor.y) + SEAT_HEIGHT + GAP }, placed, 6);
}

/**
 * Positions for seats that appeared after the layout was made. Existing positions are never
 * changed; the result holds only the new seats. A new seat goes one rank downstream of the seats
 * that send to it (or upstream of those it sends to), else into the row under everything.
 */
export function placeNewSeats(existing: Readonly<Positions>, newSeatIds: readonly string[], links: readonly Link[], direction: Direction): Positions {
  const placedPoints: Point[] = Object.values(existing);
  const known: Positions = { ...existing };
  const result: Positions = {};
  const steps = axes(direction, spacingFor(placedPoints.length + newSeatIds.length, direction).ranksep);
  const rankOf = (p: Point) => (direction === 'TB' ? p.y : p.x);
  const crossOf = (p: Point) => (direction === 'TB' ? p.x : p.y);
  const at = (rank: number, cross: number): Point => (direction === 'TB' ? { x: cross, y: rank } : { x: rank, y: cross });
  const rankStep = direction === 'TB' ? steps.rank.y : steps.rank.x;
  for (const id of newSeatIds) {
    if (known[id]) continue;
    const senders = links.filter((l) => l.to === id && l.from !== id && known[l.from]).map((l) => known[l.from]!);
    const receivers = links.filter((l) => l.from === id && l.to !== id && known[l.to]).map((l) => known[l.to]!);
    const meanCross = (ps: Point[]) => Math.round(ps.reduce((sum, p) => sum + crossOf(p), 0) / ps.length);
    let spot: Point;
    if (senders.length > 0) {
      spot = nearestFree(at(Math.max(...senders.map(rankOf)) + rankStep, meanCross(senders)), placedPoints, steps, 1);
    } else if (receivers.length > 0) {
      spot = nearestFree(at(Math.min(...receivers.map(rankOf)) - rankStep, meanCross(receivers)), placedPoints, steps, -1);
    } else if (placedPoints.length > 0) {
      // Unconnected: the row under everything that was there before this batch.
      const left = Math.min(...placedPoints.map((p) => p.x));
      const right = Math.max(...placedPoints.map((p) => p.x));
      const perRow = Math.max(4, Math.floor((right - left) / (SEAT_WIDTH + GAP)) + 1);
      const before = Object.values(existing);
      const y = before.length > 0 ? Math.max(...before.map((p) => p.y)) + SEAT_HEIGHT + GAP * 2 : Math.min(...placedPoints.map((p) => p.y));
      spot = nextFreeInRows({ x: left, y }, placedPoints, perRow);
    } else {
      spot = nextFreeInRows({ x: 0, y: 0 }, placedPoints, 6);
    }
    result[id] = spot;
    known[id] = spot;
    placedPoints.push(spot);
  }
  return result;
}

/**
 * Positions for the seats on first open: saved ones kept; if none of the seats has a saved
 * position, a fresh layout; otherwise the rest placed around the saved ones.
 */
export function initialPositions(seatIds: readonly string[], saved: Readonly<Positions>, links: readonly Link[], direction: Direction): Positions {
  const kept: Positions = {};
  for (const id of seatIds) {
    const p = saved[id];
    if (p && Number.isFinite(p.x) && Number.isFinite(p.y)) kept[id] = { x: p.x, y: p.y };
  }
  if (Object.keys(kept).length === 0) return autoLayout(seatIds, links, direction);
  const missing = seatIds.filter((id) => !kept[id]);
  return { ...kept, ...placeNewSeats(kept, missing, links, direction) };
}

/**
 * The direction a saved layout was made in, judged by where designed handoffs point: in a
 * top-to-bottom layout they consistently point down (sideways both ways), in a left-to-right one
 * consistently right. Null when there is nothing to judge by.
 */
export function inferDirection(positions: Readonly<Positions>, links: readonly Link[]): Direction | null {
  let down = 0;
  let right = 0;
  for (const l of links) {
    if (l.ranked === false) continue;
    const a = positions[l.from];
    const b = positions[l.to];
    if (!a || !b) continue;
    const dy = b.y - a.y;
    const dx = b.x - a.x;
    if (Math.abs(dy) > SEAT_HEIGHT / 2) down += Math.sign(dy);
    if (Math.abs(dx) > SEAT_WIDTH / 2) right += Math.sign(dx);
  }
  if (down <= 0 && right <= 0) return null;
  return down >= right ? 'TB' : 'LR';
}
