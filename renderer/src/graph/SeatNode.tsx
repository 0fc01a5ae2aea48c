/**
 * One seat on the graph. Its React Flow data is only `{ seatId }`; it reads its own seat from the
 * store, so an inbox update re-renders this node and no other (docs/architecture.md).
 */
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { AgentIcon, AlertIcon, HumanIcon, InboxIcon } from '../icons';
import { useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { SeatOverlapLinks } from '../warnings/OverlapLinks';
import { SeatStaleChip, SeatWarningBadge } from '../warnings/SeatWarnings';
import { useHighlight } from '../warnings/useSignals';
import { useRetire } from '../retire/retireStore';
import { SuccessorLinks } from '../retire/SuccessorLinks';
import { useGraphDirection } from './graphDirection';
import { sameCardProps } from './sameCardProps';
import { useBumps } from './useBumps';

export interface SeatData extends Record<string, unknown> {
  seatId: string;
}

export type SeatNodeType = Node<SeatData, 'seat'>;

export const SeatNode = memo(function SeatNode({ data, selected }: NodeProps<SeatNodeType>) {
  const seat = useFleet((s) => s.data?.seats.byId[data.seatId]);
  // The owner is usually a human seat id: show that seat's name.
  const owner = seat?.owner ?? null;
  const ownerName = useFleet((s) => (owner ? (s.data?.seats.byId[owner]?.name ?? owner) : null));
  const total = seat?.inbox.total ?? 0;
  const bumps = useBumps(total);
  const vertical = useGraphDirection() === 'TB';
  const inSide = vertical ? Position.Top : Position.Left;
  const outSide = vertical ? Position.Bottom : Position.Right;
  const highlight = useHighlight('seat', data.seatId);
  const open = useSelection((s) => s.seat === data.seatId);
  const openMenu = useRetire((s) => s.openMenu);

  if (!seat) {
    // Removed by a patch a moment before the graph drops the node.
    return (
      <div className="seat seat--gone" data-testid={`seat-${data.seatId}`}>
        <Handle type="target" position={inSide} />
        <div className="seat-name">{data.seatId}</div>
        <Handle type="source" position={outSide} />
      </div>
    );
  }

  const human = seat.kind === 'human';
  const retired = seat.status === 'retired';
  const classes = ['seat', human ? 'seat--human' : 'seat--agent'];
  if (retired) classes.push('seat--retired');
  if (seat.undeclared) classes.push('seat--undeclared');
  if (selected) classes.push('is-selected');
  if (open) classes.push('is-open');
  if (highlight === 'on') classes.push('is-highlighted');
  else if (highlight === 'off') classes.push('is-dimmed');
  const unread = seat.inbox.unread;
  const roleLine = seat.role.split('\n')[0] ?? '';

  return (
    <div
      className={classes.join(' ')}
      data-testid={`seat-${seat.id}`}
      data-kind={seat.kind}
      data-status={seat.status}
      data-highlighted={highlight === 'on' ? 'true' : undefined}
      data-open={open ? 'true' : undefined}
      onContextMenu={(event) => {
        event.preventDefault();
        openMenu(seat.id, event.clientX, event.clientY);
      }}
    >
      <Handle type="target" position={inSide} className="seat-handle" />
      <SeatWarningBadge seatId={seat.id} />
      <SeatOverlapLinks seatId={seat.id} />
      <div className="seat-head">
        <span className="seat-icon" title={human ? 'Human' : 'Agent'}>
          {human ? <HumanIcon size={15} /> : <AgentIcon size={15} />}
        </span>
        <span className="seat-name" title={`${seat.name} (${seat.id})`}>
          {seat.name}
        </span>
        <span className="seat-kind">{human ? 'Human' : 'Agent'}</span>
      </div>
      <div className="seat-owner">
        {human ? (
          <span className="seat-id">@{seat.id}</span>
        ) : ownerName ? (
          <>
            Owner <strong>{ownerName}</strong>
          </>
        ) : (
          <span className="seat-warn">No accountable owner</span>
        )}
      </div>
      <div className="seat-role" title={seat.role}>
        {roleLine || <span className="seat-muted">No role written</span>}
      </div>
      <div className="seat-foot">
        <span
          key={bumps}
          className={`seat-inbox${unread > 0 ? ' has-unread' : ''}${bumps > 0 ? ' is-bumped' : ''}`}
          data-testid={`inbox-${seat.id}`}
          title={`Inbox: ${total} messages, ${unread} unread`}
        >
          <InboxIcon size={13} />
          <span className="seat-inbox-total">{total.toLocaleString()}</span>
          {unread > 0 && <span className="seat-inbox-unread">{unread.toLocaleString()} unread</span>}
        </span>
        {seat.inbox.problems > 0 && (
          <span className="seat-problems" title={`${seat.inbox.problems} broken line(s) in inbox/${seat.id}.jsonl`}>
            <AlertIcon size={12} />
            {seat.inbox.problems}
          </span>
        )}
        <span className="seat-status-group">
          <SeatStaleChip seatId={seat.id} />
          {seat.undeclared && (
            <span className="seat-chip seat-chip--undeclared" title="Found on disk (inbox or state folder) but not declared in fleet.yaml">
              Not in fleet.yaml
            </span>
          )}
          <span className={`seat-chip seat-chip--${seat.status}`} title={retired && seat.retiredAt ? `Retired ${seat.retiredAt}${seat.reason ? `: ${seat.reason}` : ''}` : undefined}>
            {retired ? 'Retired' : 'Active'}
          </span>
        </span>
      </div>
      {retired && <SuccessorLinks seatId={seat.id} />}
      <Handle type="source" position={outSide} className="seat-handle" />
    </div>
  );
}, sameCardProps);

export const nodeTypes = { seat: SeatNode };
