/**
 * A seat's context menu on the canvas (right-click): Retire… and Merge into…. Arrow keys move,
 * Enter picks, Esc or a click elsewhere closes. The seat panel offers the same two actions to
 * keyboard users.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useFleet } from '../store/hooks';
import { useSelection } from '../store/selection';
import { useRetire } from './retireStore';

export function SeatContextMenu() {
  const menu = useRetire((s) => s.menu);
  const closeMenu = useRetire((s) => s.closeMenu);
  const open = useRetire((s) => s.open);
  const openSeat = useSelection((s) => s.openSeat);
  const name = useFleet((s) => (menu ? (s.data?.seats.byId[menu.seat]?.name ?? menu.seat) : ''));
  const active = useFleet((s) => (menu ? s.data?.seats.byId[menu.seat]?.status === 'active' && !s.data?.seats.byId[menu.seat]?.undeclared : false));
  // A read-only source (a Claude Code team) cannot retire or merge seats (docs/sources.md).
  const readOnly = useFleet((s) => Boolean(s.data?.snapshot.source?.readOnly));
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!menu) return;
    ref.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const away = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) closeMenu();
    };
    window.addEventListener('mousedown', away);
    return () => window.removeEventListener('mousedown', away);
  }, [menu, closeMenu]);

  if (!menu) return null;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      closeMenu();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      items[(at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length]?.focus();
    }
  };
  return (
    <div ref={ref} className="seat-context-menu" role="menu" aria-label={`${name}: actions`} data-testid="seat-context-menu" style={{ left: menu.x, top: menu.y }} onKeyDown={onKeyDown}>
      <button type="button" role="menuitem" onClick={() => (closeMenu(), openSeat(menu.seat))}>
        Open {name}
      </button>
      {active && !readOnly && (
        <>
          <button type="button" role="menuitem" data-testid="menu-retire" onClick={() => open('retire', menu.seat)}>
            Retire…
          </button>
          <button type="button" role="menuitem" data-testid="menu-merge" onClick={() => open('merge', menu.seat)}>
            Merge into…
          </button>
        </>
      )}
    </div>
  );
}
