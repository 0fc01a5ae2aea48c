/**
 * A 256 KB body parsed as markdown in one go blocks the window for about a second (docs/platform-notes.md:
 * ~4 ms per 1.2 KB), so big bodies are split at blank lines outside code fences and rendered chunk
 * by chunk. Small bodies (nearly all) stay one chunk and render exactly as written.
 */
export const CHUNK_CHARS = 16 * 1024;

export function splitMarkdown(body: string, chunkChars = CHUNK_CHARS): string[] {
  if (body.length <= chunkChars) return [body];
  const chunks: string[] = [];
  let start = 0;
  let inFence = false;
  let lastBreak = -1;
  let index = 0;
  while (index < body.length) {
    const end = body.indexOf('\n', index);
    const lineEnd = end === -1 ? body.length : end;
    const line = body.slice(index, lineEnd);
    if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
    else if (!inFence && line.trim() === '') lastBreak = lineEnd;
    index = lineEnd + 1;
    if (index - start >= chunkChars) {
      // Cut at the last blank line; with none (one huge paragraph) cut at this line's end.
      const cut = lastBreak > start ? lastBreak : Math.min(index, body.length);
      chunks.push(body.slice(start, cut));
      start = cut;
      lastBreak = -1;
    }
  }
  if (start < body.length) chunks.push(body.slice(start));
  return chunks.flatMap((chunk) => (chunk.length > 2 * chunkChars ? splitLongText(chunk, chunkChars) : [chunk]));
}

/** One enormous line (no blank lines to cut at): cut at spaces, or hard when there are none. */
function splitLongText(text: string, chunkChars: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > chunkChars) {
    const space = text.lastIndexOf(' ', start + chunkChars);
    const cut = space > start ? space + 1 : start + chunkChars;
    pieces.push(text.slice(start, cut));
    start = cut;
  }
  pieces.push(text.slice(start));
  return pieces;
}
