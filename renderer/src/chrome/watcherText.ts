/**
 * The watcher pill's words for a watcher state (plain function, so tests can check every state).
 * "Live" when files are watched; a recovered watcher says so ("Live · recovered after an error
 * (…)"), a restarting one says what it is doing, anything else says what is wrong.
 */
export function watcherText(status: string, message: string | null): string {
  switch (status) {
    case 'watching':
      return message ? `Live · ${message}` : 'Live';
    case 'polling':
      return message ? `Polling: ${message}` : 'Polling';
    case 'starting':
      return message ?? 'Starting…';
    case 'suspended':
      return message ? `Watching paused: ${message}` : 'Watching paused';
    case 'error':
      return `Watcher error: ${message ?? 'unknown problem'}`;
    default:
      return message ? `${status}: ${message}` : status;
  }
}
