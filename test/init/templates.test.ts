import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { analyze } from '../../src/engine/analyze.js';
import { format } from '../../src/format/format.js';
import { isTemplateName, starterModel, templateDescriptions, templateNames, type TemplateName } from '../../src/init/templates.js';
import type { ElementKind } from '../../src/semantics/vocabulary.js';

function load(name: TemplateName) {
  const text = starterModel(name);
  const loaded = parse(text, { file: 'x.aitm' });
  // A fixed date keeps the test independent of today's date (no acceptance can expire under it).
  const analysis = loaded.ok ? analyze(loaded.model, { asOf: '2026-11-27' }) : undefined;
  return { text, loaded, analysis };
}

const render = (ds: readonly { code: string; message: string; span?: { line: number } | undefined }[]) =>
  ds.map((d) => `${d.code} ${d.message}${d.span ? ` (line ${d.span.line})` : ''}`);

/** The elements a reader of each architecture expects to find in its starter. */
const expectedKinds: Record<TemplateName, readonly ElementKind[]> = {
  rag: ['actor', 'api', 'service', 'model', 'store', 'dataset'],
  agent: ['actor', 'agent', 'model', 'tool', 'store'],
  'mcp-agent': ['actor', 'agent', 'model', 'tool', 'toolserver', 'store'],
  training: ['dataset', 'pipeline', 'model', 'store'],
  finetune: ['actor', 'api', 'store', 'dataset', 'pipeline', 'model'],
};

describe.each(templateNames)('starter model %s', (name) => {
  it('has no diagnostics at all, from the language or the analysis', () => {
    const { loaded, analysis } = load(name);
    expect(render(loaded.diagnostics)).toEqual([]);
    expect(analysis).toBeDefined();
    expect(render(analysis!.diagnostics)).toEqual([]);
  });

  it('gives at least one open finding on first run', () => {
    const { analysis } = load(name);
    expect(analysis!.findings.filter((f) => f.status === 'open').length).toBeGreaterThan(0);
  });

  it('declares every element inside a boundary', () => {
    const { loaded } = load(name);
    const outside = loaded.model.elements.filter((e) => e.boundary === undefined).map((e) => `${e.kind} ${e.id}`);
    expect(outside).toEqual([]);
  });

  it('uses the elements typical of its architecture', () => {
    const kinds = new Set(load(name).loaded.model.elements.map((e) => e.kind));
    for (const kind of expectedKinds[name]) expect(kinds, kind).toContain(kind);
  });

  it('shows each part of the language: an outside and an internal boundary, flows with data, controls and a decision', () => {
    const { model } = load(name).loaded;
    expect(model.system?.properties.owner).toBeDefined();
    expect(model.system?.properties.practices?.length).toBeGreaterThan(0);
    const trusts = new Set(model.boundaries.map((b) => b.trust));
    expect(trusts.has('untrusted') || trusts.has('external')).toBe(true);
    expect(trusts.has('internal')).toBe(true);
    expect(model.data.length).toBeGreaterThan(0);
    expect(model.flows.length).toBeGreaterThan(0);
    expect(model.flows.every((f) => f.carries.length > 0)).toBe(true);
    expect(model.elements.flatMap((e) => e.controls).length).toBeGreaterThanOrEqual(2);
    expect(model.dispositions.some((d) => d.kind === 'mitigate' && d.properties.by)).toBe(true);
  });

  it('teaches through comments and stays starter-sized', () => {
    const { text } = load(name);
    const lines = text.split('\n');
    expect(lines.filter((line) => line.trimStart().startsWith('//')).length).toBeGreaterThanOrEqual(10);
    expect(text).toMatch(/replace with your team/);
    expect(lines.length).toBeGreaterThanOrEqual(40);
    expect(lines.length).toBeLessThanOrEqual(90);
    expect(text.endsWith('\n')).toBe(true);
  });

  // A fresh project that adds `aitm fmt --check` to CI must not fail on the file `aitm init` wrote.
  it('is already in the layout aitm fmt writes', () => {
    const text = starterModel(name);
    expect(format(text, { file: 'x.aitm' }).text).toBe(text);
  });

  it('is deterministic', () => {
    expect(starterModel(name)).toBe(starterModel(name));
  });

  it('is described and recognised by name', () => {
    expect(templateDescriptions[name]).toBeTruthy();
    expect(isTemplateName(name)).toBe(true);
  });
});

describe('the set of templates', () => {
  it('gives each template its own system name', () => {
    const names = templateNames.map((name) => load(name).loaded.model.system?.name);
    expect(names.every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
    expect(new Set(names).size).toBe(templateNames.length);
  });

  it('rejects names that are not templates', () => {
    expect(isTemplateName('chatbot')).toBe(false);
    expect(isTemplateName('')).toBe(false);
    expect(isTemplateName('RAG')).toBe(false);
  });
});
