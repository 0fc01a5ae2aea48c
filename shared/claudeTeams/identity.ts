/**
 * Telling inbox messages apart across rewrites. Claude Code rewrites an inbox file whole on every
 * send and read-flag change, so a message is recognised by its identity, not its position: its
 * `msg_id` when the version writes one, else a hash of sender, timestamp and text. Pure (no crypto
 * module): two 32-bit FNV-1a hashes with different offsets make 64 bits, plenty for one inbox.
 */
import type { RawInboxMessage } from './format';

function fnv1a(text: string, offset: number): number {
  let hash = offset >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export function hash64(text: string): string {
  return fnv1a(text, 0x811c9dc5).toString(16).padStart(8, '0') + fnv1a(text, 0x01234567).toString(16).padStart(8, '0');
}

/** A message's identity in its inbox (the same message read again gets the same one). */
export function messageIdentity(message: RawInboxMessage): string {
  if (message.msg_id && /^[\w.:@-]{1,120}$/.test(message.msg_id)) return `id-${message.msg_id}`;
  return `m-${hash64(`${message.from}\u0000${message.timestamp}\u0000${message.text}`)}`;
}

/**
 * Identities for a whole array: a second identical message in one array (same sender, time and
 * text) is a distinct message, told apart by its occurrence number.
 */
export function arrayIdentities(messages: readonly RawInboxMessage[]): string[] {
  const counts = new Map<string, number>();
  return messages.map((message) => {
    const base = messageIdentity(message);
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    return n === 0 ? base : `${base}~${n}`;
  });
}

/** A member name as a seat id (the graph's ids are a safe alphabet); `taken` avoids collisions. */
export function seatIdFor(name: string, taken: ReadonlySet<string>): string {
  let base = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 56);
  if (base === '') base = 'member';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
