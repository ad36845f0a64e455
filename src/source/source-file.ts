import type { Span } from './span.js';

/**
 * The text of one file plus the index of its line starts. Line breaks are `\n`, `\r\n` and a lone
 * `\r`, the same set the lexer counts, so both agree on line numbers. The index is made when a
 * position is first asked for: most files read without a problem never need one.
 */
export class SourceFile {
  private starts: readonly number[] | undefined;
  private lastLine = 0;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  /** The offset each line starts at. */
  get lineStarts(): readonly number[] {
    return (this.starts ??= lineStartsOf(this.text));
  }

  /** 1-based line and column of a UTF-16 offset (clamped into the text). */
  position(offset: number): { line: number; column: number } {
    const clamped = this.clamp(offset);
    const index = this.lineIndex(clamped);
    return { line: index + 1, column: clamped - this.lineStarts[index]! + 1 };
  }

  /** A span for the half-open range [start, end). */
  span(start: number, end: number): Span {
    // Called for every token the parser keeps, so no intermediate position objects.
    const from = this.clamp(start);
    const to = this.clamp(Math.max(start, end));
    const line = this.lineIndex(from);
    const endLine = to === from ? line : this.lineIndex(to);
    return {
      file: this.path,
      offset: start,
      length: Math.max(0, end - start),
      line: line + 1,
      column: from - this.lineStarts[line]! + 1,
      endLine: endLine + 1,
      endColumn: to - this.lineStarts[endLine]! + 1,
    };
  }

  /** The span of a syntax node (anything with `start` and `end` offsets). */
  spanOf(range: { readonly start: number; readonly end: number }): Span {
    return this.span(range.start, range.end);
  }

  private clamp(offset: number): number {
    return Math.max(0, Math.min(offset, this.text.length));
  }

  /** The 0-based index of the line holding `offset`. */
  private lineIndex(offset: number): number {
    const starts = this.lineStarts;
    // Spans are mostly asked for in text order: try the line of the last answer and the next first.
    const hint = this.lastLine;
    if (starts[hint]! <= offset) {
      if (hint + 1 >= starts.length || offset < starts[hint + 1]!) return hint;
      if (hint + 2 >= starts.length || offset < starts[hint + 2]!) return (this.lastLine = hint + 1);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return (this.lastLine = low);
  }

  /** The text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const next = this.lineStarts[line];
    let end = next ?? this.text.length;
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return this.text.slice(start, end);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // The usual case, and several times faster: indexOf searches many characters at a time.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  } else {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
  }
  return starts;
}
