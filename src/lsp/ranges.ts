import type { Position, Range } from 'vscode-languageserver';
import type { SourceFile } from '../source/source-file.js';
import type { Span } from '../source/span.js';

/** A span as an LSP range. Both count UTF-16 code units; LSP lines and characters start at 0. */
export function toRange(span: Span): Range {
  return { start: { line: span.line - 1, character: span.column - 1 }, end: { line: span.endLine - 1, character: span.endColumn - 1 } };
}

/**
 * An LSP position as an offset into the text, clamped to its line. A position comes from the
 * client: one before the start (negative), past the end or not a number at all is clamped too,
 * so that no offset outside the text reaches the code that slices the text with it.
 */
export function toOffset(source: SourceFile, position: Position): number {
  const line = index(position.line);
  const start = source.lineStarts[line];
  if (start === undefined) return source.text.length;
  const next = source.lineStarts[line + 1] ?? source.text.length + 1;
  return Math.min(start + index(position.character), next - 1);
}

/** A line or character number as a non-negative integer (0 for anything else). */
function index(value: unknown): number {
  return typeof value === 'number' && value > 0 ? Math.min(Math.floor(value), Number.MAX_SAFE_INTEGER) : 0;
}
