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

  it('returns line text without its line break', () => {
    const source = new SourceFile('f', 'one\r\ntwo\nthree');
    expect([1, 2, 3, 4].map((n) => source.lineText(n))).toEqual(['one', 'two', 'three', '']);
  });
});
