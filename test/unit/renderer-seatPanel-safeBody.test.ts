/**
 * Message bodies are untrusted: whatever an agent writes renders to markup with no script,
 * no raw HTML element, no event handler, no remote load and no link outside https and mailto.
 * The browser-level checks (sentinel, network, navigation) are in test/e2e/seatPanel.spec.ts.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MessageBody } from '../../renderer/src/seatPanel/MessageBody';
import { imageTarget, markdownUrlTransform, safeLinkHref } from '../../renderer/src/seatPanel/safeUrl';
import { HOSTILE_BODIES } from '../fixtures/hostileBodies';

const render = (body: string) => renderToStaticMarkup(createElement(MessageBody, { body }));

describe('safeLinkHref', () => {
  it.each([
    ['https://example.com/a?b=1', 'https://example.com/a?b=1'],
    ['mailto:ops@example.com', 'mailto:ops@example.com'],
    ['HTTPS://Example.com', 'https://example.com/'],
    ['http://example.com', null],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['jav\tascript:alert(1)', null],
    ['  javascript:alert(1)', null],
    ['data:text/html,<script>x</script>', null],
    ['vbscript:msgbox', null],
    ['file:///etc/passwd', null],
    ['relative/path', null],
    ['//evil.example/x', null],
    ['', null],
  ])('%j → %j', (url, expected) => expect(safeLinkHref(url)).toBe(expected));

  it('transforms only links; image sources pass to a component that never loads them', () => {
    expect(markdownUrlTransform('javascript:x', 'href')).toBe('');
    expect(markdownUrlTransform('https://e.example/p.png', 'src')).toBe('https://e.example/p.png');
    expect(imageTarget('https://e.example/p.png')).toEqual({ openUrl: 'https://e.example/p.png', label: 'e.example' });
    expect(imageTarget('http://e.example/p.png').openUrl).toBeNull();
    expect(imageTarget('data:image/svg+xml,<svg/>').openUrl).toBeNull();
  });
});

describe('MessageBody', () => {
  it('renders markdown: emphasis, lists, safe links opened outside the app', () => {
    const html = render('Confirmed: **no upsell**.\n\n- until Friday\n\n[report](https://example.com/r) and [mail](mailto:a@example.com)');
    expect(html).toContain('<strong>no upsell</strong>');
    expect(html).toContain('<li>until Friday</li>');
    expect(html).toContain('href="https://example.com/r" target="_blank" rel="noopener noreferrer"');
    expect(html).toContain('href="mailto:a@example.com"');
  });

  it('shows a placeholder for images instead of loading them', () => {
    const html = render('![chart](https://evil.example/track.gif)');
    expect(html).not.toContain('<img');
    expect(html).toContain('Remote image: evil.example — open externally');
  });

  it.each(HOSTILE_BODIES.map((item) => [item.name, item.body]))('%s renders nothing active', (_name, body) => {
    const html = render(body);
    expect(html).not.toMatch(/<(script|iframe|object|embed|form|base|meta|link|style|svg|math|img|input|button type="submit")\b/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\s(href|src|action|data)="(?!https:|mailto:)/i);
    expect(html).not.toMatch(/evil\.example\/(?!track\.gif)/);
  });

  it('renders a body of 256 KB in chunks, the first at once', () => {
    const body = `# Big\n\n${'A line of a long report with **bold** text.\n\n'.repeat(6000)}`;
    const html = render(body);
    expect(html).toContain('<h1>Big</h1>');
    expect(html).toContain('Rendering…');
    expect(html.length).toBeLessThan(body.length);
  });
});
