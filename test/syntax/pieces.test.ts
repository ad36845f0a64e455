import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateModel } from '../../bench/generate.js';
import { SourceFile } from '../../src/source/source-file.js';
import { FileLexer, tokenize } from '../../src/syntax/lexer.js';
import { parseSource } from '../../src/syntax/parse-source.js';
import { examples, mutation } from './inputs.js';

/**
 * The parser lexes and parses a file a piece at a time, to let tokens go early. Wherever the
 * pieces are cut, the tree and the diagnostics must be exactly those of the whole file at once.
 */

const source = (text: string) => new SourceFile('<input>', text);
/** The result with its file's text in place of the `SourceFile`, whose line-lookup hint depends on what was asked of it before. */
const inPieces = (text: string, pieceSize: number) => {
  const { ast, diagnostics } = parseSource(source(text), { pieceSize });
  return { ast: ast && { ...ast, source: ast.source.text }, diagnostics };
};
const whole = (text: string) => inPieces(text, Infinity);

function expectSameParse(text: string, pieceSizes: readonly number[] = [1, 9, 50]): void {
  const expected = whole(text);
  for (const pieceSize of pieceSizes) expect(inPieces(text, pieceSize)).toEqual(expected);
}

const pieceCount = (text: string, size: number) => [...new FileLexer(source(text)).pieces(size)].length;

/** Cases chosen to put a cut where a token, a statement or a nesting level continues. */
const cases: Record<string, string> = {
  'a statement over several lines': 'boundary b { trust: internal\nmodel m\n"label"\n{ type: llm }\n}\ndata d\n{ pii: true }\nflow a\n-> m\n',
  'a block comment over cut points': 'data a\n/* one\nmodel x\nflow y\n*/\ndata b\n/* two */ /* three\nboundary z\n*/\ndata c\n',
  'a block comment never closed': 'data a\ndata b\n/* open\nmodel x\nflow y\n',
  'a syntax error after clean statements': 'data a\ndata b\nflow f:\nmodel m\ndata c { pii: }\ndata d\n',
  'an unclosed boundary': 'boundary b { trust: internal\nmodel m\ndata d\nflow a -> b\n',
  'an unterminated string and a stray character': 'data a "open\ndata b\n@\ndata c "x\\q"\n',
  'nesting too deep halfway': 'data a\n' + 'boundary x {\n'.repeat(70) + 'data b\n',
};

describe('lexing and parsing in pieces', () => {
  it.each(Object.entries(cases))('gives the same tree and diagnostics for %s', (_, text) => {
    expect(pieceCount(text, 1)).toBeGreaterThan(1);
    expectSameParse(text);
  });

  it('cuts pieces only where a line starts with a letter, and after a comment that spans the cut', () => {
    const text = cases['a block comment over cut points']!;
    const starts = [...new FileLexer(source(text)).pieces(1)].map((piece) => text.slice(piece[0]!.startOffset).split('\n')[0]);
    expect(starts).toEqual(['data a', 'data b', 'data c']);
  });

  it('gives the tokens, comments and diagnostics of lexing the whole text at once', () => {
    for (const text of Object.values(cases)) {
      const lexer = new FileLexer(source(text));
      const tokens = [...lexer.pieces(1)].flat();
      const all = tokenize(source(text));
      const view = (t: { image: string; startOffset: number; tokenType: { name: string } }) => [t.image, t.startOffset, t.tokenType.name];
      expect(tokens.map(view)).toEqual(all.tokens.map(view));
      expect(lexer.comments.map(view)).toEqual(all.comments.map(view));
      expect(lexer.diagnostics).toEqual(all.diagnostics);
      expect(lexer.parseable).toBe(all.parseable);
    }
  });

  it('parses every example and a generated model the same in pieces', () => {
    for (const text of [...examples, generateModel(200)]) {
      expect(pieceCount(text, 200)).toBeGreaterThan(2);
      expectSameParse(text, [1, 200, 4096]);
    }
  });

  it.each(examples.slice(0, 3).map((text, i) => [i, text] as const))('parses edits of example %i the same in pieces', (_, text) => {
    fc.assert(
      fc.property(mutation(text), fc.integer({ min: 1, max: 400 }), (edited, size) => {
        expect(inPieces(edited, size)).toEqual(whole(edited));
      }),
      { numRuns: 60 },
    );
  });

  it('parses token soup with statements at line starts the same in pieces', () => {
    const token = fc.constantFrom('data', 'boundary', 'flow', 'mitigate', 'on', 'model', 'x', '"s"', '{', '}', '[', ']', ':', ',', '->', '/*', '*/', '// c');
    const line = fc.array(token, { minLength: 1, maxLength: 6 }).map((t) => t.join(' '));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.integer({ min: 1, max: 40 }), (lines, size) => {
        const text = lines.join('\n');
        expect(inPieces(text, size)).toEqual(whole(text));
      }),
      { numRuns: 300 },
    );
  });
});
