/** What each edge and node style means; collapsible, open by default unless the canvas is narrow (side panels open). */
import { useId, useState, type ReactNode } from 'react';
import { isLayerShown, type Layer } from '../../../shared/viewState';
import { useFleet } from '../store/hooks';
import { useView } from '../store/viewStore';
import { Panel, useStore as useFlowStore } from '@xyflow/react';
import { AgentIcon, AlertIcon, ChevronIcon, HumanIcon } from '../icons';
import { FocusHighlight } from '../warnings/FocusHighlight';
import { ClockIcon, ErrorIcon, OverlapIcon } from '../warnings/warningIcons';
import '../warnings/warnings.css';

function LineSample({ kind }: { kind: 'handoff' | 'traffic' | 'rule' | 'flash' | 'dead' | 'overlap' }) {
  return (
    <svg className={`legend-line legend-line--${kind}`} width="34" height="12" viewBox="0 0 44 12" aria-hidden="true">
      <path d="M2 6 H36" />
      {kind !== 'flash' && kind !== 'overlap' && <path className="legend-arrow" d="M35 2 L42 6 L35 10 Z" />}
    </svg>
  );
}

const LAYER_NAMES: Record<Layer, string> = {
  handoff: 'designed handoffs',
  traffic: 'traffic counts',
  undesigned: 'undesigned traffic',
  rule: 'rules',
  dead: 'dead handoffs',
  overlap: 'overlaps',
  groups: 'group frames',
};

/** A legend entry that doubles as the toggle of its layer (kept per fleet in .seatmap/view.json). */
function LayerToggle({ layer, title, children }: { layer: Layer; title: string; children: ReactNode }) {
  const seatCount = useFleet((s) => s.data?.seats.ids.length ?? 0);
  const shown = useView((s) => isLayerShown(s.view, layer, seatCount));
  return (
    <li>
      <button
        type="button"
        className={`legend-layer${shown ? '' : ' is-off'}`}
        aria-pressed={shown}
        data-testid={`layer-${layer}`}
        title={`${title}. Click to ${shown ? 'hide' : 'show'} ${LAYER_NAMES[layer]}.`}
        onClick={() => useView.getState().setLayer(layer, !shown)}
      >
        {children}
      </button>
    </li>
  );
}

/** Below this canvas width the open legend would run into the minimap and the zoom controls. */
const NARROW_CANVAS = 980;

export function Legend() {
  // Until the user decides, the legend folds away when side panels leave the canvas too narrow for it.
  const [choice, setOpen] = useState<boolean | null>(null);
  const narrow = useFlowStore((s) => s.width > 0 && s.width < NARROW_CANVAS);
  const open = choice ?? !narrow;
  const bodyId = useId();
  return (
    <>
    {/* The legend is the one overlay mounted once inside <ReactFlow>; it also hosts the pan to a selected warning. */}
    <FocusHighlight />
    <Panel position="bottom-center" className={`legend${open ? ' is-open' : ''}`} data-testid="legend">
      <button type="button" className="legend-toggle" aria-expanded={open} aria-controls={bodyId} aria-label={open ? 'Hide legend' : 'Show legend'} onClick={() => setOpen(!open)}>
        Legend
        <ChevronIcon size={14} className={open ? 'chevron is-open' : 'chevron'} />
      </button>
      <ul id={bodyId} className="legend-list" hidden={!open} aria-label="Layers: click to hide or show">
        <LayerToggle layer="handoff" title="A handoff designed in fleet.yaml, labelled with what it carries, via which file or inbox, and the messages seen on it">
          <LineSample kind="handoff" />
          <span>Designed handoff</span>
        </LayerToggle>
        <LayerToggle layer="traffic" title="Observed traffic: message counts on handoffs, and line width by volume">
          <span className="legend-count">12</span>
          <span>Traffic</span>
        </LayerToggle>
        <LayerToggle layer="undesigned" title="Messages flowing between two seats with no designed handoff: undesigned coordination">
          <LineSample kind="traffic" />
          <span>Undesigned traffic</span>
        </LayerToggle>
        <LayerToggle layer="rule" title="A conflict rule: the seat at the arrow's tail wins over the seat it points to">
          <LineSample kind="rule" />
          <span>Rule: wins over</span>
        </LayerToggle>
        <li title="A new message just arrived on this pair">
          <LineSample kind="flash" />
          <span>New message</span>
        </li>
        <LayerToggle layer="dead" title="A designed handoff that carried nothing (no message, no write of its file) for longer than quietAfter">
          <LineSample kind="dead" />
          <span>Dead handoff</span>
        </LayerToggle>
        <LayerToggle layer="overlap" title="Two seats that own the same domain or touch the same clients: decide who owns it, or add a rule">
          <LineSample kind="overlap" />
          <span className="legend-overlap">
            <OverlapIcon size={12} /> Overlap
          </span>
        </LayerToggle>
        <LayerToggle layer="groups" title="Frames around groups (a team, or a human and the agents they own); collapse a group from its frame">
          <span className="legend-frame" aria-hidden="true" />
          <span>Group frames</span>
        </LayerToggle>
        <li className="legend-warnings">
          <span className="legend-badge legend-badge--error" title="Warnings on a seat, red when one is an error; click it to list them">
            <ErrorIcon size={10} strokeWidth={2.8} />2
          </span>
          <span className="legend-badge" title="Warnings on a seat (amber: warnings only)">
            <AlertIcon size={10} strokeWidth={2.8} />1
          </span>
          <span>Warnings</span>
          <span className="edge-mark edge-mark--stale" title="A stale state file: on the seat that writes it and on handoffs that carry it">
            <ClockIcon size={11} strokeWidth={2.6} />
            <span>Stale</span>
          </span>
        </li>
        <li className="legend-nodes">
          <span className="legend-node legend-node--agent">
            <AgentIcon size={12} /> Agent
          </span>
          <span className="legend-node legend-node--human">
            <HumanIcon size={12} /> Human
          </span>
          <span className="legend-node legend-node--retired" title="Retired seat: kept in fleet.yaml for history">
            Retired
          </span>
          <span className="legend-node legend-node--undeclared" title="Found on disk (an inbox or state folder) but not declared in fleet.yaml">
            Not in fleet.yaml
          </span>
        </li>
      </ul>
    </Panel>
    </>
  );
}
