/** The watcher's state as a pill: "Live" when files are watched, otherwise what is wrong, in words. */
import { useFleet } from '../store/hooks';

export function watcherText(status: string, message: string | null): string {
  switch (status) {
    case 'watching':
      return 'Live';
    case 'polling':
      return message ? `Polling: ${message}` : 'Polling';
    case 'starting':
      return 'Starting…';
    case 'suspended':
      return message ? `Watching paused: ${message}` : 'Watching paused';
    case 'error':
      return `Watcher error: ${message ?? 'unknown problem'}`;
    default:
      return message ? `${status}: ${message}` : status;
  }
}

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
