/** A message type as a badge; the five known types have their own colour, anything else is shown as written. */
const KNOWN = new Set(['INFORM', 'REQUEST', 'PROPOSAL', 'RESPONSE', 'CHALLENGE']);

export function TypeBadge({ type }: { type: string }) {
  const label = type.trim() || 'NO TYPE';
  const known = KNOWN.has(label);
  return (
    <span className={`type-badge type-badge--${known ? label.toLowerCase() : 'other'}`} title={`Type: ${label}`}>
      {label.length > 16 ? `${label.slice(0, 15)}…` : label}
    </span>
  );
}
