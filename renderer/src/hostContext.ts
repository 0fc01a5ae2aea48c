/** The host connection for components (the api module decides what it is). */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ConnectionState, HostConnection } from './api';

export const HostContext = createContext<HostConnection | null>(null);

export function useHost(): HostConnection {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost outside <HostContext.Provider>');
  return host;
}

/** The live state of the link to the host. */
export function useConnectionState(): ConnectionState {
  const host = useHost();
  return useSyncExternalStore(host.onConnection, host.getConnection);
}
