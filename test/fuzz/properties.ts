import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LoadedCatalog } from '../../src/catalog/load-catalog.js';
import { parseWithSyntax } from '../../src/compile.js';
import { diagnosticCodes } from '../../src/diagnostics/codes.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { diffModels } from '../../src/diff/diff.js';
import { analyze, prepareCatalog, type AnalysisResult } from '../../src/engine/analyze.js';
import { format } from '../../src/format/format.js';
import { toCycloneDxJson } from '../../src/interop/cyclonedx.js';
import { toOtm, toOtmJson } from '../../src/interop/otm-export.js';
import { fromOtm } from '../../src/interop/otm-import.js';
import { memoryHost } from '../../src/load/file-host.js';
import { complete } from '../../src/lsp/completion.js';
import { documentDiagnostics } from '../../src/lsp/diagnostics.js';
import type { DocumentState } from '../../src/lsp/document-state.js';
import { hover } from '../../src/lsp/hover.js';
import { outline } from '../../src/lsp/outline.js';
import { toOffset } from '../../src/lsp/ranges.js';
import { SymbolIndex } from '../../src/lsp/symbol-index.js';
import { diffToMarkdown } from '../../src/render/diff-markdown.js';
import { toHtml } from '../../src/render/html.js';
import { toJsonReport } from '../../src/render/json-report.js';
import { toMarkdown } from '../../src/render/markdown.js';
import { attackPathMermaid, toMermaid, toMermaidDiagrams } from '../../src/render/mermaid.js';
import { toSarif } from '../../src/render/sarif.js';
import type { SystemModel } from '../../src/semantics/model.js';
import { SourceFile } from '../../src/source/source-file.js';
import { tokenize } from '../../src/syntax/lexer.js';
import { Comma } from '../../src/syntax/tokens.js';
import { markdownTableProblems } from '../render/markdown-tables.js';
import { examples, languageTokens, mutation as characterMutation } from '../syntax/inputs.js';
import { modelFiles, randomModel, validModels, type GeneratedModel } from './models.js';
import { mutate, mutations } from './mutations.js';
import { hostileTexts, Random } from './random.js';
import { jsonMutations, mutateJson } from './json-mutations.js';

/**
 * The properties of the fuzz campaign, each an arbitrary and a check that throws on a violation.
 * The same definitions serve the bounded, seeded run in `npm test` (test/fuzz/fuzz.test.ts) and the
 * long one (`npm run fuzz -- --runs N`, scripts/fuzz.ts).
 */
export interface FuzzProperty<T = unknown> {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<T>;
  readonly check: (input: T) => void;
  /** Its share of the runs of the long campaign. */
  readonly weight: number;
}

const file = 'fuzz.aitm';
const asOf = '2026-06-01';
const catalog = prepareCatalog();

// ---- inputs ----------------------------------------------------------------------------------------

interface ModelInput {
  readonly text: string;
  readonly files: Record<string, string>;
}

const valid = validModels().map(({ model, layoutSeed }): ModelInput & { model: GeneratedModel } => ({ ...modelFiles(model, layoutSeed), model }));
/**
 * Broken models: generated ones with token mutations, mostly; and the examples with small edits,
 * strings of the language's tokens, and arbitrary strings (the inputs test/syntax/inputs.ts makes).
 */
const mutated = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(validModels(), mutations).map(([{ model, layoutSeed }, edits]): ModelInput => modelFiles({ ...model, tokens: mutate(model.tokens, edits) }, layoutSeed)),
  },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.constantFrom(...examples).chain(characterMutation), languageTokens, fc.string({ unit: 'binary', maxLength: 300 }))
      .map((text): ModelInput => ({ text, files: {} })),
  },
);

// ---- checks ----------------------------------------------------------------------------------------

/** Every diagnostic has a known code, a message and a location inside a file that was read. */
function assertLocated(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, { readonly text: string }>): void {
  for (const d of diagnostics) {
    assert.ok(Object.hasOwn(diagnosticCodes, d.code), `unknown code ${d.code}`);
    assert.ok(d.message.length > 0, `${d.code} without a message`);
    assert.ok(d.span, `${d.code} ${d.message}: no location`);
    for (const span of [d.span, ...(d.related ?? []).map((r) => r.span)]) {
      const source = sources.get(span.file);
      assert.ok(source, `${d.code} ${d.message}: in ${span.file}, which was not read`);
      assert.ok(span.offset >= 0 && span.length >= 0 && span.offset + span.length <= source.text.length, `${d.code} ${d.message}: span ${span.offset}+${span.length} outside ${source.text.length} characters`);
      assert.ok(span.line >= 1 && span.column >= 1 && span.endLine >= span.line, `${d.code} ${d.message}: bad line or column`);
    }
  }
}

/** The lines a flowchart is made of; a label that broke out of its quotes makes a line that is none of them. */
const mermaidLine = new RegExp(
  [
    '^flowchart (LR|TB|RL|BT)$',
    '^ *[a-z]+\\d*[[({>/\\\\]{1,2}"[^"\\n]*"[\\])}/\\\\]{1,2}$',
    '^ *subgraph [a-z]+\\d*\\["[^"\\n]*"\\]$',
    '^ *end$',
    '^ *[a-z]\\d+ (-->|<-->|-\\.->)(\\|"[^"\\n]*"\\|)? [a-z]\\d+$',
    '^ *classDef (critical|high|medium|low) [a-z0-9:#,]+$',
    '^ *class [a-z0-9,]+ (critical|high|medium|low)$',
  ].join('|'),
);
function assertMermaid(text: string): void {
  for (const line of text.trimEnd().split('\n')) assert.match(line, mermaidLine, `a Mermaid line that is not one of the flowchart lines aitm writes: ${line}`);
}

/** The tags the HTML report is made of: user text that became a tag would add one, or an attribute starting with `on`. */
const htmlTags = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'h3', 'p', 'pre', 'label', 'select', 'option', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'br', 'code', 'details', 'summary', 'span', 'ul', 'li', 'script', 'noscript', 'div', 'button']);
function assertHtml(page: string): void {
  const scripts = page.split('<script>');
  assert.equal(scripts.length, 3, 'exactly the two scripts of the page besides its data block');
  const markup = scripts[0]!;
  for (const [, tag] of markup.matchAll(/<\/?([!a-zA-Z][a-zA-Z0-9-]*)/g)) assert.ok(htmlTags.has(tag!.toLowerCase()), `a <${tag}> tag in the report`);
  assert.doesNotMatch(markup, /<[^>]*\son[a-z]+\s*=/i, 'an event handler attribute in the report');
  assert.doesNotMatch(markup, /href\s*=\s*["']?\s*javascript:/i, 'a javascript: link in the report');
}

function assertMarkdown(text: string): void {
  assert.deepEqual(markdownTableProblems(text), []);
}

/** A document state as the language server builds it, from what the pipeline already made. */
function documentState(text: string, loaded: ReturnType<typeof parseWithSyntax>, analysis: AnalysisResult | undefined): DocumentState {
  return { file, text, loaded, analysis, asOf, symbols: new SymbolIndex(loaded.syntax) };
}

/** LSP positions that are out of range as well as in it: before the start, past a line's end, past the last line. */
function positions(source: SourceFile, random: Random): { line: number; character: number }[] {
  const line = () => random.below(source.lineCount + 2);
  return [
    { line: 0, character: 0 },
    { line: -1, character: -1 },
    { line: line(), character: random.below(200) },
    { line: line(), character: -5 },
    { line: source.lineCount + 5, character: 0 },
    { line: 2 ** 31, character: 2 ** 31 },
    // What a broken client might send.
    { line: Number.NaN, character: Infinity },
    { line: '1', character: null } as unknown as { line: number; character: number },
  ];
}

const emptyModel: SystemModel = { system: undefined, files: [], data: [], boundaries: [], elements: [], flows: [], dispositions: [] };
const emptyAnalysis = analyze(emptyModel, { catalog, asOf });

/**
 * The whole pipeline on one input: parse, analyse, every renderer and export, the language server's
 * answers. Checks what must hold for any input and returns every output, for comparing runs.
 */
export function pipeline(input: ModelInput, options: { readonly mustResolve?: boolean; readonly roundTrip?: boolean } = {}): Record<string, string> {
  const { text, files } = input;
  const loaded = parseWithSyntax(text, { file, host: memoryHost(files) });
  assertLocated(loaded.diagnostics, loaded.sources);
  assert.equal(loaded.ok, !loaded.diagnostics.some((d) => d.severity === 'error'));
  if (options.mustResolve) assert.deepEqual(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`), [], 'a valid model has errors');

  const model = loaded.model;
  const analysis = analyze(model, { catalog, asOf });
  assertLocated(analysis.diagnostics, loaded.sources);
  const out: Record<string, string> = {};
  out.diagnostics = JSON.stringify(loaded.diagnostics);
  out.analysis = JSON.stringify(analysis);
  out.mermaid = toMermaid(model, { findings: analysis.findings });
  assertMermaid(out.mermaid);
  out.diagrams = toMermaidDiagrams(model, { findings: analysis.findings })
    .map((d) => {
      assertMermaid(d.text);
      return d.text;
    })
    .join('\n');
  out.paths = analysis.findings
    .slice(0, 10)
    .map((f) => {
      const path = attackPathMermaid(f);
      assertMermaid(path);
      return path;
    })
    .join('\n');
  const report = { model, analysis, catalog: catalog.catalog, sources: loaded.sources };
  out.markdown = toMarkdown(report);
  assertMarkdown(out.markdown);
  out.html = toHtml({ ...report, mermaidScript: 'mermaid.initialize({})' });
  assertHtml(out.html);
  out.sarif = toSarif({ analyses: [{ file, analysis }], catalog: catalog.catalog });
  out.json = toJsonReport({ analyses: [{ file, model, analysis, sources: loaded.sources }], catalog: catalog.catalog });
  out.otm = toOtmJson(report);
  out.cyclonedx = toCycloneDxJson({ model, analysis, modelFile: file });
  for (const key of ['sarif', 'json', 'otm', 'cyclonedx'] as const) JSON.parse(out[key]!);
  const diff = diffModels({ model: emptyModel, analysis: emptyAnalysis }, { model, analysis });
  out.diff = diffToMarkdown({ diff, before: 'before', after: 'after' });
  assertMarkdown(out.diff);

  const state = documentState(text, loaded, loaded.ok ? analysis : undefined);
  out.lsp = JSON.stringify(documentDiagnostics(state, (f) => f));
  const syntax = loaded.syntax.find((f) => f.file === file);
  if (syntax) out.outline = JSON.stringify(outline(syntax));
  const source = loaded.sources.get(file);
  if (source) {
    const random = new Random(text.length);
    for (const position of positions(source, random)) {
      const offset = toOffset(source, position);
      out.lsp += JSON.stringify([hover(state, offset, catalog.catalog), complete(state, offset, catalog.catalog).length]);
    }
  }

  if (options.roundTrip && loaded.ok) {
    const imported = fromOtm(out.otm, { file: 'fuzz.otm.json', catalog });
    assert.ok(imported.text !== undefined, `an exported model does not import: ${imported.diagnostics.map((d) => d.message).join('; ')}`);
    const again = parseWithSyntax(imported.text, { file: 'imported.aitm' });
    assert.deepEqual(again.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`), [], 'an imported model has errors');
    out.imported = imported.text;
  }
  return out;
}

/**
 * The lexer's tokens but comments and commas: what the formatter must never change. Commas between
 * properties and list items are optional separators, and placing them is the formatter's job.
 */
function tokenImages(text: string): string[] {
  return tokenize(new SourceFile(file, text))
    .tokens.filter((t) => t.tokenType !== Comma)
    .map((t) => `${t.tokenType.name} ${t.image}`);
}
function commentImages(text: string): string[] {
  return tokenize(new SourceFile(file, text))
    .comments.map((c) => c.image.trimEnd())
    .sort();
}

/** `fmt` keeps every token and comment of a file that parses, is idempotent, and refuses a file that does not. */
export function formatKeepsTokens(text: string): void {
  const result = format(text, { file });
  const syntaxErrors = parseWithSyntax(text, { file }).diagnostics.filter((d) => d.severity === 'error' && d.code < 'AITM200');
  if (syntaxErrors.length > 0) {
    assert.equal(result.text, undefined, 'formatted a file with syntax errors');
    assert.ok(result.diagnostics.length > 0, 'refused without saying why');
    assertLocated(result.diagnostics, new Map([[file, { text }]]));
    return;
  }
  assert.ok(result.text !== undefined, `refused a file that parses: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  assert.deepEqual(tokenImages(result.text), tokenImages(text), 'formatting changed the tokens');
  assert.deepEqual(commentImages(result.text), commentImages(text), 'formatting changed a comment');
  assert.equal(format(result.text, { file }).text, result.text, 'formatting is not idempotent');
}

// ---- hostile JSON from outside: OTM documents and catalogs -----------------------------------------

/** Nothing any input did may reach Object.prototype. */
function assertNoPollution(): void {
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).filter((k) => !objectPrototypeKeys.has(k)), [], 'Object.prototype was changed');
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
}
const objectPrototypeKeys = new Set(Object.getOwnPropertyNames(Object.prototype));

/** OTM documents as aitm exports them from generated models, then broken in JSON's own terms. */
const otmDocuments = fc.tuple(validModels(6), jsonMutations).map(([{ model, layoutSeed }, edits]) => {
  const { text, files } = modelFiles(model, layoutSeed);
  const loaded = parseWithSyntax(text, { file, host: memoryHost(files) });
  const analysis = analyze(loaded.model, { catalog, asOf });
  return mutateJson(toOtm({ model: loaded.model, analysis, catalog: catalog.catalog, sources: loaded.sources }), edits);
});

export function otmImportHolds(text: string): void {
  const result = fromOtm(text, { file: 'fuzz.otm.json', catalog });
  assertNoPollution();
  assertLocated(result.diagnostics, new Map([['fuzz.otm.json', { text }]]));
  if (result.text === undefined) {
    assert.ok(result.diagnostics.some((d) => d.severity === 'error'), 'refused without an error');
    return;
  }
  const again = parseWithSyntax(result.text, { file: 'imported.aitm' });
  assert.deepEqual(again.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`), [], 'an imported model has errors');
}

/** User catalogs made from the built-in threats and controls (every text field free to be hostile), then broken. */
const catalogTexts = fc.tuple(fc.integer(), jsonMutations).map(([seed, edits]) => {
  const random = new Random(seed);
  const threats = random.some(catalog.catalog.threats, 3, 1).map((t) => ({ ...t, id: `fuzz.${t.id}`, title: random.pick(hostileTexts).text }));
  const controls = [...catalog.catalog.controls.values()].filter((c) => threats.some((t) => t.mitigations.some((m) => m.controls.includes(c.id))));
  return mutateJson({ name: random.pick(hostileTexts).text, version: random.pick(hostileTexts).text, controls, threats }, edits);
});
const catalogModel = modelFiles(randomModel(7, 8), 7);

export function catalogHolds(text: string): void {
  const loaded: LoadedCatalog = prepareCatalog({ catalogs: [{ name: 'fuzz.catalog.json', text }] });
  assertNoPollution();
  assertLocated(loaded.diagnostics, new Map([['fuzz.catalog.json', { text }]]));
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return;
  // A catalog that loads is used: its text reaches every report.
  const parsed = parseWithSyntax(catalogModel.text, { file, host: memoryHost(catalogModel.files) });
  const analysis = analyze(parsed.model, { catalog: loaded, asOf });
  const report = { model: parsed.model, analysis, catalog: loaded.catalog, sources: parsed.sources };
  assertMarkdown(toMarkdown(report));
  assertHtml(toHtml({ ...report, mermaidScript: '' }));
  JSON.parse(toSarif({ analyses: [{ file, analysis }], catalog: loaded.catalog }));
  JSON.parse(toOtmJson(report));
}

// ---- the campaign ----------------------------------------------------------------------------------

export const properties: readonly FuzzProperty<any>[] = [
  {
    name: 'valid models resolve, and every stage and renderer handles them',
    arbitrary: valid,
    check: (input: ModelInput) => void pipeline(input, { mustResolve: true, roundTrip: true }),
    weight: 2,
  },
  {
    name: 'mutated models: nothing throws, every diagnostic is located, every output stays well formed',
    arbitrary: mutated,
    check: (input: ModelInput) => void pipeline(input),
    weight: 4,
  },
  {
    name: 'fmt keeps the tokens of a file that parses and refuses one that does not',
    arbitrary: fc.oneof(valid, mutated).map((input) => input.text),
    check: formatKeepsTokens,
    weight: 2,
  },
  {
    name: 'every output is byte-identical from run to run',
    arbitrary: fc.oneof(valid, mutated),
    check: (input: ModelInput) => assert.deepEqual(pipeline(input), pipeline(input)),
    weight: 1,
  },
  {
    name: 'hostile OTM documents: a located error or a model that parses, never a throw or prototype pollution',
    arbitrary: otmDocuments,
    check: otmImportHolds,
    weight: 2,
  },
  {
    name: 'hostile catalogs: located errors, or catalog text that renders inert',
    arbitrary: catalogTexts,
    check: catalogHolds,
    weight: 1,
  },
];
