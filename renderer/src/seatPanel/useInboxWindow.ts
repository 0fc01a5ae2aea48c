/**
 * The rows of a seat's inbox (or outbox) for a virtualized list: fetched by block for the range on
 * screen, re-fetched when the seat's inbox changes (`liveKey`), and never jumping the list being
 * read: when new messages land while the reader is away from the top (or reading a message) they
 * wait behind `pending` until `showPending`.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { InboxQuery, InboxWindow, MessageRow } from '../../../shared/inboxQuery';
import { useHost } from '../hostContext';
import { BLOCK, InboxRowCache } from './inboxRowCache';

export interface InboxFilters {
  view: 'inbox' | 'outbox';
  type: string;
  sender: string;
  unreadOnly: boolean;
  text: string;
}

export type InboxMeta = Omit<InboxWindow, 'rows' | 'start'>;

export interface InboxWindowState {
  /** Rows the list shows (pending new ones excluded). */
  count: number;
  row(index: number): MessageRow | undefined;
  meta: InboxMeta | null;
  /** New rows held back above the list. */
  pending: number;
  showPending(): void;
  /** The list reports the range on screen (display indices, inclusive). */
  setRange(from: number, to: number): void;
  loading: boolean;
  error: string | null;
}

function toQuery(seat: string, filters: InboxFilters, start: number): InboxQuery {
  const text = filters.text.trim();
  return {
    seat,
    view: filters.view,
    start,
    count: BLOCK,
    ...(filters.type ? { types: [filters.type] } : {}),
    ...(filters.sender ? { senders: [filters.sender] } : {}),
    ...(filters.unreadOnly ? { unreadOnly: true } : {}),
    ...(text ? { text } : {}),
  };
}

const metaOf = ({ rows: _rows, start: _start, ...meta }: InboxWindow): InboxMeta => meta;

export function useInboxWindow(seat: string, filters: InboxFilters, liveKey: string, holdNew: () => boolean): InboxWindowState {
  const { api } = useHost();
  const cache = useRef(new InboxRowCache()).current;
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [meta, setMeta] = useState<InboxMeta | null>(null);
  const [pending, setPending] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [range, setRangeState] = useState<{ from: number; to: number }>({ from: 0, to: 40 });
  /** Display index i is host index i + offset (offset = rows held back on top). */
  const offsetRef = useRef(0);
  /** The host's total the cached rows belong to. */
  const totalRef = useRef(0);
  const queryKey = `${seat}\n${filters.view}\n${filters.type}\n${filters.sender}\n${filters.unreadOnly}\n${filters.text.trim()}`;
  const keyRef = useRef(queryKey);
  keyRef.current = queryKey;
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const holdRef = useRef(holdNew);
  holdRef.current = holdNew;

  // Another seat, view or filter: start over.
  useEffect(() => {
    cache.clear();
    offsetRef.current = 0;
    totalRef.current = 0;
    setPending(0);
    setMeta(null);
    setError(null);
    rerender();
  }, [cache, queryKey]);

  const fetchBlock = useCallback(
    (block: number) => {
      const generation = cache.generation;
      const key = keyRef.current;
      cache.begin(block);
      api.queryInbox(toQuery(seat, filtersRef.current, block * BLOCK)).then(
        (window) => {
          if (keyRef.current !== key || !cache.fill(block, generation, window.rows)) return;
          totalRef.current = window.total;
          setMeta(metaOf(window));
          setError(null);
          rerender();
        },
        (reason: unknown) => {
          if (keyRef.current !== key) return;
          cache.fail(block, generation);
          setError(reason instanceof Error ? reason.message : String(reason));
          rerender();
        },
      );
    },
    [api, cache, seat],
  );

  // Fetch what the list shows and is missing (runs after every render: cheap when nothing is).
  useEffect(() => {
    const offset = offsetRef.current;
    for (const block of cache.missingBlocks(range.from + offset, range.to + offset)) fetchBlock(block);
    cache.trim(range.from + offset, range.to + offset);
  });

  // The live signal: the seat's inbox summary changed. Re-read the first block to see what is new.
  const firstLive = useRef(true);
  const liveSeq = useRef(0);
  useEffect(() => {
    if (firstLive.current) {
      firstLive.current = false;
      return;
    }
    const seq = ++liveSeq.current;
    const key = keyRef.current;
    api.queryInbox(toQuery(seat, filtersRef.current, 0)).then(
      (window) => {
        if (seq !== liveSeq.current || keyRef.current !== key) return;
        const oldTop = cache.get(0);
        const byPosition = InboxRowCache.newOnTop(oldTop, window.rows);
        // Rows indexed in the background are older ones: only rows above the old top count as new.
        const added = oldTop === undefined ? 0 : (byPosition ?? Math.max(0, window.total - totalRef.current));
        cache.invalidate();
        cache.shift(added);
        if (added > 0 && holdRef.current()) {
          offsetRef.current += added;
          setPending(offsetRef.current);
        }
        cache.fill(0, cache.generation, window.rows);
        totalRef.current = window.total;
        setMeta(metaOf(window));
        rerender();
      },
      () => {
        // The blocks on screen are re-fetched anyway.
        cache.invalidate();
        rerender();
      },
    );
  }, [api, cache, seat, liveKey]);

  const showPending = useCallback(() => {
    offsetRef.current = 0;
    setPending(0);
    rerender();
  }, []);

  const setRange = useCallback((from: number, to: number) => {
    setRangeState((current) => (current.from === from && current.to === to ? current : { from, to }));
  }, []);

  const total = meta?.total ?? 0;
  return {
    count: Math.max(0, total - offsetRef.current),
    row: (index) => cache.get(index + offsetRef.current),
    meta,
    pending,
    showPending,
    setRange,
    loading: meta === null && error === null,
    error,
  };
}
