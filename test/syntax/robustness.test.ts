import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { seed } from './inputs.js';

/**
 * Inputs too large or too particular for the fuzz campaign: whatever the input, parse() returns
 * diagnostics (never throws), and every span lies inside the input. Arbitrary strings, strings of
 * the language's tokens and edits of the examples are among the campaign's inputs
 * (test/fuzz/properties.ts), which run the whole pipeline on them.
 */

function expectSpansInside(text: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const spans = [d.span, ...(d.related ?? []).map((r) => r.span)];
    for (const span of spans) {
      if (!span || span.file !== '<input>') continue;
      expect(span.offset).toBeGreaterThanOrEqual(0);
      expect(span.length).toBeGreaterThanOrEqual(0);
      expect(span.offset + span.length).toBeLessThanOrEqual(text.length);
      expect(span.line).toBeGreaterThanOrEqual(1);
      expect(span.column).toBeGreaterThanOrEqual(1);
    }
    expect(d.message.length).toBeGreaterThan(0);
  }
}

function check(text: string): void {
  const result = parse(text);
  expectSpansInside(text, result.diagnostics);
  expect(result.ok).toBe(!result.diagnostics.some((d) => d.severity === 'error'));
}

describe('robustness', () => {
  it('survives deep nesting and long tokens without a stack overflow', () => {
    check('system "S" {}\nboundary b { trust: internal\n' + 'boundary x { '.repeat(5000) + '}'.repeat(5000) + '}');
    check('data d { kind: ' + '['.repeat(100_000) + ' }');
    check('data ' + 'a'.repeat(200_000) + ' {}');
    check('data d "' + 'a'.repeat(200_000));
  });

  it('handles the seed model with CRLF line endings, a BOM and tabs identically', () => {
    const variants = [seed, '\uFEFF' + seed, seed.replace(/\n/g, '\r\n'), seed.replace(/^ {2}/gm, '\t')];
    const models = variants.map((v) => parse(v));
    for (const result of models) expect(result.diagnostics.map((d) => d.code)).toEqual(models[0]!.diagnostics.map((d) => d.code));
    const ids = (r: ReturnType<typeof parse>) => r.model.elements.map((e) => [e.id, e.label, e.span.line]);
    for (const result of models) expect(ids(result)).toEqual(ids(models[0]!));
  });
});
