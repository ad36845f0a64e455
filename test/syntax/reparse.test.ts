import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceFile } from '../../src/source/source-file.js';
import { parseSource } from '../../src/syntax/parse-source.js';
import { reparse } from '../../src/syntax/reparse.js';
import type { AitmFile } from '../../src/ast/nodes.js';

/**
 * Issue 16: the language server parses again only the declaration an edit falls in. Whenever
 * `reparse` gives a tree, it must be exactly the tree a full parse of the new text gives.
 */
const files = ['examples/rag-support-assistant.aitm', 'examples/mcp-agent.aitm', 'examples/agent-with-tools.aitm'];
const tree = (ast: AitmFile | undefined) => JSON.parse(JSON.stringify({ statements: ast?.statements, comments: ast?.comments }));
const full = (text: string) => parseSource(new SourceFile('m.aitm', text));

function edited(text: string, at: number, remove: number, insert: string): string {
  return text.slice(0, at) + insert + text.slice(at + remove);
}

describe('reparse', () => {
  it.each(files)('gives what a full parse gives, for any one edit to %s', (file) => {
    const text = fs.readFileSync(file, 'utf8');
    let reused = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: text.length }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('', 'x', '1', ' ', '"', '}', '{', ',', '\n', 'ab_', ': ', '[', ']', 'tool ', '/*', '//'),
        (at, remove, insert) => {
          const next = edited(text, at, remove, insert);
          const previous = full(text).ast!;
          const result = reparse(previous, new SourceFile('m.aitm', next));
          if (!result) return;
          reused++;
          const expected = full(next);
          expect(expected.diagnostics).toEqual([]);
          expect(tree(result)).toEqual(tree(expected.ast));
        },
      ),
      { numRuns: 400, seed: 16 },
    );
    // Most edits inside a declaration are parsed again on their own.
    expect(reused).toBeGreaterThan(100);
  });

  it('parses again only the element edited, deep inside a boundary, and moves what follows', () => {
    const text = fs.readFileSync('examples/mcp-agent.aitm', 'utf8');
    const at = text.indexOf('"Per-user scratchpad"') + 1;
    const next = edited(text, at, 0, 'Shared ');
    const previous = full(text).ast!;
    const untouched = previous.statements[0];
    const result = reparse(previous, new SourceFile('m.aitm', next))!;
    expect(result).toBeDefined();
    expect(result.statements[0]).toBe(untouched);
    expect(tree(result)).toEqual(tree(full(next).ast));
  });

  it('gives up where a full parse is needed: an edit between declarations, a broken declaration', () => {
    const text = 'system "S" {}\n\nboundary b { trust: internal\n  service s\n}\n';
    expect(reparse(full(text).ast!, new SourceFile('m.aitm', text.replace('\n\n', '\n// note\n')))).toBeUndefined();
    expect(reparse(full(text).ast!, new SourceFile('m.aitm', text.replace('trust: internal', 'trust: ')))).toBeUndefined();
  });
});
