/**
 * The virtualized message list (docs/platform-notes.md: long lists must be virtualized). Rows have a fixed
 * height and a key per message, so rows fetched later, acks and held-back new messages never move
 * the row being read or take its focus. Arrow keys move focus through rows, Enter opens one.
 */
import { useEffect, useRef, type KeyboardEvent, type RefObject } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { MessageRow } from '../../../shared/inboxQuery';
import { rowKey } from './inboxRowCache';
import { TypeBadge } from './TypeBadge';
import { formatAbsolute, formatRelative } from './timeFormat';
import type { InboxWindowState } from './useInboxWindow';
import type { SeatNames } from './useSeatNames';

export const ROW_HEIGHT = 62;

interface Props {
  win: InboxWindowState;
  scrollRef: RefObject<HTMLDivElement | null>;
  view: 'inbox' | 'outbox';
  now: number;
  names: SeatNames;
  /** The row the reader is on (by message, so it survives new rows above it). */
  activeKey: string | null;
  onActiveKey(key: string): void;
  onOpen(row: MessageRow): void;
  /** Focus this row once it is rendered (after coming back from a message). */
  focusKey: string | null;
  onFocused(): void;
  label: string;
}

function Row({ row, view, now, names }: { row: MessageRow; view: 'inbox' | 'outbox'; now: number; names: SeatNames }) {
  const who = view === 'outbox' ? `to ${names.name(row.inbox)}` : names.name(row.from);
  return (
    <>
      <span className="row-line">
        <span className={`row-dot${row.acked ? '' : ' is-unread'}`} aria-hidden="true" />
        <span className="row-who" title={view === 'outbox' ? row.inbox : row.from}>
          {who}
        </span>
        <time className="row-time" title={formatAbsolute(row.ts)}>
          {formatRelative(row.ts, now)}
        </time>
      </span>
      <span className="row-line">
        {row.chip ? (
          <span className={`msg-chip msg-chip--${row.type.replace(/[^a-z_]/g, '')}`} data-testid="message-chip" title={`${row.type}${row.run ? `, ${row.run} in a row` : ''}`}>
            {row.chip}
          </span>
        ) : (
          <TypeBadge type={row.type} />
        )}
        <span className="row-subject">{row.subject || (row.chip ? '' : '(no subject)')}</span>
        {row.note && (
          <span className="row-note" data-testid="message-note">
            {row.note}
          </span>
        )}
        {row.acked ? (
          <span className="row-ack" title={row.ackTs ? `Acknowledged ${formatAbsolute(row.ackTs)}` : 'Acknowledged'}>
            ✓<span className="visually-hidden"> acknowledged</span>
          </span>
        ) : (
          <span className="visually-hidden">, not acknowledged</span>
        )}
      </span>
    </>
  );
}

export function InboxList({ win, scrollRef, view, now, names, activeKey, onActiveKey, onOpen, focusKey, onFocused, label }: Props) {
  const virtualizer = useVirtualizer({
    count: win.count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => {
      const row = win.row(index);
      return row ? rowKey(row) : `#${index}`;
    },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? Math.min(win.count - 1, 30);
  const { setRange } = win;
  useEffect(() => setRange(first, Math.max(first, last)), [setRange, first, last]);

  const listRef = useRef<HTMLDivElement>(null);
  const wantFocus = useRef<number | null>(null);

  // Focus a row that was asked for (keyboard move or return from a message) once it is in the DOM.
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    if (wantFocus.current !== null) {
      const el = list.querySelector<HTMLElement>(`[data-index="${wantFocus.current}"]`);
      if (el) {
        el.focus({ preventScroll: true });
        wantFocus.current = null;
      }
    }
    if (focusKey) {
      const el = [...list.querySelectorAll<HTMLElement>('[data-key]')].find((node) => node.dataset.key === focusKey);
      if (el) {
        el.focus({ preventScroll: true });
        onFocused();
      }
    }
  });

  const activeIndex = (() => {
    if (activeKey) for (const item of items) if (item.key === activeKey) return item.index;
    return items[0]?.index ?? 0;
  })();

  const moveTo = (index: number) => {
    const target = Math.max(0, Math.min(win.count - 1, index));
    const row = win.row(target);
    if (row) onActiveKey(rowKey(row));
    wantFocus.current = target;
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = Number((event.target as HTMLElement).dataset.index ?? NaN);
    if (Number.isNaN(current)) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 8) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, PageDown: current + page, PageUp: current - page, Home: 0, End: win.count - 1 };
    if (event.key in moves) {
      event.preventDefault();
      moveTo(moves[event.key]!);
    } else if (event.key === 'Enter' || event.key === ' ') {
      const row = win.row(current);
      if (row) {
        event.preventDefault();
        onOpen(row);
      }
    }
  };

  return (
    <div
      ref={listRef}
      role="listbox"
      aria-label={label}
      className="inbox-list"
      style={{ height: virtualizer.getTotalSize() }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => {
        const row = win.row(item.index);
        const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
        if (!row) {
          return (
            <div key={item.key} className="inbox-row inbox-row--loading" style={style} aria-hidden="true">
              <span className="skeleton skeleton--short" />
              <span className="skeleton" />
            </div>
          );
        }
        const key = rowKey(row);
        return (
          <div
            key={item.key}
            role="option"
            aria-selected={key === activeKey}
            aria-posinset={item.index + 1}
            aria-setsize={win.count}
            tabIndex={item.index === activeIndex ? 0 : -1}
            data-index={item.index}
            data-key={key}
            data-testid={`message-${row.id}`}
            className={`inbox-row${row.acked ? '' : ' is-unread'}${key === activeKey ? ' is-active' : ''}`}
            style={style}
            onClick={() => {
              onActiveKey(key);
              onOpen(row);
            }}
            onFocus={() => key !== activeKey && onActiveKey(key)}
          >
            <Row row={row} view={view} now={now} names={names} />
          </div>
        );
      })}
    </div>
  );
}
