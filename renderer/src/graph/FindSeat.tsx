/**
 * Find: Ctrl/Cmd+K or `/` opens a box that finds a seat by name, id, owner or domain. Choosing a
 * seat expands its group if collapsed, centres it, opens it and focuses its neighbourhood.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { Panel, useReactFlow } from '@xyflow/react';
import type { Grouping } from '../../../shared/seatGroups';
import { useFleetSync } from '../store/hooks';
import { useSelection } from '../store/selection';
import { useView } from '../store/viewStore';
import { findSeats, type FindableSeat } from './findSeats';

/** Frames to wait for an expanded group's seat to be drawn and measured. */
const WAIT_FRAMES = 120;

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

function useFindKeys() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey) return;
      const modK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k';
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !isTypingTarget(event.target);
      if (!modK && !slash) return;
      event.preventDefault();
      useView.getState().setFindOpen(true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}

export function FindSeat({ grouping }: { grouping: Grouping }) {
  useFindKeys();
  const open = useView((s) => s.findOpen);
  if (!open) return null;
  return <FindBox grouping={grouping} />;
}

function FindBox({ grouping }: { grouping: Grouping }) {
  const { store } = useFleetSync();
  const { getInternalNode, setCenter, getZoom } = useReactFlow();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => inputRef.current?.focus(), []);

  const seats = useMemo<FindableSeat[]>(() => {
    const data = store.getState().data;
    if (!data) return [];
    return data.seats.ids.map((id) => {
      const seat = data.seats.byId[id]!;
      return { id, name: seat.name, owner: seat.owner, ownerName: seat.owner ? (data.seats.byId[seat.owner]?.name ?? null) : null, owns: seat.owns };
    });
  }, [store]);
  const hits = useMemo(() => findSeats(seats, query), [seats, query]);
  const names = useMemo(() => new Map(seats.map((s) => [s.id, s.name])), [seats]);

  const close = () => useView.getState().setFindOpen(false);

  const choose = (id: string) => {
    close();
    const view = useView.getState();
    const group = grouping.groupOf.get(id);
    if (group) view.setCollapsed([group], false);
    useSelection.getState().openSeat(id);
    view.setFocus(id);
    // The seat is drawn once its group's expansion has rendered and been measured.
    let frames = 0;
    const centre = () => {
      const node = getInternalNode(id);
      const w = node?.measured.width;
      const h = node?.measured.height;
      if (node && w && h) {
        void setCenter(node.internals.positionAbsolute.x + w / 2, node.internals.positionAbsolute.y + h / 2, { zoom: Math.max(getZoom(), 0.8), duration: 300 });
        return;
      }
      if (++frames < WAIT_FRAMES) requestAnimationFrame(centre);
    };
    requestAnimationFrame(centre);
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close();
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const hit = hits[active];
      if (hit) choose(hit.id);
    }
  };

  return (
    <Panel position="top-center" className="find-box" data-testid="find-box">
      <input
        ref={inputRef}
        type="search"
        className="find-input"
        placeholder="Find a seat by name, id, owner or domain"
        aria-label="Find a seat"
        aria-controls={listId}
        aria-activedescendant={hits[active] ? `${listId}-${active}` : undefined}
        data-testid="find-input"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          // A click on a result moves focus into the list; anything else closes the box.
          if (!e.relatedTarget || !(e.currentTarget.parentElement?.contains(e.relatedTarget as Node) ?? false)) close();
        }}
      />
      {query.trim() && (
        <ul id={listId} className="find-results" role="listbox" aria-label="Seats found">
          {hits.length === 0 && <li className="find-empty">No seat matches “{query.trim()}”</li>}
          {hits.map((hit, index) => (
            <li key={hit.id} id={`${listId}-${index}`} role="option" aria-selected={index === active}>
              <button type="button" className={`find-hit${index === active ? ' is-active' : ''}`} data-testid={`find-hit-${hit.id}`} onMouseDown={(e) => e.preventDefault()} onClick={() => choose(hit.id)}>
                <span className="find-hit-name">{names.get(hit.id) ?? hit.id}</span>
                <span className="find-hit-id">@{hit.id}</span>
                {hit.field !== 'name' && hit.field !== 'id' && (
                  <span className="find-hit-why">
                    {hit.field}: {hit.text}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
