/**
 * Protocol messages: Claude Code encodes control messages as JSON inside an inbox message's `text`
 * (`{"type":"idle_notification",…}`). Decoding turns them into a kind and a short chip ("idle",
 * "task #6 assigned", "shutdown approved") so the inbox reader never shows raw JSON. Types not in
 * the table are kept as a generic chip with their type name; plain text is a `message`.
 */

export const PROTOCOL_KINDS = [
  'idle_notification',
  'task_assignment',
  'task_completed',
  'shutdown_request',
  'shutdown_approved',
  'shutdown_rejected',
  'shutdown_response',
  'plan_approval_request',
  'plan_approval_response',
  'permission_request',
  'permission_response',
  'join_request',
] as const;

export interface DecodedMessage {
  /** `message` for plain text, a protocol type from the table, or `protocol` for an unknown one. */
  kind: string;
  /** The protocol type as written (also for unknown ones); null for plain text. */
  protocolType: string | null;
  /** What the inbox row shows: the chip for protocol messages. */
  chip: string | null;
  /** One line for the row's subject. */
  subject: string;
  /** The fields the views and warnings use (all optional; absent fields are null). */
  taskId: string | null;
  requestId: string | null;
  idleReason: string | null;
  completedTaskId: string | null;
  approved: boolean | null;
  reason: string | null;
  toolName: string | null;
}

const str = (value: unknown): string | null =>
  typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : null;

const oneLine = (text: string, max = 140): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** `{"approve":true}`, `{"approved":false}`, or nothing. */
function approval(value: Record<string, unknown>): boolean | null {
  const raw = value.approve ?? value.approved;
  return typeof raw === 'boolean' ? raw : null;
}

function parseObject(text: string): Record<string, unknown> | null {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Decodes a message's text (and its `summary`, used for plain messages). */
export function decodeMessage(text: string, summary?: string): DecodedMessage {
  const base: DecodedMessage = {
    kind: 'message',
    protocolType: null,
    chip: null,
    subject: oneLine(summary?.trim() || text),
    taskId: null,
    requestId: null,
    idleReason: null,
    completedTaskId: null,
    approved: null,
    reason: null,
    toolName: null,
  };
  const value = parseObject(text);
  const type = value ? str(value.type) : null;
  if (!value || !type) return base;
  const decoded: DecodedMessage = {
    ...base,
    kind: (PROTOCOL_KINDS as readonly string[]).includes(type) ? type : 'protocol',
    protocolType: type,
    taskId: str(value.taskId) ?? str(value.task_id),
    requestId: str(value.requestId) ?? str(value.request_id),
    idleReason: str(value.idleReason),
    completedTaskId: str(value.completedTaskId),
    approved: approval(value),
    reason: str(value.reason) ?? str(value.feedback),
    toolName: str(value.tool_name) ?? str(value.toolName),
  };
  const [chip, subject] = describe(decoded, value);
  decoded.chip = chip;
  decoded.subject = oneLine(subject);
  return decoded;
}

/** The chip and the subject line of a protocol message. */
function describe(d: DecodedMessage, value: Record<string, unknown>): [string, string] {
  const task = d.taskId ? `task #${d.taskId}` : 'a task';
  switch (d.kind) {
    case 'idle_notification': {
      const reason = d.idleReason ?? 'idle';
      const done = d.completedTaskId ? `, finished task #${d.completedTaskId}` : '';
      return ['idle', `idle: ${reason}${done}`];
    }
    case 'task_assignment':
      return [`${task} assigned`, `${task} assigned: ${str(value.subject) ?? ''}`.replace(/: $/, '')];
    case 'task_completed':
      return [`${task} completed`, `${task} completed${str(value.subject) ? `: ${str(value.subject)}` : ''}`];
    case 'shutdown_request':
      return ['shutdown requested', `shutdown requested${d.reason ? `: ${d.reason}` : ''}`];
    case 'shutdown_approved':
      return ['shutdown approved', 'shutdown approved'];
    case 'shutdown_rejected':
      return ['shutdown rejected', `shutdown rejected${d.reason ? `: ${d.reason}` : ''}`];
    case 'shutdown_response':
      return [d.approved === false ? 'shutdown rejected' : 'shutdown approved', `shutdown ${d.approved === false ? 'rejected' : 'approved'}${d.reason ? `: ${d.reason}` : ''}`];
    case 'plan_approval_request':
      return ['plan approval requested', `plan approval requested${str(value.planFilePath) ? `: ${str(value.planFilePath)}` : ''}`];
    case 'plan_approval_response':
      return [d.approved === false ? 'plan rejected' : 'plan approved', `plan ${d.approved === false ? 'rejected' : 'approved'}${d.reason ? `: ${d.reason}` : ''}`];
    case 'permission_request':
      return ['permission requested', `permission requested${d.toolName ? ` for ${d.toolName}` : ''}${str(value.description) ? `: ${str(value.description)}` : ''}`];
    case 'permission_response':
      return [d.approved === false ? 'permission denied' : 'permission granted', `permission ${d.approved === false ? 'denied' : 'granted'}${d.requestId ? ` (${d.requestId})` : ''}`];
    case 'join_request':
      return ['join requested', `join requested${str(value.proposedName) ? ` by ${str(value.proposedName)}` : ''}`];
    default:
      return [d.protocolType!.replace(/_/g, ' '), d.protocolType!.replace(/_/g, ' ')];
  }
}

/** Requests that wait for an answer, and the response kinds that answer them (by request id). */
export const REQUEST_ANSWERS: Record<string, string[]> = {
  permission_request: ['permission_response'],
  plan_approval_request: ['plan_approval_response'],
  shutdown_request: ['shutdown_approved', 'shutdown_rejected', 'shutdown_response', 'permission_response'],
};
