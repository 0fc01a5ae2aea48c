/**
 * A seat's inbox and outbox: unread count and backlog age, filters, text search, the virtualized
 * list, the "new messages" affordance and the inbox file's broken lines.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { MessageRow } from '../../../shared/inboxQuery';
import { useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { InboxList } from './InboxList';
import { rowKey } from './inboxRowCache';
import { formatAbsolute, formatDuration } from './timeFormat';
import { useInboxWindow, type InboxFilters } from './useInboxWindow';
import { useSeatNames } from './useSeatNames';

const SEARCH_DEBOUNCE_MS = 250;
const NO_FILTERS: InboxFilters = { view: 'inbox', type: '', sender: '', unreadOnly: false, text: '' };

/** The seat's own inbox summary as a primitive key: the live signal for the inbox view. */
function useInboxLiveKey(seat: string, view: 'inbox' | 'outbox'): string {
  return useFleet((s) => {
    const data = s.data;
    if (!data) return '';
    if (view === 'inbox') {
      const inbox = data.seats.byId[seat]?.inbox;
      return inbox ? `${inbox.total}:${inbox.unread}:${inbox.lastTs}:${inbox.problems}:${inbox.indexing?.done ?? ''}` : '';
    }
    // The outbox lives in other seats' inboxes: what this seat sent, and whether they acked it.
    let key = '';
    for (const id of data.traffic.ids) {
      const pair = data.traffic.byId[id];
      if (pair?.from !== seat) continue;
      key += `${pair.to}:${pair.count}:${pair.lastTs}:${data.seats.byId[pair.to]?.inbox.unread ?? ''};`;
    }
    return key;
  });
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The seat's own unread count and backlog age; on the Outbox tab it says it is about the inbox. */
function UnreadCount({ seat, view }: { seat: string; view: 'inbox' | 'outbox' }) {
  const unread = useFleet((s) => s.data?.seats.byId[seat]?.inbox.unread ?? 0);
  const oldest = useFleet((s) => s.data?.seats.byId[seat]?.inbox.oldestUnreadTs ?? null);
  const backlogAfter = useFleet((s) => s.data?.snapshot.thresholds.backlogAfterMs ?? Infinity);
  const now = useFleet((s) => s.data?.snapshot.now ?? Date.now());
  const age = oldest === null ? null : now - oldest;
  const backlog = age !== null && age > backlogAfter;
  return (
    <p className={`unread-count${unread > 0 ? ' has-unread' : ''}${backlog ? ' is-backlog' : ''}`} data-testid="inbox-unread-count" aria-live="polite">
      <strong>{unread.toLocaleString()}</strong> unread{view === 'outbox' ? ' in its inbox' : ''}
      {age !== null && unread > 0 && (
        <span className="unread-oldest" title={`Oldest unacknowledged message: ${formatAbsolute(oldest)}`}>
          {' · '}oldest waiting {formatDuration(age)}
          {backlog ? ' (backlog)' : ''}
        </span>
      )}
      {unread === 0 && <span className="unread-oldest"> · all acknowledged</span>}
    </p>
  );
}

function IndexingProgress({ seat }: { seat: string }) {
  const done = useFleet((s) => s.data?.seats.byId[seat]?.inbox.indexing?.done ?? null);
  const total = useFleet((s) => s.data?.seats.byId[seat]?.inbox.indexing?.total ?? null);
  if (done === null || total === null || total <= 0) return null;
  const percent = Math.min(100, Math.floor((done / total) * 100));
  return (
    <div className="indexing" role="status" data-testid="inbox-indexing">
      <span>Reading the whole inbox for exact counts… {percent}%</span>
      <progress max={total} value={done} aria-label="Inbox indexing progress" />
    </div>
  );
}

function Problems({ problems, more }: { problems: Array<{ line: number | null; message: string }>; more: number }) {
  if (problems.length === 0) return null;
  return (
    <section className="problems" aria-labelledby="inbox-problems-heading" data-testid="inbox-problems">
      <h4 id="inbox-problems-heading" className="section-title section-title--problem">
        Problems <span className="badge badge--warning">{problems.length + more}</span>
      </h4>
      <ul>
        {problems.map((p, index) => (
          <li key={`${p.line}:${index}`}>
            <span className="problem-line">{p.line === null ? 'file' : `line ${p.line}`}:</span> {p.message}
          </li>
        ))}
        {more > 0 && <li data-testid="inbox-problems-more">{more} more not listed</li>}
      </ul>
    </section>
  );
}

export function InboxSection({ seat, messageOpen }: { seat: string; messageOpen: boolean }) {
  const names = useSeatNames();
  const now = useFleet((s) => s.data?.snapshot.now ?? Date.now());
  const openMessage = useSelection((s) => s.openMessage);
  const [filters, setFilters] = useState<InboxFilters>(NO_FILTERS);
  const text = useDebounced(filters.text, SEARCH_DEBOUNCE_MS);
  const effective = { ...filters, text };
  const searching = filters.text.trim() !== text.trim();
  const liveKey = useInboxLiveKey(seat, filters.view);
  const scrollRef = useRef<HTMLDivElement>(null);
  const messageOpenRef = useRef(messageOpen);
  messageOpenRef.current = messageOpen;
  const holdNew = useCallback(() => messageOpenRef.current || (scrollRef.current?.scrollTop ?? 0) > 4, []);
  const win = useInboxWindow(seat, effective, liveKey, holdNew);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const ids = useId();

  // Another seat: a fresh view.
  useEffect(() => {
    setFilters(NO_FILTERS);
    setActiveKey(null);
  }, [seat]);

  // Back from a message: focus the row it was opened from.
  const wasOpen = useRef(messageOpen);
  useEffect(() => {
    if (wasOpen.current && !messageOpen && activeKey) setFocusKey(activeKey);
    wasOpen.current = messageOpen;
  }, [messageOpen, activeKey]);

  const update = (patch: Partial<InboxFilters>) => {
    setFilters((current) => ({ ...current, ...patch }));
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  };

  const onOpen = (row: MessageRow) => {
    setActiveKey(rowKey(row));
    openMessage(row.inbox, row.id, seat);
  };

  const showNew = () => {
    win.showPending();
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  };

  const meta = win.meta;
  const filtered = Boolean(filters.type || filters.sender || filters.unreadOnly || text.trim());
  const senderLabel = filters.view === 'outbox' ? 'Recipient' : 'Sender';
  const listLabel = filters.view === 'outbox' ? `Messages ${names.name(seat)} sent` : `Messages to ${names.name(seat)}`;

  return (
    <section className="inbox" aria-label="Inbox" inert={messageOpen}>
      <div className="inbox-head">
        <div className="tabs" role="tablist" aria-label="Messages">
          {(['inbox', 'outbox'] as const).map((view) => (
            <button
              key={view}
              type="button"
              role="tab"
              id={`${ids}-${view}`}
              aria-selected={filters.view === view}
              aria-controls={`${ids}-panel`}
              className={`tab${filters.view === view ? ' is-active' : ''}`}
              tabIndex={filters.view === view ? 0 : -1}
              onClick={() => update({ view, sender: '', type: '' })}
              onKeyDown={(event) => {
                // The tab pattern: arrows switch tabs, Tab moves on to the tab's content.
                if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
                event.preventDefault();
                const next = view === 'inbox' ? 'outbox' : 'inbox';
                update({ view: next, sender: '', type: '' });
                document.getElementById(`${ids}-${next}`)?.focus();
              }}
            >
              {view === 'inbox' ? 'Inbox' : 'Outbox'}
            </button>
          ))}
        </div>
        <UnreadCount seat={seat} view={filters.view} />
      </div>
      <IndexingProgress seat={seat} />
      <div className="inbox-filters">
        <input
          type="search"
          className="search"
          aria-label="Search messages"
          placeholder={filters.view === 'outbox' ? 'Search sent messages' : 'Search this inbox'}
          value={filters.text}
          onChange={(event) => update({ text: event.target.value })}
          onKeyDown={(event) => {
            // Esc in a search with text clears it first (the panel's Esc handler sees defaultPrevented).
            if (event.key === 'Escape' && filters.text) {
              event.preventDefault();
              update({ text: '' });
            }
          }}
        />
        <div className="filter-row">
          <select aria-label="Filter by type" value={filters.type} onChange={(event) => update({ type: event.target.value })}>
            <option value="">All types</option>
            {(meta?.types ?? []).map((type) => (
              <option key={type} value={type}>
                {type || '(no type)'}
              </option>
            ))}
          </select>
          <select aria-label={`Filter by ${senderLabel.toLowerCase()}`} value={filters.sender} onChange={(event) => update({ sender: event.target.value })}>
            <option value="">{filters.view === 'outbox' ? 'All recipients' : 'All senders'}</option>
            {(meta?.senders ?? []).map((sender) => (
              <option key={sender} value={sender}>
                {names.name(sender)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className={`button button--small toggle${filters.unreadOnly ? ' is-active' : ''}`}
            aria-pressed={filters.unreadOnly}
            onClick={() => update({ unreadOnly: !filters.unreadOnly })}
          >
            Unread only
          </button>
        </div>
      </div>
      <div className="inbox-status" role="status">
        {searching || (meta && !meta.complete && text.trim()) ? (
          <span>Searching…</span>
        ) : meta ? (
          <span>
            {meta.total.toLocaleString()} {meta.total === 1 ? 'message' : 'messages'}
            {filtered ? ' match' : ''}
            {!meta.complete ? ' so far' : ''}
            {filters.view === 'outbox' && meta.unread > 0 ? ` · ${meta.unread.toLocaleString()} not yet acknowledged by recipients` : ''}
          </span>
        ) : win.error ? null : (
          <span>Loading…</span>
        )}
        {filtered && (
          <button type="button" className="link-button" onClick={() => update({ type: '', sender: '', unreadOnly: false, text: '' })}>
            Clear filters
          </button>
        )}
      </div>
      {win.error && <p className="panel-note panel-note--error">Could not read the inbox: {win.error}</p>}
      <div className="inbox-scroll-wrap" id={`${ids}-panel`} role="tabpanel" aria-labelledby={`${ids}-${filters.view}`}>
        {win.pending > 0 && (
          <button type="button" className="new-messages" data-testid="inbox-new-messages" onClick={showNew}>
            ↑ {win.pending} new {win.pending === 1 ? 'message' : 'messages'}
          </button>
        )}
        <div className="inbox-scroll" ref={scrollRef}>
          {meta && win.count === 0 ? (
            <p className="inbox-empty">
              {filtered ? 'No messages match.' : filters.view === 'outbox' ? `${names.name(seat)} has not sent anything yet.` : 'The inbox is empty.'}
            </p>
          ) : (
            <InboxList
              win={win}
              scrollRef={scrollRef}
              view={filters.view}
              now={now}
              names={names}
              activeKey={activeKey}
              onActiveKey={setActiveKey}
              onOpen={onOpen}
              focusKey={focusKey}
              onFocused={() => setFocusKey(null)}
              label={listLabel}
            />
          )}
        </div>
      </div>
      <Problems problems={meta?.problems ?? []} more={meta?.problemsMore ?? 0} />
    </section>
  );
}
