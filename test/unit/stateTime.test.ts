import { describe, expect, it } from 'vitest';
import { readStateContent } from '../../shared/stateTime';

describe('readStateContent', () => {
  it.each([
    ['JSON updatedAt', 'a.json', '{"updatedAt":"2026-11-20T05:30:00Z"}', Date.parse('2026-11-20T05:30:00Z'), 'updatedAt'],
    ['front matter updated', 'b.md', '---\nupdated: 2026-11-20T06:55:00Z\ntitle: x\n---\n# Hi', Date.parse('2026-11-20T06:55:00Z'), 'front-matter'],
    ['front matter last_updated', 'b.md', '---\nlast_updated: "2026-11-19T06:00:00Z"\n---\n', Date.parse('2026-11-19T06:00:00Z'), 'front-matter'],
    ['JSON without a time', 'a.json', '{"x":1}', null, null],
    ['broken JSON', 'a.json', '{"updatedAt":', null, null],
    ['JSON with a bad time', 'a.json', '{"updatedAt":"never"}', null, null],
    ['markdown without front matter', 'c.md', '# Title\nupdated: 2026-11-20', null, null],
    ['front matter that is not YAML', 'c.md', '---\n: : [\n---\n', null, null],
    ['plain text', 'd.txt', 'hello', null, null],
  ])('%s', (_name, path, text, time, source) => {
    const content = readStateContent(path, text);
    expect(content.time).toBe(time);
    expect(content.source).toBe(source);
  });

  it('returns a watchlist entities list', () => {
    expect(readStateContent('w.json', '{"entities":["client:acme",{"entity":"client:b","since":"2026-11-01T00:00:00Z"}]}').entities).toHaveLength(2);
  });
});
