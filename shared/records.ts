/** Parsed facts from agent-written files, as the host hands them to `derive` (pure data). */
import type { Diagnostic } from './diagnostics';
import type { FleetPath } from './ids';

/** One message line of `inbox/<seat>.jsonl`, without its body (bodies are read on demand). */
export interface InboxMessage {
  id: string;
  /** Epoch milliseconds; NaN when the line's `ts` is missing or not a time. */
  ts: number;
  from: string;
  to: string;
  type: string;
  subject: string;
  re: string | null;
  entities: string[];
  /** 1-based line number and byte offset of the line in its file. */
  line: number;
  offset: number;
}

/** An `{"ack": …}` line: the inbox's owner marked a message handled. */
export interface InboxAck {
  ack: string;
  ts: number;
  by: string;
  line: number;
}

/** Everything read so far from one inbox file. */
export interface InboxData {
  /** The seat the file is named for (may be an unknown seat). */
  seat: string;
  path: FleetPath;
  messages: InboxMessage[];
  acks: InboxAck[];
  /** The first problems (host-bounded, see service/fleetFiles.ts `MAX_KEPT_PROBLEMS`). */
  problems: Diagnostic[];
  /** Problems found beyond those kept in `problems`: counted, not listed. */
  problemsOmitted?: number;
  bytes: number;
  /** Set while a big inbox is still being read in the background (counts are partial). */
  indexing?: { done: number; total: number } | null;
}

/** A file under `state/<seat>/`, with the time its data was computed. */
export interface StateFileRecord {
  path: FleetPath;
  /** The folder under state/: the seat that owns (writes) the file. */
  seat: string;
  /** Epoch ms of the data: its `updatedAt` / front-matter time, else its mtime. */
  time: number;
  timeSource: 'updatedAt' | 'front-matter' | 'mtime';
  mtime: number;
  size: number;
  /** Content hash (sha-1 hex) of what was read; '' when not read (huge or unreadable). */
  hash: string;
  /** For JSON state files with an `entities` list (watchlists): the raw entries. */
  entities: unknown[] | null;
}

/** One line of `activity/<seat>.jsonl`: a seat touched an entity. */
export interface ActivityRecord {
  seat: string;
  ts: number;
  entity: string;
  action: string;
  line: number;
}

export interface ActivityData {
  seat: string;
  path: FleetPath;
  entries: ActivityRecord[];
  problems: Diagnostic[];
  /** Problems found beyond those kept in `problems`: counted, not listed. */
  problemsOmitted?: number;
}
