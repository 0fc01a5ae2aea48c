/** Icons the warnings use on the graph and in the panel (same drawing style as ../icons.tsx). */
import type { Severity } from '../../../shared/diagnostics';
import { AlertIcon, InfoIcon, Svg, type IconProps } from '../icons';

/** Stale state: a clock. */
export const ClockIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7v5l3 2" />
  </Svg>
);

/** Overlap: two intersecting circles. */
export const OverlapIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="9" cy="12" r="6" />
    <circle cx="15" cy="12" r="6" />
  </Svg>
);

/** An error: a circle with a bar. */
export const ErrorIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7.5v5.5M12 16.5h.01" />
  </Svg>
);

/** Nothing to report: a check in a circle. */
export const CheckIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="m8 12.5 2.7 2.7L16 9.8" />
  </Svg>
);

export function SeverityIcon({ severity, size = 14 }: { severity: Severity; size?: number }) {
  if (severity === 'error') return <ErrorIcon size={size} />;
  if (severity === 'warning') return <AlertIcon size={size} />;
  return <InfoIcon size={size} />;
}
