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

/** A value with every position left out (`span`, `idSpan`, `propertySpans`, ...): what it means, not where it was written. */
export function withoutSpans<T>(value: T): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !/spans?$/i.test(key)).map(([key, v]) => [key, withoutSpans(v)]));
}
