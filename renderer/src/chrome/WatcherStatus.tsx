/**
 * The watcher's state as a pill: "Live" when files are watched, otherwise what is wrong, in words.
 * A watcher that recovered from an error says so ("Live · recovered after an error (…)"), and one
 * that is restarting says when; the full text is in the tooltip when the pill cuts it short.
 */
import { useFleet } from '../store/hooks';
import { watcherText } from './watcherText';

export function WatcherStatus() {
  const watcher = useFleet((s) => s.data?.snapshot.watcher);
  if (!watcher) return null;
  const text = watcherText(watcher.status, watcher.message);
  const title = `${text}${watcher.files ? ` · ${watcher.files.toLocaleString()} files watched` : ''}`;
  return (
    <span className={`pill watcher watcher--${watcher.status}`} data-testid="watcher-status" role="status" title={title}>
      <span className="watcher-dot" aria-hidden="true" />
      <span className="watcher-text">{text}</span>
    </span>
  );
}
