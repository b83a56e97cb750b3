// A problem found while building firmware: where it is (file:line:column), what is wrong and what to write
// instead. Type errors, refused constructs and the emitted-code check all report in this one shape.
import { relative } from 'node:path';
import { EspkitError } from '../../core/errors.ts';

export interface BuildDiagnostic {
  /** Path of the file, relative to the project root when it lies inside it. */
  file: string;
  /** 1-based line and column. */
  line: number;
  column: number;
  /** What is wrong, one sentence. */
  message: string;
  /** What to write instead, when there is a known replacement. */
  hint?: string;
  /**
   * 'type' (TypeScript), 'refused' (Espruino cannot run it), 'emitted' (the output check), or 'warning':
   * it runs, but gives another result than in Node (warnings.ts); a warning does not fail the build.
   */
  kind: 'type' | 'refused' | 'emitted' | 'warning';
}

export function formatDiagnostic(d: BuildDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

/** A warning as `espkit build` prints it on stderr. */
export function formatWarning(d: BuildDiagnostic): string {
  return `warning: ${formatDiagnostic(d)}`;
}

/** Paths in messages are relative to the project root, so they stay short and clickable. */
export function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') ? file : rel;
}

/** The build failed for these reasons; the message is the first one (and how many more there are). */
export class BuildError extends EspkitError {
  readonly diagnostics: BuildDiagnostic[];
  constructor(diagnostics: BuildDiagnostic[]) {
    const first = diagnostics[0];
    const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more)` : '';
    super(first ? `${formatDiagnostic(first)}${more}` : 'the firmware build failed');
    this.name = 'BuildError';
    this.diagnostics = diagnostics;
  }
}
