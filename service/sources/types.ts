/**
 * The source seam (docs/sources.md): every kind of fleet Seatmap opens is read by a source that
 * produces the same FleetSnapshot, patches and inbox views. Hosts (the desktop app, `seatmap
 * serve`, `seatmap check`) only ever talk to this interface, so the renderer never learns a
 * second format and a new source is one new module plus a line in `detect.ts`.
 */
import type { CommandRequest, CommandResult, FleetEvent, LayoutPositions } from '../../shared/api';
import type { InboxQuery, InboxWindow, MessageAtLine, MessageDetail, MessageRequest, MessageRow } from '../../shared/inboxQuery';
import type { FleetSnapshot } from '../../shared/snapshot';
import type { ViewState } from '../../shared/viewState';
import type { RetireApplyResult, RetirePlanResult, RetireRequest, RetireUndoRequest } from '../../shared/retire/types';

/** A source's retire and merge workflow: plan, apply as one transaction, undo. */
export interface RetireOperations {
  planRetire(request: RetireRequest): Promise<RetirePlanResult>;
  applyRetire(request: RetireRequest): Promise<RetireApplyResult>;
  undoRetire(request: RetireUndoRequest): Promise<RetireApplyResult>;
  lastRetire(): Promise<{ txId: string; seat: string; kind: 'retire' | 'merge' } | null>;
}

export interface FleetSourceService {
  /** The folder opened (absolute, real path). */
  readonly root: string;
  readonly isDemo: boolean;
  snapshot(): FleetSnapshot;
  subscribe(listener: (event: FleetEvent) => void): () => void;
  getLayout(): Promise<LayoutPositions>;
  saveLayout(positions: LayoutPositions): Promise<void>;
  /** Collapsed groups and shown layers (shared/viewState.ts); sources without a view file show the default. */
  getView?(): Promise<ViewState>;
  saveView?(view: ViewState): Promise<void>;
  queryInbox(query: InboxQuery): Promise<InboxWindow>;
  getMessage(request: MessageRequest): Promise<MessageDetail | null>;
  messageAtLine(request: MessageAtLine): MessageRow | null;
  /** Sources that cannot be edited refuse with a plain reason (the snapshot says so up front). */
  runCommand(request: CommandRequest): Promise<CommandResult>;
  /** Sources that hold several fleets (a Claude Code root's teams) switch between them. */
  openTeam?(name: string): Promise<{ opened: boolean }>;
  /** Retire and merge (docs/fleet-format.md), for sources Seatmap may edit; absent for read-only ones. */
  readonly retire?: RetireOperations;
  /** Resolves once every change seen so far has been read and published. */
  settled(): Promise<void>;
  close(): Promise<void>;
}
