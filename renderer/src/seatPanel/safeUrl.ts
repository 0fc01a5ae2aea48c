/**
 * Which URLs in an untrusted message body may become links (docs/architecture.md,
 * "House style": message bodies are untrusted). Parsed with the browser's own URL parser, so tab-split, mixed-case and entity-decoded
 * `javascript:` end up with the protocol the browser would see, and are refused.
 */

const LINK_PROTOCOLS = new Set(['https:', 'mailto:']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    // Relative URLs have no base here on purpose: a body cannot point into the app.
    return null;
  }
}

/** The href to render for a link, or null when it must stay plain text. */
export function safeLinkHref(url: string | null | undefined): string | null {
  if (!url) return null;
  const parsed = parse(url);
  return parsed && LINK_PROTOCOLS.has(parsed.protocol) ? parsed.href : null;
}

/** What an image placeholder shows: never loaded; only an https image may be opened externally. */
export interface ImageTarget {
  /** The URL to open on request (https only), else null. */
  openUrl: string | null;
  /** Where it would load from, for the placeholder's text. */
  label: string;
}

export function imageTarget(url: string | null | undefined): ImageTarget {
  const parsed = url ? parse(url) : null;
  if (!parsed) return { openUrl: null, label: 'an unknown source' };
  if (parsed.protocol === 'https:') return { openUrl: parsed.href, label: parsed.host };
  if (parsed.protocol === 'http:') return { openUrl: null, label: `${parsed.host} (insecure http)` };
  return { openUrl: null, label: `an inline ${parsed.protocol.replace(/:$/, '')}: source` };
}

/**
 * react-markdown's urlTransform. Links keep only safe hrefs (the rest become ''); image sources
 * pass through untouched because our image component never creates an <img>, it only shows where
 * the image would have come from.
 */
export function markdownUrlTransform(url: string, key: string): string {
  if (key === 'src') return url;
  return safeLinkHref(url) ?? '';
}
