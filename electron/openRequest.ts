/**
 * What the page may ask to open (the `openFleet` request): the folder dialog, the demo, or a fleet
 * already in Open Recent. The page can never name a folder of its own choosing: a compromised page
 * must not be able to point Seatmap (and its writes) at any folder on the disk. Plain Node.
 */
import { ApiError, type OpenFleetRequest } from '../shared/api';
import type { FleetSource } from './fleetSession';

export type OpenAction = { kind: 'dialog' } | { kind: 'recent'; path: string } | FleetSource;

export function openActionFor(request: OpenFleetRequest, recent: { has(path: string): boolean } | null): OpenAction {
  if ('dialog' in request) return { kind: 'dialog' };
  if ('demo' in request) return { kind: 'demo' };
  if (!recent?.has(request.path)) throw new ApiError('bad-request', 'Only a fleet from the recent list can be opened by path; use Open Folder… for another');
  return { kind: 'recent', path: request.path };
}
