/**
 * A group on the graph: collapsed into one card (seat count, unread, worst warning, anything
 * stale), or expanded as a frame drawn behind its seats with a header to collapse it again. Both
 * read their numbers from the stores, so a message in a collapsed group re-renders its card only.
 */
import { memo, type MouseEvent } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { groupSummary, type Severity } from '../../../shared/seatGroups';
import { AlertIcon, ChevronIcon, InboxIcon } from '../icons';
import { useFleet } from '../store/hooks';
import { useView } from '../store/viewStore';
import { parseBadge, signalIndexOf } from '../warnings/signalIndex';
import { ClockIcon, ErrorIcon } from '../warnings/warningIcons';
import { sameCardProps } from './sameCardProps';

export interface GroupData extends Record<string, unknown> {
  groupId: string;
  label: string;
  seats: readonly string[];
}

export type GroupNodeType = Node<GroupData, 'group'>;
export type FrameNodeType = Node<GroupData, 'frame'>;

/** The summary as a primitive (`seats:unread:worst:stale`), so the card re-renders only when it changes. */
function useGroupSummaryKey(seats: readonly string[]): string {
  return useFleet((s) => {
    const data = s.data;
    if (!data) return '';
    const index = signalIndexOf(data.signals);
    const summary = groupSummary(seats, {
      unreadOf: (id) => data.seats.byId[id]?.inbox.unread ?? 0,
      worstOf: (id) => parseBadge(index.seatBadges.get(id)).severity,
      isStale: (id) => index.seatStale.has(id),
    });
    return `${summary.seats}:${summary.unread}:${summary.worst ?? ''}:${summary.stale}`;
  });
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export const GroupNode = memo(function GroupNode({ data, selected }: NodeProps<GroupNodeType>) {
  const [seatCount, unread, worst, stale] = useGroupSummaryKey(data.seats).split(':');
  const severity = (worst || null) as Severity | null;
  const unreadN = Number(unread) || 0;
  const staleN = Number(stale) || 0;
  const expand = (event: MouseEvent) => {
    event.stopPropagation();
    useView.getState().setCollapsed([data.groupId], false);
  };
  return (
    <div
      className={`group-card${selected ? ' is-selected' : ''}${severity ? ` group-card--${severity}` : ''}`}
      data-testid={`group-${data.groupId}`}
      data-unread={unreadN}
      title={`Group ${data.label}: ${plural(Number(seatCount) || 0, 'seat')}. Double-click or press Enter to expand.`}
    >
      <Handle type="target" position={Position.Top} className="seat-handle" isConnectable={false} />
      <div className="group-card-head">
        <span className="group-card-name">{data.label}</span>
        <button type="button" className="group-card-expand nodrag" aria-label={`Expand group ${data.label}`} data-testid={`group-expand-${data.groupId}`} onClick={expand}>
          <ChevronIcon size={14} />
        </button>
      </div>
      <div className="group-card-facts">
        <span className="group-card-seats">{plural(Number(seatCount) || 0, 'seat')}</span>
        <span className={`group-card-unread${unreadN > 0 ? ' has-unread' : ''}`} data-testid={`group-unread-${data.groupId}`} title={`${plural(unreadN, 'unread message')} in this group`}>
          <InboxIcon size={12} />
          {unreadN.toLocaleString()} unread
        </span>
      </div>
      <div className="group-card-marks">
        {severity && (
          <span className={`group-card-warn group-card-warn--${severity}`} data-testid={`group-warning-${data.groupId}`} title={`Worst warning in this group: ${severity}`}>
            {severity === 'error' ? <ErrorIcon size={11} strokeWidth={2.6} /> : <AlertIcon size={11} strokeWidth={2.6} />}
            {severity === 'error' ? 'Error' : severity === 'warning' ? 'Warning' : 'Info'}
          </span>
        )}
        {staleN > 0 && (
          <span className="seat-chip seat-chip--stale" data-testid={`group-stale-${data.groupId}`} title={`${plural(staleN, 'seat')} with stale state files`}>
            <ClockIcon size={11} strokeWidth={2.6} />
            Stale
          </span>
        )}
      </div>
      <Handle type="source" position={Position.Bottom} className="seat-handle" isConnectable={false} />
    </div>
  );
}, sameCardProps);

export const FrameNode = memo(function FrameNode({ data }: NodeProps<FrameNodeType>) {
  const collapse = (event: MouseEvent) => {
    event.stopPropagation();
    useView.getState().setCollapsed([data.groupId], true);
  };
  return (
    <div className="group-frame" data-testid={`frame-${data.groupId}`}>
      <div className="group-frame-head">
        <span className="group-frame-name">{data.label}</span>
        <span className="group-frame-count">{plural(data.seats.length, 'seat')}</span>
        <button type="button" className="group-frame-collapse nodrag" aria-label={`Collapse group ${data.label}`} data-testid={`group-collapse-${data.groupId}`} onClick={collapse}>
          <ChevronIcon size={13} className="chevron is-open" />
          Collapse
        </button>
      </div>
    </div>
  );
}, sameCardProps);
