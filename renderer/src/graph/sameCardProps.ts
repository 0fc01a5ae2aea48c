/**
 * The memo comparison of the node cards (seats, groups, frames). A card draws only its data and its
 * selection; React Flow also passes the node's position, which changes on every frame of a drag, so
 * comparing just these keeps the dragged card from re-rendering while it moves.
 */
export function sameCardProps(a: { data: unknown; selected?: boolean }, b: { data: unknown; selected?: boolean }): boolean {
  return a.data === b.data && a.selected === b.selected;
}
