import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../src/source/source-file.js';

describe('SourceFile', () => {
  it.each([
    ['\\n', 'a\nbc\nd', [0, 2, 5]],
    ['\\r\\n', 'a\r\nbc\r\nd', [0, 3, 7]],
    ['lone \\r', 'a\rbc\rd', [0, 2, 5]],
    ['mixed', 'a\r\n\nb\r', [0, 3, 4, 6]],
  ])('finds line starts with %s breaks', (_, text, starts) => {
    expect(new SourceFile('f', text).lineStarts).toEqual(starts);
  });

  it('maps offsets to 1-based line and column, clamping out-of-range offsets', () => {
    const source = new SourceFile('f', 'ab\r\ncd');
    expect(source.position(0)).toEqual({ line: 1, column: 1 });
    expect(source.position(4)).toEqual({ line: 2, column: 1 });
    expect(source.position(5)).toEqual({ line: 2, column: 2 });
    expect(source.position(99)).toEqual({ line: 2, column: 3 });
    expect(source.position(-5)).toEqual({ line: 1, column: 1 });
  });

  it('makes half-open spans with an exclusive end column', () => {
    expect(new SourceFile('f', 'hello world').span(6, 11)).toEqual({
      file: 'f', offset: 6, length: 5, line: 1, column: 7, endLine: 1, endColumn: 12,
    });
  });

  it('answers the same in any order of questions (it remembers the last line it found)', () => {
    const naive = (text: string, offset: number) => {
      const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
      const lines = before.split(/\r\n|\r|\n/);
      return { line: lines.length, column: lines.at(-1)!.length + 1 };
    };
    const text = fc.array(fc.constantFrom('a', 'bc', '\n', '\r\n', '\r', ' '), { maxLength: 40 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.integer({ min: -2, max: 45 }), { maxLength: 30 }), (t, offsets) => {
        const source = new SourceFile('f', t);
        // A CRLF is one break: an offset between its \r and \n has no line of its own to check.
        const insideBreak = (offset: number) => t[offset - 1] === '\r' && t[offset] === '\n';
        for (const offset of offsets) {
          if (insideBreak(offset) || insideBreak(offset + 3)) continue;
          expect(source.position(offset)).toEqual(naive(t, offset));
          const span = source.span(offset, offset + 3);
          const end = naive(t, offset + 3);
          expect([span.line, span.column, span.endLine, span.endColumn]).toEqual([...Object.values(naive(t, offset)), end.line, end.column]);
        }
      }),
    );
  });

  it('returns line text without its line break', () => {
    const source = new SourceFile('f', 'one\r\ntwo\nthree');
    expect([1, 2, 3, 4].map((n) => source.lineText(n))).toEqual(['one', 'two', 'three', '']);
  });
});
