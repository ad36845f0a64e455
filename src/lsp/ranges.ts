import type { Position, Range } from 'vscode-languageserver';
import type { SourceFile } from '../source/source-file.js';
import type { Span } from '../source/span.js';

/** A span as an LSP range. Both count UTF-16 code units; LSP lines and characters start at 0. */
export function toRange(span: Span): Range {
  return { start: { line: span.line - 1, character: span.column - 1 }, end: { line: span.endLine - 1, character: span.endColumn - 1 } };
}

/** An LSP position as an offset into the text (clamped to its line). */
export function toOffset(source: SourceFile, position: Position): number {
  const start = source.lineStarts[position.line];
  if (start === undefined) return source.text.length;
  const next = source.lineStarts[position.line + 1] ?? source.text.length + 1;
  return Math.min(start + position.character, next - 1);
}
