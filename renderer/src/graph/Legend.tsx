/** What each edge and node style means; collapsible, open by default. */
import { useId, useState } from 'react';
import { Panel } from '@xyflow/react';
import { AgentIcon, ChevronIcon, HumanIcon } from '../icons';

function LineSample({ kind }: { kind: 'handoff' | 'traffic' | 'rule' | 'flash' }) {
  return (
    <svg className={`legend-line legend-line--${kind}`} width="44" height="12" viewBox="0 0 44 12" aria-hidden="true">
      <path d="M2 6 H36" />
      {kind !== 'flash' && <path className="legend-arrow" d="M35 2 L42 6 L35 10 Z" />}
    </svg>
  );
}

export function Legend() {
  const [open, setOpen] = useState(true);
  const bodyId = useId();
  return (
    <Panel position="top-left" className="legend" data-testid="legend">
      <button type="button" className="legend-toggle" aria-expanded={open} aria-controls={bodyId} aria-label={open ? 'Hide legend' : 'Show legend'} onClick={() => setOpen(!open)}>
        Legend
        <ChevronIcon size={14} className={open ? 'chevron is-open' : 'chevron'} />
      </button>
      <ul id={bodyId} className="legend-list" hidden={!open}>
        <li>
          <LineSample kind="handoff" />
          <span>
            <strong>Designed handoff</strong>, labelled with what it carries and the messages seen on it
          </span>
        </li>
        <li>
          <LineSample kind="traffic" />
          <span>
            <strong>Undesigned traffic</strong>: messages flowing where no handoff is designed
          </span>
        </li>
        <li>
          <LineSample kind="rule" />
          <span>
            <strong>Conflict rule</strong>: the arrow's source wins over its target
          </span>
        </li>
        <li>
          <LineSample kind="flash" />
          <span>A new message just arrived on this pair</span>
        </li>
        <li className="legend-nodes">
          <span className="legend-node">
            <AgentIcon size={13} /> Agent
          </span>
          <span className="legend-node">
            <HumanIcon size={13} /> Human
          </span>
          <span className="legend-node legend-node--retired">Retired</span>
          <span className="legend-node legend-node--undeclared">Not in fleet.yaml</span>
        </li>
      </ul>
    </Panel>
  );
}
