/**
 * One message in full: who sent it to whom and when, acknowledged or not, its body (safe markdown),
 * its thread across inboxes (oldest first), the entities it names and, for the curious, the raw line.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import type { MessageDetail, MessageRow } from '../../../shared/inboxQuery';
import { useHost } from '../hostContext';
import { useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { MessageBody } from './MessageBody';
import { TypeBadge } from './TypeBadge';
import { formatAbsolute, formatBytes, formatRelative } from './timeFormat';
import { useSeatNames } from './useSeatNames';

type Loaded = { state: 'loading' } | { state: 'gone' } | { state: 'failed'; error: string } | { state: 'ready'; detail: MessageDetail };

function prettyRaw(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw;
  }
}

/** Whether two reads of a message show the same thing (rows compared field by field). */
function sameDetail(a: MessageDetail, b: MessageDetail): boolean {
  const sameRow = (x: MessageRow, y: MessageRow) =>
    x.id === y.id && x.inbox === y.inbox && x.ts === y.ts && x.acked === y.acked && x.ackTs === y.ackTs && x.line === y.line
    && x.from === y.from && x.to === y.to && x.type === y.type && x.subject === y.subject && x.re === y.re
    && x.entities.length === y.entities.length && x.entities.every((entity, i) => entity === y.entities[i]);
  return a.body === b.body && a.bodyTruncated === b.bodyTruncated && a.raw === b.raw && sameRow(a.row, b.row)
    && a.thread.length === b.thread.length && a.thread.every((row, i) => sameRow(row, b.thread[i]!));
}

/**
 * Re-reads the message when an inbox grows: a reply anywhere in the fleet may extend the thread, an
 * ack may change a row. The host answers from its cache unless the new lines touch this thread
 * (service/inboxReader.ts), and an answer that shows the same thing keeps the view as it is (no
 * re-render, no re-parse of the body).
 */
function useMessage(inbox: string, id: string): Loaded {
  const { api } = useHost();
  const live = useFleet((s) => {
    const summary = s.data?.seats.byId[inbox]?.inbox;
    return summary ? `${summary.total}:${summary.unread}:${summary.lastTs}` : '';
  });
  // Any line appended to any inbox (a message or an ack) changes the fleet's inbox bytes.
  const fleetInboxBytes = useFleet((s) => s.data?.snapshot.totals.inboxBytes ?? 0);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const shownKey = useRef('');
  useEffect(() => {
    let cancelled = false;
    const key = `${inbox}/${id}`;
    // Keep the old view while re-reading the same message; a new one starts blank.
    if (shownKey.current !== key) setLoaded({ state: 'loading' });
    shownKey.current = key;
    api.getMessage({ inbox, id }).then(
      (detail) => {
        if (cancelled) return;
        setLoaded((previous) => {
          if (!detail) return previous.state === 'gone' ? previous : { state: 'gone' };
          return previous.state === 'ready' && sameDetail(previous.detail, detail) ? previous : { state: 'ready', detail };
        });
      },
      (reason: unknown) => !cancelled && setLoaded({ state: 'failed', error: reason instanceof Error ? reason.message : String(reason) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, inbox, id, live, fleetInboxBytes]);
  return loaded;
}

function ThreadList({ thread, current }: { thread: MessageRow[]; current: MessageRow }) {
  const names = useSeatNames();
  const seat = useSelection((s) => s.seat);
  const openMessage = useSelection((s) => s.openMessage);
  const now = useFleet((s) => s.data?.snapshot.now ?? Date.now());
  return (
    <ol className="thread" aria-label="Thread, oldest first">
      {thread.map((row) => {
        const isCurrent = row.inbox === current.inbox && row.id === current.id;
        return (
          <li key={`${row.inbox}/${row.id}`} className={`thread-item${isCurrent ? ' is-current' : ''}`}>
            <button
              type="button"
              className="thread-button"
              aria-current={isCurrent ? 'true' : undefined}
              onClick={() => openMessage(row.inbox, row.id, seat ?? undefined)}
            >
              <span className="thread-line">
                <TypeBadge type={row.type} />
                <span className="thread-route">
                  {names.name(row.from)} → {names.name(row.to || row.inbox)}
                </span>
                <time className="thread-time" title={formatAbsolute(row.ts)}>
                  {formatRelative(row.ts, now)}
                </time>
              </span>
              <span className="thread-subject">{row.subject || '(no subject)'}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

export function MessageView({ inbox, id, onBack }: { inbox: string; id: string; onBack(): void }) {
  const loaded = useMessage(inbox, id);
  const names = useSeatNames();
  const now = useFleet((s) => s.data?.snapshot.now ?? Date.now());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const ready = loaded.state === 'ready';
  // Focus follows the reader into the message (and to the next one when a thread item is chosen).
  useEffect(() => {
    if (ready) headingRef.current?.focus({ preventScroll: true });
  }, [ready, inbox, id]);

  return (
    <section className="message-view" aria-label="Message" data-testid="message-view">
      <div className="message-toolbar">
        <button type="button" className="button button--small" onClick={onBack} aria-label="Back to the list (Esc)">
          <span aria-hidden="true">←</span> Back
        </button>
        <span className="message-location">
          in {names.name(inbox)}’s inbox
        </span>
      </div>
      {loaded.state === 'loading' && <p className="panel-note" role="status">Loading the message…</p>}
      {loaded.state === 'gone' && <p className="panel-note">This message is no longer in {names.name(inbox)}’s inbox.</p>}
      {loaded.state === 'failed' && <p className="panel-note panel-note--error">Could not read the message: {loaded.error}</p>}
      {loaded.state === 'ready' && (
        <MessageContent detail={loaded.detail} now={now} headingRef={headingRef} names={names} />
      )}
    </section>
  );
}

function MessageContent({
  detail,
  now,
  headingRef,
  names,
}: {
  detail: MessageDetail;
  now: number;
  headingRef: RefObject<HTMLHeadingElement | null>;
  names: ReturnType<typeof useSeatNames>;
}) {
  const { row } = detail;
  return (
    <article className="message-article">
      <header className="message-head">
        <div className="message-meta-line">
          <TypeBadge type={row.type} />
          {row.acked ? (
            <span className="ack ack--done" title={row.ackTs ? `Acknowledged ${formatAbsolute(row.ackTs)}` : 'Acknowledged'}>
              ✓ Acknowledged{row.ackTs ? ` ${formatRelative(row.ackTs, now)}` : ''}
            </span>
          ) : (
            <span className="ack ack--open">Not acknowledged</span>
          )}
        </div>
        <h3 className="message-subject" ref={headingRef} tabIndex={-1}>
          {row.subject || '(no subject)'}
        </h3>
        <p className="message-route">
          <strong>{names.name(row.from)}</strong> → <strong>{names.name(row.to || row.inbox)}</strong>
          <span className="message-dot" aria-hidden="true">·</span>
          <time title={formatAbsolute(row.ts)}>{formatRelative(row.ts, now)}</time>
          <span className="message-dot" aria-hidden="true">·</span>
          <span className="message-id">
            <code>{row.id}</code>, line {row.line}
          </span>
        </p>
        {row.entities.length > 0 && (
          <ul className="chips" aria-label="Entities">
            {row.entities.map((entity) => (
              <li key={entity} className="chip chip--entity">
                {entity}
              </li>
            ))}
          </ul>
        )}
      </header>
      <div className="message-body markdown" data-testid="message-body">
        <MessageBody body={detail.body} />
      </div>
      {detail.bodyTruncated && <p className="panel-note">Showing the first {formatBytes(detail.body.length)} of a longer body; the rest is in the inbox file.</p>}
      {detail.thread.length > 1 && (
        <section className="panel-section" aria-labelledby="thread-heading">
          <h4 id="thread-heading" className="section-title">
            Thread <span className="badge">{detail.thread.length}</span>
          </h4>
          <ThreadList thread={detail.thread} current={row} />
        </section>
      )}
      <details className="raw-line">
        <summary>Raw line</summary>
        <pre>{prettyRaw(detail.raw)}</pre>
      </details>
    </article>
  );
}
