import { describe, expect, it } from 'vitest';
import { parseWithSyntax } from '../../src/compile.js';
import { prepareCatalog } from '../../src/engine/analyze.js';
import { complete } from '../../src/lsp/completion.js';
import type { DocumentState } from '../../src/lsp/document-state.js';
import { toOffset } from '../../src/lsp/ranges.js';
import { SymbolIndex } from '../../src/lsp/symbol-index.js';
import { SourceFile } from '../../src/source/source-file.js';

const catalog = prepareCatalog().catalog;

function state(text: string): DocumentState {
  const loaded = parseWithSyntax(text, { file: 'doc.aitm' });
  return { file: 'doc.aitm', text, loaded, analysis: undefined, asOf: '2026-06-01', symbols: new SymbolIndex(loaded.syntax) };
}

/** Found by the fuzz campaign: both made a completion request take seconds (time quadratic in the line). */
describe('completion on input no editor should send', () => {
  it('answers at once on a line far longer than anyone types (nothing to offer there)', () => {
    const line = `system "S" { tags: [${'tags: ['.repeat(40_000)}${']'.repeat(40_000)}`;
    // Before, a pattern backtracked over the whole line from each of its names: about 10^10 steps, minutes (the test would time out).
    expect(complete(state(line), line.length, catalog)).toEqual([]);
  });

  it('still completes on an ordinary line', () => {
    const text = 'system "S" { owner: "o" }\nboundary b {\n  trust: \n}\n';
    expect(complete(state(text), text.indexOf('trust: ') + 7, catalog).map((c) => c.label)).toContain('internal');
  });
});

describe('LSP positions to offsets', () => {
  const source = new SourceFile('doc.aitm', 'ab\ncd\n');
  it.each([
    [{ line: 0, character: 1 }, 1],
    [{ line: 1, character: 99 }, 5],
    [{ line: 9, character: 0 }, 6],
    // A negative character was a negative offset: the text was then sliced from its far end.
    [{ line: 1, character: -5 }, 3],
    [{ line: -1, character: -1 }, 0],
    [{ line: Number.NaN, character: Number.POSITIVE_INFINITY }, 2],
    [{ line: '1', character: null }, 0],
    [{ line: 1.7, character: 1.2 }, 4],
  ] as [{ line: number; character: number }, number][])('%o is offset %i', (position, offset) => {
    expect(toOffset(source, position)).toBe(offset);
  });
});
