/**
 * The three edge kinds. Each edge's `data` is its structural spec (edgeSpecs.ts); labels and counts
 * are read from the store by id, so a new message re-renders only the edge of its pair. Labels are
 * HTML (EdgeLabelRenderer) so they carry the automation test ids and stay readable when zoomed.
 */
import { memo, useCallback, useMemo, type ReactNode } from 'react';
import { BaseEdge, EdgeLabelRenderer, type Edge, type EdgeProps } from '@xyflow/react';
import { useShallow } from 'zustand/react/shallow';
import { useSelectEdgeOnLabelClick } from '../editing/graphEditing';
import { ScaleIcon } from '../icons';
import { useFleet } from '../store/hooks';
import type { FleetStoreState } from '../store/fleetStore';
import { useDeadCount, useHighlight, useStaleVia } from '../warnings/useSignals';
import { ClockIcon } from '../warnings/warningIcons';
import { edgeCurve } from './edgeGeometry';
import { useGraphDirection } from './graphDirection';
import type { HandoffEdgeSpec, RuleEdgeSpec, TrafficEdgeSpec } from './edgeSpecs';
import type { AggregateEdge } from '../../../shared/seatGroups';
import { summedCount } from '../../../shared/seatGroups';
import { useBumps } from './useBumps';
import { useEdgeFit } from './EdgeFitter';

export type HandoffEdgeType = Edge<HandoffEdgeSpec & Record<string, unknown>, 'handoff'>;
export type TrafficEdgeType = Edge<TrafficEdgeSpec & Record<string, unknown>, 'traffic'>;
export type RuleEdgeType = Edge<RuleEdgeSpec & Record<string, unknown>, 'rule'>;
export type GroupEdgeType = Edge<AggregateEdge & Record<string, unknown>, 'group'>;
export type FleetEdgeType = HandoffEdgeType | TrafficEdgeType | RuleEdgeType | GroupEdgeType;

/** Pairs with fewer messages than this are minor: thinned out when zoomed far out. */
const MINOR_BELOW = 5;

/** `n.toLocaleString()` with one formatter: each call of toLocaleString builds a new one, a hot spot while edges move. */
const numberFormat = new Intl.NumberFormat();
const formatCount = (n: number): string => numberFormat.format(n);
const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** Stroke width grows with traffic (log scale), so busy pairs stand out at any zoom. */
function trafficWidth(count: number): number {
  return count <= 0 ? 1.5 : Math.min(5, 1.75 + Math.log10(count + 1) * 1.25);
}

function shortVia(via: string): string {
  if (via === 'inbox') return 'inbox';
  const slash = via.lastIndexOf('/');
  return slash >= 0 ? via.slice(slash + 1) : via;
}

function usePairCount(pairId: string): number {
  return useFleet((s) => s.data?.traffic.byId[pairId]?.count ?? 0);
}

/** ` is-highlighted` / ` is-dimmed` while a selected warning points at this edge or elsewhere. */
function useHighlightClass(edgeId: string): string {
  const highlight = useHighlight('edge', edgeId);
  return highlight === 'on' ? ' is-highlighted' : highlight === 'off' ? ' is-dimmed' : '';
}

interface LabelProps {
  /** The edge this label belongs to: a click on the label selects it. */
  edgeId: string;
  x: number;
  y: number;
  testId: string;
  className: string;
  title: string;
  selected: boolean | undefined;
  children: ReactNode;
}

function EdgeLabel({ edgeId, x, y, testId, className, title, selected, children }: LabelProps) {
  const onClick = useSelectEdgeOnLabelClick(edgeId);
  return (
    <EdgeLabelRenderer>
      <div
        data-testid={testId}
        className={`edge-label ${className}${selected ? ' is-selected' : ''} nodrag nopan`}
        style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
        title={title}
        onClick={onClick}
      >
        {children}
      </div>
    </EdgeLabelRenderer>
  );
}

function CountBadge({ from, to, count, bumps }: { from: string; to: string; count: number; bumps: number }) {
  return (
    <span key={bumps} data-testid={`count-${from}-${to}`} className={`edge-count${bumps > 0 ? ' is-bumped' : ''}`} aria-label={plural(count, 'message')}>
      {formatCount(count)}
      <span className="edge-count-unit"> {count === 1 ? 'msg' : 'msgs'}</span>
    </span>
  );
}

/** A one-shot glow along the path when the pair's count went up; remounted per bump to restart. */
function Flash({ path, bumps }: { path: string; bumps: number }) {
  if (bumps === 0) return null;
  return <path key={bumps} d={path} className="edge-flash" fill="none" />;
}

export const HandoffEdge = memo(function HandoffEdge(props: EdgeProps<HandoffEdgeType>) {
  const spec = props.data!;
  const vertical = useGraphDirection() === 'TB';
  const fit = useEdgeFit(props.id);
  const { path, labelX, labelY } = edgeCurve(props.sourceX, props.sourceY, props.targetX, props.targetY, spec.lane, spec.lanes, vertical, fit.bend, fit.t);
  const handoffs = useFleet(
    useShallow((s) => spec.handoffIds.map((id) => s.data?.handoffs.byId[id]).filter((h) => h !== undefined)),
  );
  const count = usePairCount(spec.pairId);
  const bumps = useBumps(count);
  const staleVia = useStaleVia(spec.handoffIds);
  const deadCount = useDeadCount(spec.handoffIds);
  const dead = deadCount > 0 && deadCount === spec.handoffIds.length;
  const highlightClass = useHighlightClass(props.id);
  const first = handoffs[0];
  const what = first?.what || 'Handoff';
  const more = handoffs.length - 1;
  // Title and label body change with the data, not with the ends moving: kept across a drag's frames.
  const title = useMemo(
    () =>
      [
        `Designed handoff ${spec.from} → ${spec.to}`,
        ...handoffs.map((h) => `• ${h.what || '(no description)'} (via ${h.via})`),
        plural(count, 'message') + ' observed',
        ...(staleVia ? [`This handoff carries stale data: ${staleVia.split('\n').join(', ')} is older than its limit`] : []),
        ...(deadCount > 0 ? [deadCount === handoffs.length ? 'Dead handoff: it has carried nothing for too long' : `${plural(deadCount, 'handoff')} of this pair carried nothing for too long`] : []),
      ].join('\n'),
    [spec.from, spec.to, handoffs, count, staleVia, deadCount],
  );
  const edgeState = `${dead ? ' is-dead' : ''}${staleVia ? ' is-stale' : ''}${highlightClass}`;
  const body = useMemo(
    () => (
      <>
        <span className="edge-label-main">
          {staleVia && (
            <span className="edge-mark edge-mark--stale" data-testid={`stale-${spec.from}-${spec.to}`} title="This handoff carries stale data" aria-label="This handoff carries stale data">
              <ClockIcon size={11} strokeWidth={2.6} />
              <span>Stale</span>
            </span>
          )}
          {deadCount > 0 && (
            <span className="edge-mark edge-mark--dead" data-testid={`dead-${spec.from}-${spec.to}`} title="Dead handoff: it has carried nothing for too long" aria-label="Dead handoff">
              <span>Dead</span>
            </span>
          )}
          <span className="edge-what">{what}</span>
          {more > 0 && <span className="edge-more">+{more}</span>}
        </span>
        <span className="edge-label-sub">
          {first && <span className="edge-via">via {shortVia(first.via)}</span>}
          <CountBadge from={spec.from} to={spec.to} count={count} bumps={bumps} />
        </span>
      </>
    ),
    [spec.from, spec.to, staleVia, deadCount, what, more, first, count, bumps],
  );
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        className={`fleet-edge fleet-edge--handoff${count === 0 ? ' is-quiet' : ''}${count < MINOR_BELOW ? ' is-minor' : ''}${edgeState}`}
        style={{ strokeWidth: trafficWidth(count) }}
        interactionWidth={18}
      />
      <Flash path={path} bumps={bumps} />
      <EdgeLabel edgeId={props.id} x={labelX} y={labelY} testId={`handoff-${spec.from}-${spec.to}`} className={`edge-label--handoff${edgeState}`} title={title} selected={props.selected}>
        {body}
      </EdgeLabel>
    </>
  );
});

export const TrafficEdge = memo(function TrafficEdge(props: EdgeProps<TrafficEdgeType>) {
  const spec = props.data!;
  const vertical = useGraphDirection() === 'TB';
  const fit = useEdgeFit(props.id);
  const { path, labelX, labelY } = edgeCurve(props.sourceX, props.sourceY, props.targetX, props.targetY, spec.lane, spec.lanes, vertical, fit.bend, fit.t);
  const count = usePairCount(spec.pairId);
  const bumps = useBumps(count);
  const highlightClass = useHighlightClass(props.id);
  const body = useMemo(
    () => (
      <>
        <span className="edge-tag">Undesigned</span>
        <CountBadge from={spec.from} to={spec.to} count={count} bumps={bumps} />
      </>
    ),
    [spec.from, spec.to, count, bumps],
  );
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        className={`fleet-edge fleet-edge--traffic${count < MINOR_BELOW ? ' is-minor' : ''}${highlightClass}`}
        style={{ strokeWidth: trafficWidth(count) }}
        interactionWidth={18}
      />
      <Flash path={path} bumps={bumps} />
      <EdgeLabel
        edgeId={props.id}
        x={labelX}
        y={labelY}
        testId={`traffic-${spec.from}-${spec.to}`}
        className={`edge-label--traffic${highlightClass}`}
        title={`Undesigned traffic ${spec.from} → ${spec.to}: ${plural(count, 'message')} with no designed handoff`}
        selected={props.selected}
      >
        {body}
      </EdgeLabel>
    </>
  );
});

export const RuleEdge = memo(function RuleEdge(props: EdgeProps<RuleEdgeType>) {
  const spec = props.data!;
  const vertical = useGraphDirection() === 'TB';
  const fit = useEdgeFit(props.id);
  const { path, labelX, labelY } = edgeCurve(props.sourceX, props.sourceY, props.targetX, props.targetY, spec.lane, spec.lanes, vertical, fit.bend, fit.t);
  const whens = useFleet(useShallow((s) => spec.ruleIds.map((id) => s.data?.rules.byId[id]?.when ?? '')));
  const title = useMemo(() => [`Conflict rule: ${spec.from} wins over ${spec.to}`, ...whens.filter(Boolean).map((w) => `• when ${w}`)].join('\n'), [spec.from, spec.to, whens]);
  const highlightClass = useHighlightClass(props.id);
  const body = useMemo(
    () => (
      <>
        <ScaleIcon className="edge-rule-icon" size={13} />
        <span className="edge-rule-text">wins over</span>
        {whens[0] && <span className="edge-when">{whens[0]}</span>}
        {whens.length > 1 && <span className="edge-more">+{whens.length - 1}</span>}
      </>
    ),
    [whens],
  );
  return (
    <>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} className={`fleet-edge fleet-edge--rule${highlightClass}`} interactionWidth={18} />
      <EdgeLabel edgeId={props.id} x={labelX} y={labelY} testId={`rule-${spec.from}-${spec.to}`} className={`edge-label--rule${highlightClass}`} title={title} selected={props.selected}>
        {body}
      </EdgeLabel>
    </>
  );
});

const GROUP_STYLE_WORDS: Record<AggregateEdge['style'], string> = {
  designed: 'Designed handoffs',
  mixed: 'Designed and undesigned traffic',
  undesigned: 'Undesigned traffic',
  rule: 'Rules',
};

/** All edges between two visible ends where at least one is a collapsed group, as one edge with the summed count. */
export const GroupEdge = memo(function GroupEdge(props: EdgeProps<GroupEdgeType>) {
  const agg = props.data!;
  const vertical = useGraphDirection() === 'TB';
  const fit = useEdgeFit(props.id);
  const { path, labelX, labelY } = edgeCurve(props.sourceX, props.sourceY, props.targetX, props.targetY, 0, 1, vertical, fit.bend, fit.t);
  // One selector per aggregate (not per render), so a drag frame does not sum its pairs again.
  const countOf = useCallback(
    (s: FleetStoreState) => {
      const traffic = s.data?.traffic.byId;
      return traffic ? summedCount(agg.pairIds, (id) => traffic[id]?.count ?? 0) : 0;
    },
    [agg.pairIds],
  );
  const count = useFleet(countOf);
  const bumps = useBumps(count);
  const title = useMemo(() => {
    const parts = [
      agg.designed > 0 ? plural(agg.designed, 'designed handoff') : '',
      agg.undesigned > 0 ? plural(agg.undesigned, 'undesigned pair') : '',
      agg.rules > 0 ? plural(agg.rules, 'rule') : '',
    ].filter(Boolean);
    return `${GROUP_STYLE_WORDS[agg.style]} ${agg.from} → ${agg.to}: ${parts.join(', ')}; ${plural(count, 'message')}`;
  }, [agg, count]);
  const body = useMemo(
    () =>
      agg.style === 'rule' ? (
        <>
          <ScaleIcon className="edge-rule-icon" size={13} />
          <span className="edge-rule-text">{plural(agg.rules, 'rule')}</span>
        </>
      ) : (
        <span key={bumps} data-testid={`group-count-${agg.from}-${agg.to}`} className={`edge-count${bumps > 0 ? ' is-bumped' : ''}`} aria-label={plural(count, 'message')}>
          {formatCount(count)}
          <span className="edge-count-unit"> {count === 1 ? 'msg' : 'msgs'}</span>
        </span>
      ),
    [agg, count, bumps],
  );
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        className={`fleet-edge fleet-edge--group fleet-edge--group-${agg.style}${count < MINOR_BELOW ? ' is-minor' : ''}`}
        style={agg.style === 'rule' ? undefined : { strokeWidth: trafficWidth(count) }}
        interactionWidth={18}
      />
      <Flash path={path} bumps={bumps} />
      <EdgeLabel edgeId={props.id} x={labelX} y={labelY} testId={`group-edge-${agg.from}-${agg.to}`} className={`edge-label--group edge-label--group-${agg.style}`} title={title} selected={props.selected}>
        {body}
      </EdgeLabel>
    </>
  );
});

export const edgeTypes = { handoff: HandoffEdge, traffic: TrafficEdge, rule: RuleEdge, group: GroupEdge };
