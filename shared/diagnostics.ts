/** Problems found in files on disk, always with the file (and line where known). */

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Fleet-relative path of the file the problem is in. */
  file: string;
  line: number | null;
  column: number | null;
  severity: Severity;
  message: string;
}

export function diagnostic(
  file: string,
  severity: Severity,
  message: string,
  line: number | null = null,
  column: number | null = null,
): Diagnostic {
  return { file, line, column, severity, message };
}

/** `fleet.yaml:12:3` style location for messages. */
export function formatLocation(d: Pick<Diagnostic, 'file' | 'line' | 'column'>): string {
  if (d.line == null) return d.file;
  return d.column == null ? `${d.file}:${d.line}` : `${d.file}:${d.line}:${d.column}`;
}
