/** Which way the graph flows, for seat handles and edge curves (set once per layout). */
import { createContext, useContext } from 'react';
import type { Direction } from './layout';

export const GraphDirectionContext = createContext<Direction>('TB');

export function useGraphDirection(): Direction {
  return useContext(GraphDirectionContext);
}
