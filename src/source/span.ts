/**
 * A region of one source file. Offsets are UTF-16 code units, half-open (`offset + length` is the
 * first unit after the region). Line and column are 1-based; `endColumn` is exclusive, so an empty
 * span has `column === endColumn`. Line/column are filled in when the span is made, from the token
 * positions the lexer already tracks, so consumers never need the source text to show a location.
 */
export interface Span {
  readonly file: string;
  readonly offset: number;
  readonly length: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** The smallest span covering both `a` and `b` (which must be in the same file, `a` first). */
export function joinSpans(a: Span, b: Span): Span {
  const aEnd = a.offset + a.length;
  const bEnd = b.offset + b.length;
  if (bEnd <= aEnd) return a;
  return {
    file: a.file,
    offset: a.offset,
    length: bEnd - a.offset,
    line: a.line,
    column: a.column,
    endLine: b.endLine,
    endColumn: b.endColumn,
  };
}

export function spanContains(outer: Span, inner: Span): boolean {
  return (
    outer.file === inner.file &&
    inner.offset >= outer.offset &&
    inner.offset + inner.length <= outer.offset + outer.length
  );
}
