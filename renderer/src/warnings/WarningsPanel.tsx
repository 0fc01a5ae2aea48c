/** The warnings panel (issue 4): placeholder until it is built. */
export function WarningsPanel() {
  return null;
}
