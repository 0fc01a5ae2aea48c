/** Renderer entry: connect to whichever host runs us, start following the fleet, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/app.css';
import { connectToHost } from './api';
import { App } from './App';
import { HostContext } from './hostContext';
import { startFleetSync } from './store/fleetStore';
import { FleetSyncContext } from './store/hooks';

const host = connectToHost();
const sync = startFleetSync(host.api);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <HostContext.Provider value={host}>
      <FleetSyncContext.Provider value={sync}>
        <App />
      </FleetSyncContext.Provider>
    </HostContext.Provider>
  </StrictMode>,
);
