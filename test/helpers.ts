import { expect } from 'vitest';
import { parse } from '../src/compile.js';
import { buildGraph } from '../src/graph/build.js';
import { deriveFacts, type Facts } from '../src/graph/facts.js';
import type { SystemModel } from '../src/semantics/model.js';

/** Parse a model that must be free of errors (warnings allowed: test models are often partial). */
export function model(text: string): SystemModel {
  const result = parse(`system "T" { owner: "t" }\n${text}`, { file: 'test.aitm' });
  expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return result.model;
}

export function facts(text: string): Facts {
  return deriveFacts(buildGraph(model(text)));
}

/** A path as `a > a->b > b`, for readable assertions. */
export function ids(path: readonly { id: string }[]): string {
  return path.map((s) => s.id).join(' > ');
}

/**
 * A value without where it was written: drops `span`, every `*Span` and `*Spans` field, and `file`
 * and `files`, so that models written differently (reformatted, built in TypeScript) compare equal.
 */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'span' || key.endsWith('Span') || key.endsWith('Spans') || key === 'file' || key === 'files') continue;
    out[key] = withoutSpans(item);
  }
  return out;
}
