/**
 * How a fleet is viewed, kept per fleet in `.seatmap/view.json` (docs/fleet-format.md, "Groups"):
 * which groups the user collapsed or expanded, and which edge layers are shown. Only choices the
 * user made are stored; everything else follows the defaults below, so a fleet that grows past the
 * collapse threshold still opens collapsed for groups nobody touched.
 */
import { z } from 'zod';
import { SEAT_ID_PATTERN } from './ids';

/** A fleet with more seats than this opens with its groups collapsed. */
export const COLLAPSE_AFTER_SEATS = 150;

export const LAYERS = ['handoff', 'traffic', 'undesigned', 'rule', 'overlap', 'dead', 'groups'] as const;
export type Layer = (typeof LAYERS)[number];

export const viewStateSchema = z.object({
  groups: z
    .record(z.string().regex(SEAT_ID_PATTERN), z.enum(['collapsed', 'expanded']))
    .refine((value) => Object.keys(value).length <= 20_000, 'too many groups')
    .optional(),
  layers: z.partialRecord(z.enum(LAYERS), z.boolean()).optional(),
});

export type ViewState = z.infer<typeof viewStateSchema>;

export const EMPTY_VIEW: ViewState = {};

export function isCollapsed(view: ViewState, groupId: string, seatCount: number): boolean {
  const choice = view.groups?.[groupId];
  if (choice) return choice === 'collapsed';
  return seatCount > COLLAPSE_AFTER_SEATS;
}

/** The view with one group's state chosen. */
export function withGroup(view: ViewState, groupId: string, collapsed: boolean): ViewState {
  return { ...view, groups: { ...view.groups, [groupId]: collapsed ? 'collapsed' : 'expanded' } };
}

/** Group frames are drawn by default only where groups start collapsed (big fleets); small fleets keep their plain graph. */
export function isLayerShown(view: ViewState, layer: Layer, seatCount: number): boolean {
  const choice = view.layers?.[layer];
  if (choice !== undefined) return choice;
  return layer === 'groups' ? seatCount > COLLAPSE_AFTER_SEATS : true;
}

export function withLayer(view: ViewState, layer: Layer, shown: boolean): ViewState {
  return { ...view, layers: { ...view.layers, [layer]: shown } };
}
