import { useState } from 'react';

/**
 * Counts how many times `value` went up since mount (not the first value). Used as a React `key`
 * to restart a one-shot CSS highlight whenever a pair's message count grows: no timers to clean up.
 */
export function useBumps(value: number): number {
  const [seen, setSeen] = useState({ value, bumps: 0 });
  if (value !== seen.value) {
    const next = { value, bumps: value > seen.value ? seen.bumps + 1 : seen.bumps };
    setSeen(next);
    return next.bumps;
  }
  return seen.bumps;
}
