/**
 * Who a seat is and how it is wired: mandate, status (and where a retired seat's work went), the
 * state files it writes with their freshness and readers, its handoffs and the rules it wins or loses.
 */
import { useShallow } from 'zustand/react/shallow';
import type { HandoffView, RuleView, StateFileView } from '../../../shared/snapshot';
import { EMPTY_IDS, useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { describeSuccessors } from './successors';
import { formatAbsolute, formatDuration, formatRelative, freshness } from './timeFormat';
import { useSeatNames } from './useSeatNames';

/** A seat id as a link to its own panel when it is a seat; free text otherwise. */
export function SeatRef({ id }: { id: string }) {
  const names = useSeatNames();
  const openSeat = useSelection((s) => s.openSeat);
  if (!names.has(id)) return <span className="seat-ref seat-ref--text">{id}</span>;
  return (
    <button type="button" className="seat-ref" onClick={() => openSeat(id)} title={`Open ${names.name(id)} (${id})`}>
      {names.name(id)}
    </button>
  );
}

function useStateFiles(seat: string, declared: readonly string[]): StateFileView[] {
  return useFleet(
    useShallow((s) => {
      const files = s.data?.stateFiles;
      if (!files) return [];
      return files.ids.map((id) => files.byId[id]!).filter((file) => file.seat === seat || declared.includes(file.id));
    }),
  );
}

function StateFiles({ seat, declared }: { seat: string; declared: readonly string[] }) {
  const files = useStateFiles(seat, declared);
  const now = useFleet((s) => s.data?.snapshot.now ?? Date.now());
  const missing = declared.filter((path) => !files.some((file) => file.id === path));
  if (files.length === 0 && missing.length === 0) return <p className="facts-empty">Writes no state files.</p>;
  return (
    <ul className="state-files">
      {files.map((file) => {
        const state = freshness(file.time, file.staleAfterMs, now);
        const age = now - file.time;
        const name = file.id.split('/').pop() ?? file.id;
        return (
          <li key={file.id} className={`state-file state-file--${state}`} data-testid={`state-file-${file.id}`}>
            <div className="state-file-head">
              <code className="state-file-name" title={file.id}>
                {name}
              </code>
              <span className={`freshness freshness--${state}`} title={`Time from ${file.timeSource === 'mtime' ? 'the file’s modification time' : `its ${file.timeSource}`}: ${formatAbsolute(file.time)}`}>
                {state === 'skewed'
                  ? `${formatDuration(-age)} in the future (clock skew)`
                  : `${state === 'stale' ? 'Stale' : 'Updated'} ${formatRelative(file.time, now)}`}
              </span>
            </div>
            <div className="state-file-meta">
              {file.readers.length === 0 ? (
                <span className="tag tag--warn">No reader</span>
              ) : (
                <span>
                  Read by{' '}
                  {file.readers.map((reader, index) => (
                    <span key={reader}>
                      {index > 0 ? ', ' : ''}
                      <SeatRef id={reader} />
                    </span>
                  ))}
                </span>
              )}
              <span className="state-file-threshold">stale after {formatDuration(file.staleAfterMs)}</span>
              {!file.declared && <span className="tag tag--warn">not declared in fleet.yaml</span>}
            </div>
          </li>
        );
      })}
      {missing.map((path) => (
        <li key={path} className="state-file state-file--missing">
          <div className="state-file-head">
            <code className="state-file-name" title={path}>
              {path.split('/').pop()}
            </code>
            <span className="freshness freshness--stale">Not on disk</span>
          </div>
        </li>
      ))}
    </ul>
  );
}

function Handoffs({ seat }: { seat: string }) {
  const handoffs = useFleet(
    useShallow((s) => {
      const all = s.data?.handoffs;
      if (!all) return [] as HandoffView[];
      return all.ids.map((id) => all.byId[id]!).filter((h) => h.from === seat || h.to === seat);
    }),
  );
  const now = useFleet((s) => s.data?.snapshot.now ?? Date.now());
  if (handoffs.length === 0) return <p className="facts-empty">No designed handoffs.</p>;
  const incoming = handoffs.filter((h) => h.to === seat);
  const outgoing = handoffs.filter((h) => h.from === seat && h.to !== seat);
  const item = (h: HandoffView, other: string, direction: 'in' | 'out') => (
    <li key={h.id} className="link-item">
      <span className="link-arrow" aria-label={direction === 'in' ? 'from' : 'to'}>
        {direction === 'in' ? '←' : '→'}
      </span>
      <div className="link-body">
        <div>
          <SeatRef id={other} /> <span className="link-via">via {h.via === 'inbox' ? 'inbox' : <code title={h.via}>{h.via.split('/').pop()}</code>}</span>
        </div>
        {h.what && <div className="link-what">{h.what}</div>}
        <div className="link-traffic">
          {h.messages > 0
            ? `${h.messages.toLocaleString()} ${h.messages === 1 ? 'message' : 'messages'}, last ${formatRelative(h.lastTs, now)}`
            : h.via === 'inbox'
              ? 'No messages yet'
              : 'No messages (carried by the file)'}
        </div>
      </div>
    </li>
  );
  return (
    <>
      {incoming.length > 0 && (
        <>
          <h5 className="facts-subtitle">In</h5>
          <ul className="links">{incoming.map((h) => item(h, h.from, 'in'))}</ul>
        </>
      )}
      {outgoing.length > 0 && (
        <>
          <h5 className="facts-subtitle">Out</h5>
          <ul className="links">{outgoing.map((h) => item(h, h.to, 'out'))}</ul>
        </>
      )}
    </>
  );
}

/** "Client is on…" reads as "when client is on…"; acronyms ("VIP clients") keep their case. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function Rules({ seat }: { seat: string }) {
  const rules = useFleet(
    useShallow((s) => {
      const all = s.data?.rules;
      if (!all) return [] as RuleView[];
      return all.ids.map((id) => all.byId[id]!).filter((r) => r.winner === seat || r.over === seat);
    }),
  );
  if (rules.length === 0) return null;
  return (
    <ul className="links">
      {rules.map((rule) => {
        const wins = rule.winner === seat;
        return (
          <li key={rule.id} className="link-item">
            <span className={`rule-outcome rule-outcome--${wins ? 'won' : 'lost'}`}>{wins ? 'Wins' : 'Yields'}</span>
            <div className="link-body">
              <div>
                {wins ? 'over ' : 'to '}
                <SeatRef id={wins ? rule.over : rule.winner} />
              </div>
              {rule.when && <div className="link-what">when {lowerFirst(rule.when)}</div>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function Chips({ items, kind }: { items: readonly string[]; kind: 'owns' | 'not' }) {
  return (
    <ul className="chips">
      {items.map((item) => (
        <li key={item} className={`chip chip--${kind}`}>
          {item}
        </li>
      ))}
    </ul>
  );
}

/** The retired seat's notice: when, why, and where each part of its work went. */
export function RetiredNotice({ seat }: { seat: string }) {
  const retiredAt = useFleet((s) => s.data?.seats.byId[seat]?.retiredAt ?? null);
  const reason = useFleet((s) => s.data?.seats.byId[seat]?.reason ?? null);
  const successors = useFleet((s) => s.data?.seats.byId[seat]?.successors);
  const lines = describeSuccessors(successors);
  const when = retiredAt ? Date.parse(retiredAt) : NaN;
  return (
    <div className="retired-notice" role="note">
      <strong>Retired</strong>
      {retiredAt ? <span title={retiredAt}> on {Number.isNaN(when) ? retiredAt : new Date(when).toLocaleDateString(undefined, { dateStyle: 'medium' })}</span> : null}
      {reason ? <span>: {reason}</span> : null}
      {lines.length > 0 && (
        <ul className="successors">
          {lines.map((line, index) => (
            <li key={index}>
              {line.what ? <span className="successor-what">{line.what}</span> : 'Everything'} → <SeatRef id={line.to} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The facts' one-line summary, shown on the collapsible header: counts, and stale files in red. */
export function FactsSummary({ seat }: { seat: string }) {
  const counts = useFleet(
    useShallow((s) => {
      const data = s.data;
      const view = data?.seats.byId[seat];
      if (!data || !view) return { owns: 0, files: 0, stale: 0, handoffs: 0, rules: 0 };
      const now = data.snapshot.now;
      let files = 0;
      let stale = 0;
      for (const id of data.stateFiles.ids) {
        const file = data.stateFiles.byId[id]!;
        if (file.seat !== seat && !view.writes.includes(file.id)) continue;
        files++;
        if (freshness(file.time, file.staleAfterMs, now) === 'stale') stale++;
      }
      const handoffs = data.handoffs.ids.filter((id) => data.handoffs.byId[id]!.from === seat || data.handoffs.byId[id]!.to === seat).length;
      const rules = data.rules.ids.filter((id) => data.rules.byId[id]!.winner === seat || data.rules.byId[id]!.over === seat).length;
      return { owns: view.owns.length, files, stale, handoffs, rules };
    }),
  );
  const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  return (
    <span className="facts-summary">
      {plural(counts.owns, 'domain')} · {plural(counts.files, 'file')}
      {counts.stale > 0 && <span className="facts-summary-stale"> ({counts.stale} stale)</span>} · {plural(counts.handoffs, 'handoff')}
      {counts.rules > 0 ? ` · ${plural(counts.rules, 'rule')}` : ''}
    </span>
  );
}

/** What a source knows about the seat beyond the format (docs/sources.md): its work, its facts. */
function SourceDetails({ seat }: { seat: string }) {
  const details = useFleet((s) => s.data?.seats.byId[seat]?.details ?? null);
  if (!details || details.length === 0) return null;
  return (
    <section className="facts-section" aria-labelledby="facts-details">
      <h4 id="facts-details" className="section-title">
        Work and facts
      </h4>
      <dl className="source-details" data-testid="seat-details">
        {details.map((detail, index) => (
          <div key={`${detail.label}-${index}`} className={`source-detail${detail.tone ? ` source-detail--${detail.tone}` : ''}`}>
            <dt>{detail.label}</dt>
            <dd>{detail.value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function SeatFacts({ seat }: { seat: string }) {
  const facts = useFleet(
    useShallow((s) => {
      const view = s.data?.seats.byId[seat];
      return { owns: view?.owns ?? EMPTY_IDS, notOwns: view?.notOwns ?? EMPTY_IDS, writes: view?.writes ?? EMPTY_IDS, reads: view?.reads ?? EMPTY_IDS };
    }),
  );
  const hasRules = useFleet((s) => {
    const all = s.data?.rules;
    return all ? all.ids.some((id) => all.byId[id]?.winner === seat || all.byId[id]?.over === seat) : false;
  });
  return (
    <div className="facts">
      <SourceDetails seat={seat} />
      <section className="facts-section" aria-labelledby="facts-mandate">
        <h4 id="facts-mandate" className="section-title">
          Mandate
        </h4>
        {facts.owns.length > 0 ? <Chips items={facts.owns} kind="owns" /> : <p className="facts-empty">Owns no domain.</p>}
        {facts.notOwns.length > 0 && (
          <div className="not-owns">
            <span className="facts-label">Not its job</span>
            <Chips items={facts.notOwns} kind="not" />
          </div>
        )}
      </section>
      <section className="facts-section" aria-labelledby="facts-writes">
        <h4 id="facts-writes" className="section-title">
          Writes
        </h4>
        <StateFiles seat={seat} declared={facts.writes} />
        {facts.reads.length > 0 && (
          <p className="facts-reads">
            Reads{' '}
            {facts.reads.map((path, index) => (
              <span key={path}>
                {index > 0 ? ', ' : ''}
                <code title={path}>{path.split('/').pop()}</code>
              </span>
            ))}
          </p>
        )}
      </section>
      <section className="facts-section" aria-labelledby="facts-handoffs">
        <h4 id="facts-handoffs" className="section-title">
          Handoffs
        </h4>
        <Handoffs seat={seat} />
      </section>
      {hasRules && (
        <section className="facts-section" aria-labelledby="facts-rules">
          <h4 id="facts-rules" className="section-title">
            Rules
          </h4>
          <Rules seat={seat} />
        </section>
      )}
    </div>
  );
}
