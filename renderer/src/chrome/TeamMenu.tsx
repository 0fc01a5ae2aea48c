/**
 * For a Claude Code folder (docs/sources.md): the teams Seatmap can show, those running now and
 * those ended and kept in Seatmap's history. Picking one asks the host to open it; the host then
 * sends a reset and the window re-reads the snapshot.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useHost } from '../hostContext';
import { ChevronIcon } from '../icons';
import { useFleet } from '../store/hooks';
import { formatRelative } from '../seatPanel/timeFormat';
import { MenuError } from './MenuError';
import { useMenuPopover } from './useMenuPopover';
import './teams.css';

export function TeamMenu() {
  const { api } = useHost();
  const teams = useFleet(useShallow((s) => s.data?.snapshot.source?.teams ?? []));
  const current = useFleet((s) => s.data?.snapshot.source?.team ?? null);
  const now = useFleet((s) => s.data?.snapshot.now ?? Date.now());
  const { open, setOpen, menuId, wrapper } = useMenuPopover();
  const [error, setError] = useState<string | null>(null);

  const live = teams.filter((t) => t.live).length;
  const pick = (team: string) => {
    setOpen(false);
    setError(null);
    api
      .openTeam({ team })
      .then((result) => {
        if (!result.opened) setError(`The team ${team} is no longer available`);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  return (
    <div className="team-menu" ref={wrapper}>
      <button
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Claude Code teams: ${live} running, ${teams.length - live} ended`}
        onClick={() => setOpen(!open)}
        data-testid="team-menu"
      >
        Teams <span className="badge">{teams.length}</span>
        <ChevronIcon size={14} />
      </button>
      {open && (
        <div className="menu team-list" role="menu" id={menuId} aria-label="Claude Code teams" data-testid="team-list">
          <div className="menu-heading">Claude Code teams</div>
          {teams.length === 0 && <div className="menu-empty">No team yet: start one in Claude Code and it appears here</div>}
          {teams.map((team) => (
            <button
              key={team.name}
              type="button"
              role="menuitemradio"
              aria-checked={team.name === current}
              className={`menu-item team-item${team.name === current ? ' is-current' : ''}`}
              onClick={() => pick(team.name)}
              data-testid={`team-${team.name}`}
            >
              <span className="menu-item-name">
                {team.name}{' '}
                <span className={`team-state team-state--${team.live ? 'live' : 'ended'}`}>{team.live ? 'running' : 'ended'}</span>
              </span>
              <span className="menu-item-path">
                {team.members} {team.members === 1 ? 'member' : 'members'} · {team.messages} {team.messages === 1 ? 'message' : 'messages'}
                {team.lastChange ? ` · changed ${formatRelative(team.lastChange, now)}` : ''}
              </span>
            </button>
          ))}
        </div>
      )}
      <MenuError message={error} />
    </div>
  );
}
