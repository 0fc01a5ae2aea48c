/**
 * Forwarded copies of inbox messages (docs/fleet-format.md, "Retiring and merging seats"). A copy
 * keeps the original line's fields (id, from, ts, subject, body, re, entities), so `re` chains
 * still resolve by id, and adds `to` (the successor), `forwardedFrom` (the retired seat),
 * `forwardedAt`, and `fwdTx` when a retire transaction wrote it (undo removes exactly those). Pure.
 */
import { MAX_LINE_BYTES, parseTime } from '../inboxLine';

export interface RawMessage {
  id: string;
  ts: number;
  /** The original line's JSON object. */
  value: Record<string, unknown>;
}

/** Complete lines of JSONL text (a last line without its newline is being written: left out). */
export function completeLines(text: string): string[] {
  const end = text.lastIndexOf('\n');
  if (end < 0) return [];
  return text.slice(0, end).split('\n');
}

/**
 * The unacknowledged messages of an inbox's text, in time order (file order breaks ties). A line is
 * a message when it is a JSON object with a string `id` and `from` (the format's minimum), an ack
 * when it has a string `ack` and no `id`; anything else is left where it is (in the archive). One
 * JSON.parse per line: this runs over whole inboxes while the transaction holds the fleet.
 */
export function pendingMessages(text: string): RawMessage[] {
  const messages: Array<RawMessage & { order: number }> = [];
  const acked = new Set<string>();
  const seen = new Set<string>();
  completeLines(text).forEach((line, index) => {
    if (line.length > MAX_LINE_BYTES || !line.includes('{')) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const record = value as Record<string, unknown>;
    if (typeof record.id !== 'string' || record.id === '') {
      if (!('id' in record) && typeof record.ack === 'string') acked.add(record.ack);
      return;
    }
    if (typeof record.from !== 'string' || record.from === '' || seen.has(record.id)) return;
    seen.add(record.id);
    messages.push({ id: record.id, ts: parseTime(record.ts), value: record, order: index });
  });
  return messages
    .filter((m) => !acked.has(m.id))
    .sort((a, b) => (Number.isNaN(a.ts) ? 0 : a.ts) - (Number.isNaN(b.ts) ? 0 : b.ts) || a.order - b.order)
    .map(({ id, ts, value }) => ({ id, ts, value }));
}

export function forwardedLine(message: RawMessage, to: string, from: string, at: string, txId: string | null): string {
  const copy: Record<string, unknown> = { ...message.value, to, forwardedFrom: from, forwardedAt: at };
  if (txId) copy.fwdTx = txId;
  return `${JSON.stringify(copy)}\n`;
}

/** Ids of the lines in `text` that transaction `txId` forwarded. */
export function forwardedIds(text: string, txId: string): Set<string> {
  const ids = new Set<string>();
  for (const line of completeLines(text)) {
    if (!line.includes(txId)) continue;
    try {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (value.fwdTx === txId && typeof value.id === 'string') ids.add(value.id);
    } catch {
      // not ours
    }
  }
  return ids;
}

/** `text` without the lines transaction `txId` forwarded (every other byte kept as it was). */
export function withoutForwarded(text: string, txId: string): string {
  const parts = text.split(/(?<=\n)/);
  return parts
    .filter((line) => {
      if (!line.endsWith('\n') || !line.includes(txId)) return true;
      try {
        return (JSON.parse(line) as Record<string, unknown>).fwdTx !== txId;
      } catch {
        return true;
      }
    })
    .join('');
}

/** Ids of the forwarded copies in `text` that came from `seat` (any transaction, or late forwarding). */
export function idsForwardedFrom(text: string, seat: string): Set<string> {
  const ids = new Set<string>();
  const needle = `"forwardedFrom":${JSON.stringify(seat)}`;
  for (const line of completeLines(text)) {
    if (!line.includes(needle)) continue;
    try {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (value.forwardedFrom === seat && typeof value.id === 'string') ids.add(value.id);
    } catch {
      // a broken line is reported by the inbox reader, not here
    }
  }
  return ids;
}
