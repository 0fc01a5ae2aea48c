/** Desktop only: "Open folder…" and the recent fleets (the host shows the dialog and switches fleets). */
import { useState } from 'react';
import type { HostInfo, OpenFleetRequest } from '../../../shared/api';
import { useHost } from '../hostContext';
import { ChevronIcon, FolderIcon } from '../icons';
import { MenuError } from './MenuError';
import { useMenuPopover } from './useMenuPopover';

function folderName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

export function FleetMenu({ info, onOpened }: { info: HostInfo; onOpened(): void }) {
  const { api } = useHost();
  const { open: menuOpen, setOpen: setMenuOpen, menuId, wrapper } = useMenuPopover();
  const [error, setError] = useState<string | null>(null);

  const open = (request: OpenFleetRequest) => {
    setMenuOpen(false);
    setError(null);
    api
      .openFleet(request)
      .then((result) => {
        if (result.opened) onOpened();
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  return (
    <div className="fleet-menu" ref={wrapper}>
      <button type="button" className="button button--primary" aria-label="Open a fleet folder" onClick={() => open({ dialog: true })} data-testid="open-folder">
        <FolderIcon size={15} /> Open folder…
      </button>
      <button
        type="button"
        className="button button--icon"
        aria-label="Recent fleets"
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        aria-controls={menuId}
        onClick={() => setMenuOpen(!menuOpen)}
        data-testid="recent-fleets"
      >
        <ChevronIcon size={15} />
      </button>
      {menuOpen && (
        <div className="menu" role="menu" id={menuId} aria-label="Recent fleets">
          <div className="menu-heading">Recent fleets</div>
          {info.recentFleets.length === 0 && <div className="menu-empty">No recent fleets yet</div>}
          {info.recentFleets.map((path) => (
            <button key={path} type="button" role="menuitem" className="menu-item" title={path} onClick={() => open({ path })}>
              <span className="menu-item-name">{folderName(path)}</span>
              <span className="menu-item-path">{path}</span>
            </button>
          ))}
          <div className="menu-separator" role="separator" />
          {info.claudeTeams && (
            <button type="button" role="menuitem" className="menu-item" title={info.claudeTeams} onClick={() => open({ path: info.claudeTeams! })} data-testid="open-claude-teams">
              <span className="menu-item-name">Claude Code teams on this computer</span>
              <span className="menu-item-path">{info.claudeTeams}</span>
            </button>
          )}
          <button type="button" role="menuitem" className="menu-item" onClick={() => open({ demo: true })}>
            <span className="menu-item-name">Live demo fleet</span>
          </button>
        </div>
      )}
      <MenuError message={error} />
    </div>
  );
}
