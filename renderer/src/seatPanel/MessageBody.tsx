/**
 * An untrusted message body as markdown. react-markdown builds React
 * elements from a syntax tree: no raw HTML (`skipHtml`, and no raw-HTML plugin), no innerHTML. Links
 * render only for https: and mailto: and open outside the app; images never load, a placeholder
 * offers to open an https image externally. Big bodies render chunk by chunk so the window stays live.
 */
import { memo, useEffect, useMemo, useState, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import { splitMarkdown } from './bodyChunks';
import { imageTarget, markdownUrlTransform, safeLinkHref } from './safeUrl';

function openExternally(url: string): void {
  // Under Electron the main process opens it in the system browser after its own scheme check.
  window.open(url, '_blank', 'noopener,noreferrer');
}

function SafeLink({ href, children, title }: { href?: string; children?: ReactNode; title?: string }) {
  const safe = safeLinkHref(href);
  if (!safe) {
    return (
      <span className="md-blocked-link" title="Link not opened: only https and mailto links are allowed">
        {children}
      </span>
    );
  }
  return (
    <a href={safe} target="_blank" rel="noopener noreferrer" title={title ?? safe}>
      {children}
    </a>
  );
}

function ImagePlaceholder({ src, alt }: { src?: string | Blob; alt?: string }) {
  const target = imageTarget(typeof src === 'string' ? src : null);
  const label = alt ? `“${alt}”` : 'Image';
  if (!target.openUrl) {
    return (
      <span className="md-image md-image--blocked" role="img" aria-label={`${label} not loaded, from ${target.label}`}>
        {label} not loaded: from {target.label}
      </span>
    );
  }
  const url = target.openUrl;
  return (
    <button type="button" className="md-image" onClick={() => openExternally(url)} title={url}>
      Remote image: {target.label} — open externally
      {alt ? <span className="md-image-alt"> ({alt})</span> : null}
    </button>
  );
}

const components: Components = {
  a: ({ href, children, title }) => <SafeLink href={href} title={title}>{children}</SafeLink>,
  img: ({ src, alt }) => <ImagePlaceholder src={src} alt={alt} />,
};

const Chunk = memo(function Chunk({ text }: { text: string }) {
  return (
    <Markdown skipHtml urlTransform={markdownUrlTransform} components={components}>
      {text}
    </Markdown>
  );
});

export function MessageBody({ body }: { body: string }) {
  const chunks = useMemo(() => splitMarkdown(body), [body]);
  const [shown, setShown] = useState(1);
  useEffect(() => setShown(1), [chunks]);
  useEffect(() => {
    if (shown >= chunks.length) return;
    // One chunk per task: input and painting get their turn in between.
    const timer = window.setTimeout(() => setShown((n) => n + 1), 0);
    return () => window.clearTimeout(timer);
  }, [shown, chunks.length]);

  if (!body.trim()) return <p className="message-empty">This message has no body.</p>;
  return (
    <>
      {chunks.slice(0, shown).map((chunk, index) => (
        <Chunk key={index} text={chunk} />
      ))}
      {shown < chunks.length && (
        <p className="message-rendering" role="status">
          Rendering… {Math.round((shown / chunks.length) * 100)}%
        </p>
      )}
    </>
  );
}
