/** The seat panel (issue 3): placeholder until it is built. */
export function SeatPanel() {
  return null;
}
