import type * as ast from '../ast/nodes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { SourceFile } from '../source/source-file.js';
import type { Span } from '../source/span.js';
import { WrittenBoundary, WrittenDataAsset, WrittenElement, WrittenFlow } from './declarations.js';
import { checkProperties, type CheckedProperties, type PropertyContext } from './check-properties.js';
import type {
  Boundary,
  DataAsset,
  Disposition,
  DispositionTarget,
  Element,
  Flow,
  SystemInfo,
  SystemModel,
} from './model.js';
import {
  boundaryProperties,
  dataProperties,
  dispositionProperties,
  elementKinds,
  elementProperties,
  elementPropertyTable,
  flowProperties,
  requiredProperties,
  systemProperties,
  type ElementKind,
  type PropertyTable,
  type RefTarget,
  type TrustLevel,
} from './vocabulary.js';
import { addTo, getOrMake } from '../util/maps.js';

/**
 * What an id was declared as, and where. Elements, boundaries, data assets and named flows share
 * one namespace. Every symbol has the same fields (`kind` is undefined but for elements), so the
 * code that reads them sees one shape.
 */
type Symbol = (
  | { readonly category: 'element'; readonly kind: ElementKind }
  | { readonly category: 'boundary'; readonly kind: undefined }
  | { readonly category: 'data'; readonly kind: undefined }
  | { readonly category: 'flow'; readonly kind: undefined }
) & { readonly id: ast.Name; readonly source: SourceFile };

const articles: Record<RefTarget, string> = {
  actor: 'an actor',
  service: 'a service',
  api: 'an api',
  model: 'a model',
  agent: 'an agent',
  tool: 'a tool',
  dataset: 'a dataset',
  store: 'a store',
  pipeline: 'a pipeline',
  toolserver: 'a tool server',
  data: 'a data asset',
};

function describe(symbol: Symbol): string {
  switch (symbol.category) {
    case 'element':
      return articles[symbol.kind];
    case 'data':
      return 'a data asset';
    case 'boundary':
      return 'a boundary';
    case 'flow':
      return 'a flow';
  }
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** Ids name elements, data and boundaries in other statements, so they keep to letters, digits, `_` and `-`. */
const validId = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Threat ids are lower-case words joined by `-`, in dot-separated parts: `prompt-injection.indirect`. */
const validThreatId = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

/** Which element kinds declare a property, for "`rate_limit` is a property of api" help. */
function ownersOf(name: string): ElementKind[] {
  return elementKinds.filter((kind) => Object.hasOwn(elementProperties[kind], name));
}

const elementContexts = new Map<ElementKind, PropertyContext>();
function elementContext(kind: ElementKind): PropertyContext {
  return getOrMake(elementContexts, kind, describeElementContext);
}

function describeElementContext(kind: ElementKind): PropertyContext {
  return {
    subject: articles[kind],
    elsewhere: (name) => {
      const owners = ownersOf(name);
      return owners.length > 0 ? `\`${name}\` is a property of ${owners.join(', ')} elements, not of ${kind}` : undefined;
    },
  };
}

/**
 * Resolve the ASTs of a model's files (entry first) into one semantic model: collect every
 * declaration, check properties, resolve references. Errors are collected, never thrown; whatever
 * resolved is kept, so one run reports every problem.
 */
export function resolve(files: readonly ast.AitmFile[]): { model: SystemModel; diagnostics: Diagnostic[] } {
  return new Resolver().run(files);
}

class Resolver {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly symbols = new Map<string, Symbol>();
  private readonly referencedData = new Set<string>();
  private readonly candidates = new Map<string, readonly string[]>();
  private readonly suggestions = new Map<readonly string[], Map<string, string>>();
  /** How many unnamed flows join the same ends so far, for their derived ids (`a->b#2`). */
  private readonly derivedIds = new Map<string, number>();
  /**
   * Ids that are not their declaration's: invalid, or declared before. Kept rather than asking the
   * symbol table whether each declaration owns its id, which is a lookup per declaration.
   */
  private readonly disowned = new Set<ast.Name>();
  /** Named flows that were declared but left out of the model (an end did not resolve). */
  private readonly droppedFlows = new Set<string>();

  run(files: readonly ast.AitmFile[]) {
    for (const file of files) this.declare(file.statements, file.source);

    const system = this.system(files);
    const data: DataAsset[] = [];
    const boundaries: Boundary[] = [];
    const elements: Element[] = [];
    const flows: Flow[] = [];
    const dispositionDecls: Located<ast.DispositionDecl>[] = [];
    for (const { statements, source } of files) {
      for (const statement of statements) {
        switch (statement.type) {
          case 'data':
            this.data(statement, source, data);
            break;
          case 'boundary':
            this.boundary(statement, source, undefined, undefined, boundaries, elements);
            break;
          case 'element':
            this.element(statement, source, undefined, elements);
            break;
          case 'flow':
            this.flow(statement, source, flows);
            break;
          case 'disposition':
            // A disposition may name a flow declared further on, or in another file.
            dispositionDecls.push({ decl: statement, source });
            break;
          case 'system':
          case 'import':
            break;
        }
      }
    }
    const dispositions = this.dispositions(dispositionDecls, flows);
    this.reportUnusedData(data);

    const model: SystemModel = {
      system,
      files: files.map((f) => f.file),
      data,
      boundaries,
      elements,
      flows,
      dispositions,
    };
    return { model, diagnostics: this.diagnostics };
  }

  // ---- declarations -------------------------------------------------------------------------

  private declare(statements: readonly (ast.Statement | ast.ElementDecl | ast.BoundaryDecl)[], source: SourceFile): void {
    for (const statement of statements) {
      switch (statement.type) {
        case 'element':
          if (statement.id) this.add({ category: 'element', kind: statement.kind, id: statement.id, source });
          break;
        case 'data':
          if (statement.id) this.add({ category: 'data', kind: undefined, id: statement.id, source });
          break;
        case 'boundary':
          if (statement.id) this.add({ category: 'boundary', kind: undefined, id: statement.id, source });
          this.declare(statement.members, source);
          break;
        case 'flow':
          if (statement.id) this.add({ category: 'flow', kind: undefined, id: statement.id, source });
          break;
        default:
          break;
      }
    }
  }

  private add(symbol: Symbol): void {
    const { id, source } = symbol;
    if (!validId.test(id.text)) {
      this.diagnostics.push(
        diagnostic('AITM307', `\`${id.text}\` is not a valid id`, {
          span: source.spanOf(id),
          label: 'invalid id',
          help: 'ids use letters, digits, `_` and `-`; dots are kept for threat ids',
        }),
      );
      this.disowned.add(id);
      return;
    }
    const existing = this.symbols.get(id.text);
    if (existing) {
      this.diagnostics.push(
        diagnostic('AITM300', `\`${id.text}\` is declared more than once`, {
          span: source.spanOf(id),
          label: `declared again here as ${describe(symbol)}`,
          related: [{ span: spanOfSymbol(existing), message: `first declared here as ${describe(existing)}` }],
          help: 'give each element, boundary, data asset and flow its own id',
        }),
      );
      this.disowned.add(id);
      return;
    }
    this.symbols.set(id.text, symbol);
  }

  /** Whether this declaration owns its id (the first valid declaration does; duplicates do not). */
  private owns(id: ast.Name | undefined): id is ast.Name {
    return id !== undefined && !this.disowned.has(id);
  }

  // ---- statements ---------------------------------------------------------------------------

  private system(files: readonly ast.AitmFile[]): SystemInfo | undefined {
    const decls = files.flatMap(({ statements, source }) =>
      statements.flatMap((decl) => (decl.type === 'system' ? [{ decl, source }] : [])),
    );
    const [first, ...rest] = decls;
    for (const extra of rest) {
      this.diagnostics.push(
        diagnostic('AITM305', 'a model has one `system` declaration', {
          span: extra.source.spanOf(extra.decl.keyword),
          label: 'another system declared here',
          related: first ? [{ span: first.source.spanOf(first.decl.keyword), message: 'first declared here' }] : undefined,
          help: 'merge the two into one; imported files should not declare a system',
        }),
      );
    }
    if (!first) {
      // At the first statement, or at the start of the entry file when no file has one (an empty model).
      const file = files.find((f) => f.statements.length > 0) ?? files[0];
      const start = file?.statements[0]?.start ?? 0;
      this.diagnostics.push(
        diagnostic('AITM502', 'the model has no `system` declaration', {
          span: file?.source.span(start, start),
          help: 'start the file with `system "Name" { owner: "team@example.com" }`',
        }),
      );
      return undefined;
    }
    const { decl, source } = first;
    const checked = checkProperties(source, decl.properties, systemProperties, { subject: 'the system' }, this.diagnostics);
    this.warnDuplicates(source, (checked.values['controls'] as string[] | undefined) ?? [], checked.valueRanges['controls'] ?? [], 'controls');
    return { name: decl.name?.value ?? '', properties: checked.values, span: source.spanOf(decl), controlSpans: spansOf(source, checked.valueRanges['controls']) };
  }

  private data(decl: ast.DataDecl, source: SourceFile, out: DataAsset[]): void {
    const checked = checkProperties(source, decl.properties, dataProperties, { subject: 'a data asset' }, this.diagnostics);
    const references = this.references(source, checked, dataProperties, decl.id?.text);
    if (!this.owns(decl.id)) return;
    out.push(new WrittenDataAsset({ source, node: decl, id: decl.id }, decl.id.text, labelOf(decl, decl.id), withReferences(checked.values, references)));
  }

  private boundary(
    decl: ast.BoundaryDecl,
    source: SourceFile,
    parent: string | undefined,
    parentTrust: TrustLevel | undefined,
    boundaries: Boundary[],
    elements: Element[],
  ): void {
    const checked = checkProperties(source, decl.properties, boundaryProperties, { subject: 'a boundary' }, this.diagnostics);
    const owned = this.owns(decl.id);
    const trust = (checked.values['trust'] as TrustLevel | undefined) ?? parentTrust;
    if (trust === undefined && !decl.properties.some((p) => p.key === 'trust')) {
      this.diagnostics.push(
        diagnostic('AITM404', `boundary ${decl.id ? `\`${decl.id.text}\` ` : ''}has no \`trust\` level`, {
          span: source.spanOf(decl.id ?? decl),
          label: 'needs `trust`',
          help: 'add `trust: untrusted`, `external`, `partner`, `internal` or `restricted` (nested boundaries inherit it)',
        }),
      );
    }
    const id = owned ? decl.id.text : undefined;
    if (owned) {
      boundaries.push(
        new WrittenBoundary({ source, node: decl, id: decl.id }, decl.id.text, labelOf(decl, decl.id), trust ?? 'untrusted', parent, checked.values),
      );
    }
    for (const member of decl.members) {
      if (member.type === 'boundary') this.boundary(member, source, id ?? parent, trust ?? parentTrust, boundaries, elements);
      else this.element(member, source, id ?? parent, elements);
    }
  }

  private element(decl: ast.ElementDecl, source: SourceFile, boundary: string | undefined, out: Element[]): void {
    const table = elementPropertyTable(decl.kind);
    const checked = checkProperties(source, decl.properties, table, elementContext(decl.kind), this.diagnostics);
    const references = this.references(source, checked, table, decl.id?.text);
    if (!this.owns(decl.id)) return;
    if (boundary === undefined) {
      this.diagnostics.push(
        diagnostic('AITM500', `${decl.kind} \`${decl.id.text}\` is not inside any boundary`, {
          span: source.spanOf(decl.id),
          label: 'outside every boundary',
          help: 'declare it inside a `boundary` so that its trust level is known',
        }),
      );
    }
    const element = new WrittenElement(
      { source, node: decl, id: decl.id },
      decl.id.text,
      labelOf(decl, decl.id),
      decl.kind,
      boundary,
      (checked.values['controls'] as string[] | undefined) ?? noItems,
      withReferences(checked.values, references, 'controls'),
    );
    // The constructor's types cannot tie `properties` to `kind`; the property table did.
    out.push(element as Element);
  }

  private flow(decl: ast.FlowDecl, source: SourceFile, flows: Flow[]): void {
    const flow = this.resolveFlow(decl, source);
    if (flow) flows.push(flow);
    else if (this.owns(decl.id)) this.droppedFlows.add(decl.id.text);
  }

  private resolveFlow(decl: ast.FlowDecl, source: SourceFile): Flow | undefined {
    const checked = checkProperties(source, decl.properties, flowProperties, { subject: 'a flow' }, this.diagnostics);
    const references = this.references(source, checked, flowProperties, undefined);
    const from = this.endpoint(decl.source, source);
    const to = this.endpoint(decl.target, source);
    if (decl.source && decl.target && decl.source.text === decl.target.text) {
      this.diagnostics.push(
        diagnostic('AITM303', `flow from \`${decl.source.text}\` to itself`, {
          span: source.span(decl.source.start, decl.target.end),
          label: 'same element at both ends',
          help: 'a flow joins two different elements; describe internal processing with properties instead',
        }),
      );
      return undefined;
    }
    if (!from || !to) return undefined;
    if (decl.id && !this.owns(decl.id)) return undefined;
    let id = decl.id?.text;
    if (!id) {
      const base = `${from}${decl.bidirectional ? '<->' : '->'}${to}`;
      const count = (this.derivedIds.get(base) ?? 0) + 1;
      this.derivedIds.set(base, count);
      id = count === 1 ? base : `${base}#${count}`;
    }
    const carries = (references['carries'] ?? checked.values['carries'] ?? noItems) as string[];
    const controls = (checked.values['controls'] ?? noItems) as string[];
    const properties = withReferences(checked.values, references, 'carries', 'controls');
    return new WrittenFlow(
      { source, node: decl, id: decl.id ?? decl.source! },
      id,
      decl.id !== undefined,
      decl.label?.value,
      from,
      to,
      decl.bidirectional,
      carries,
      controls,
      properties,
    );
  }

  private endpoint(name: ast.Name | undefined, source: SourceFile): string | undefined {
    if (!name) return undefined;
    return this.lookup(name.text, name, source, flowEndKinds, 'a flow end');
  }

  private dispositions(decls: readonly Located<ast.DispositionDecl>[], flows: readonly Flow[]): Disposition[] {
    const index = new FlowIndex(flows);
    const result: Disposition[] = [];
    const seen = new Map<string, Span>();
    for (const { decl, source } of decls) {
      const table: PropertyTable = dispositionProperties[decl.kind];
      const checked = checkProperties(source, decl.properties, table, { subject: `a \`${decl.kind}\`` }, this.diagnostics);
      const missing = requiredProperties[decl.kind].filter((name) => !Object.hasOwn(checked.written, name));
      if (missing.length > 0 && decl.threat) {
        this.diagnostics.push(
          diagnostic('AITM404', `\`${decl.kind}\` needs ${orList(missing.map((m) => `\`${m}\``)).replace(/ or /, ' and ')}`, {
            span: source.spanOf(decl.threat),
            label: `missing ${missing.join(', ')}`,
            help: dispositionHelp[decl.kind],
          }),
        );
      }
      const references = this.references(source, checked, table, undefined);
      if (!decl.threat || !decl.target) continue;
      const threatSpan = source.spanOf(decl.threat);
      if (!validThreatId.test(decl.threat.text)) {
        this.diagnostics.push(
          diagnostic('AITM307', `\`${decl.threat.text}\` is not a valid threat id`, {
            span: threatSpan,
            label: 'invalid threat id',
            help: 'threat ids are lower-case words joined by `-` and `.`, e.g. `prompt-injection.indirect`',
          }),
        );
        continue;
      }
      const target = this.dispositionTarget(decl.target, source, index);
      if (!target) continue;
      const key = `${decl.threat.text} ${target.type}:${target.id}`;
      const previous = seen.get(key);
      if (previous) {
        this.diagnostics.push(
          diagnostic('AITM308', `\`${decl.threat.text}\` on \`${target.id}\` already has a disposition`, {
            span: threatSpan,
            label: 'second disposition',
            related: [{ span: previous, message: 'first disposition here' }],
            help: 'keep one `mitigate`, `accept` or `dismiss` per threat and target',
          }),
        );
      } else {
        seen.set(key, threatSpan);
      }
      result.push({
        kind: decl.kind,
        threat: decl.threat.text,
        target,
        properties: { ...checked.values, ...references },
        controlSpans: spansOf(source, checked.valueRanges['controls']),
        span: source.spanOf(decl),
        threatSpan,
        targetSpan: source.spanOf(decl.target),
      } as Disposition);
    }
    return result;
  }

  private dispositionTarget(ref: ast.TargetRef, source: SourceFile, flows: FlowIndex): DispositionTarget | undefined {
    if (ref.type === 'name') {
      const symbol = this.symbols.get(ref.name.text);
      if (!symbol) {
        this.unknown(ref.name.text, ref.name, source, this.namesOf('disposition targets', (s) => s.category !== 'data'), 'an element, boundary or flow');
        return undefined;
      }
      if (symbol.category === 'data') {
        this.diagnostics.push(
          diagnostic('AITM302', `\`${ref.name.text}\` is a data asset; a disposition names an element, boundary or flow`, {
            span: source.spanOf(ref.name),
            label: 'a data asset',
            help: 'name the element that holds it or the flow that carries it',
          }),
        );
        return undefined;
      }
      // A named flow that failed to resolve is already reported; it has no model entry to point at.
      if (symbol.category === 'flow' && this.droppedFlows.has(ref.name.text)) return undefined;
      return { type: symbol.category, id: ref.name.text };
    }
    const from = this.endpoint(ref.source, source);
    const to = this.endpoint(ref.target, source);
    if (!from || !to) return undefined;
    const matches = flows.between(from, to);
    if (matches.length === 1) return { type: 'flow', id: matches[0]!.id };
    this.diagnostics.push(
      matches.length === 0
        ? diagnostic('AITM301', `no flow from \`${from}\` to \`${to}\``, {
            span: source.spanOf(ref),
            label: 'no such flow',
            help: flows.between(to, from).length > 0
              ? `there is a flow the other way: \`${to} -> ${from}\``
              : 'declare the flow, or name an element instead',
          })
        : diagnostic('AITM304', `${matches.length} flows go from \`${from}\` to \`${to}\``, {
            span: source.spanOf(ref),
            label: 'which one?',
            related: matches.map((f) => ({ span: f.span, message: `flow \`${f.id}\`` })),
            help: 'name the flows (`flow ask: a -> b`) and refer to one by its name',
          }),
    );
    return undefined;
  }

  // ---- references ---------------------------------------------------------------------------

  /**
   * Resolve every reference property of a checked declaration; unresolved ones are reported and
   * dropped. A single reference that does not resolve is `undefined` here, so that the written
   * value, which names nothing in the model, is dropped too.
   */
  private references(source: SourceFile, checked: CheckedProperties, table: PropertyTable, self: string | undefined): Record<string, string | string[] | undefined> {
    const resolved: Record<string, string | string[] | undefined> = {};
    // Only what was set: a table lists every property, a declaration usually sets a few.
    for (const name in checked.values) {
      const value = checked.values[name]!;
      const spec = table[name]!;
      const ranges = checked.valueRanges[name] ?? [];
      if (spec.type === 'symbol' || (spec.type === 'text' && spec.many)) {
        this.warnDuplicates(source, value as string[], ranges, name);
        continue;
      }
      if (spec.type !== 'ref') continue;
      const items = Array.isArray(value) ? value : [String(value)];
      // Sized for all of them, as all usually resolve: the model keeps the list.
      const ok: string[] = new Array<string>(items.length);
      let count = 0;
      for (let index = 0; index < items.length; index++) {
        const item = items[index]!;
        const range = ranges[index];
        if (!range) continue;
        if (item === self) {
          this.diagnostics.push(
            diagnostic('AITM302', `\`${name}\` of \`${item}\` refers to itself`, { span: source.spanOf(range), label: 'itself' }),
          );
          continue;
        }
        const found = this.lookup(item, range, source, spec.to, `\`${name}\``);
        if (found !== undefined) ok[count++] = found;
      }
      if (count < ok.length) ok.length = count;
      this.warnDuplicates(source, ok, ranges, name);
      if (spec.many) resolved[name] = count < 2 ? ok : [...new Set(ok)];
      else resolved[name] = ok[0];
      for (const target of ok) if (spec.to.includes('data')) this.referencedData.add(target);
    }
    return resolved;
  }

  private warnDuplicates(source: SourceFile, items: readonly string[], ranges: readonly ast.Range[], property: string): void {
    if (items.length < 2) return;
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const range = ranges[index];
      if (seen.has(item) && range) {
        this.diagnostics.push(
          diagnostic('AITM503', `\`${item}\` is listed twice in \`${property}\``, { span: source.spanOf(range), label: 'listed again', help: 'remove the repeat' }),
        );
      }
      seen.add(item);
    });
  }

  /** Look up a reference, written at `range`, that must be one of `kinds`; report it when unknown or of the wrong kind. */
  private lookup(text: string, range: ast.Range, source: SourceFile, kinds: readonly RefTarget[], where: string): string | undefined {
    const symbol = this.symbols.get(text);
    if (!symbol) {
      const candidates = this.namesOf(kinds.join(' '), (s) => isOneOf(s, kinds));
      this.unknown(text, range, source, candidates, orList(kinds.map((k) => articles[k])));
      return undefined;
    }
    if (!isOneOf(symbol, kinds)) {
      this.diagnostics.push(
        diagnostic('AITM302', `\`${text}\` is ${describe(symbol)}, but ${where} must be ${orList(kinds.map((k) => articles[k]))}`, {
          span: source.spanOf(range),
          label: `${describe(symbol)}`,
          related: [{ span: spanOfSymbol(symbol), message: 'declared here' }],
        }),
      );
      return undefined;
    }
    return text;
  }

  /**
   * The declared ids whose symbols pass `test`, for "did you mean" help, listed once per `key` (all
   * ids are declared before any is looked up): a model with thousands of references to a renamed
   * id would otherwise list every symbol once per reference.
   */
  private namesOf(key: string, test: (symbol: Symbol) => boolean): readonly string[] {
    return getOrMake(this.candidates, key, () => [...this.symbols].filter(([, symbol]) => test(symbol)).map(([id]) => id));
  }

  private unknown(text: string, range: ast.Range, source: SourceFile, candidates: readonly string[], expected: string): void {
    // A renamed id is usually referenced many times: its suggestion is looked for once.
    const suggestions = getOrMake(this.suggestions, candidates, () => new Map<string, string>());
    const suggestion = getOrMake(suggestions, text, () => didYouMean(text, candidates) ?? '');
    this.diagnostics.push(
      diagnostic('AITM301', `unknown ${expected.includes(' or ') ? 'name' : expected.replace(/^an? /, '')} \`${text}\``, {
        span: source.spanOf(range),
        label: 'not declared',
        help: suggestion || `declare it, or check the spelling (expected ${expected})`,
      }),
    );
  }

  private reportUnusedData(data: readonly DataAsset[]): void {
    for (const asset of data) {
      if (this.referencedData.has(asset.id)) continue;
      this.diagnostics.push(
        diagnostic('AITM501', `data asset \`${asset.id}\` is never used`, {
          span: asset.idSpan,
          label: 'declared but never carried or held',
          help: 'list it in a flow\'s `carries`, a store\'s `holds`, a dataset\'s `contains` or an element\'s `credentials`, or remove it',
        }),
      );
    }
  }
}

/** A declaration with the file it was written in, for what is resolved after its file's turn. */
interface Located<T> {
  readonly decl: T;
  readonly source: SourceFile;
}

const flowEndKinds: readonly RefTarget[] = elementKinds;

function isOneOf(symbol: Symbol, kinds: readonly RefTarget[]): boolean {
  return (symbol.category === 'data' && kinds.includes('data')) || (symbol.category === 'element' && kinds.includes(symbol.kind));
}

function spanOfSymbol(symbol: Symbol): Span {
  return symbol.source.spanOf(symbol.id);
}

/** Spans for the model, made from the offsets of what it points at. */
function spansOf(source: SourceFile, ranges: readonly ast.Range[] | undefined): Span[] {
  return ranges ? ranges.map((range) => source.spanOf(range)) : [];
}

/** The label as written, or the id when there is none. */
function labelOf(decl: { readonly label: ast.StringValue | undefined }, id: ast.Name): string {
  return decl.label?.value ?? id.text;
}

/**
 * Flows by the ends they join (both ways for a bidirectional one), in declaration order; indexed
 * on first use, as few models name a flow by its ends.
 */
class FlowIndex {
  private byEnds: Map<string, Flow[]> | undefined;

  constructor(private readonly flows: readonly Flow[]) {}

  /** The flows that go from `source` to `target`. */
  between(source: string, target: string): readonly Flow[] {
    if (!this.byEnds) {
      this.byEnds = new Map();
      for (const flow of this.flows) {
        addTo(this.byEnds, `${flow.source} ${flow.target}`, flow);
        if (flow.bidirectional) addTo(this.byEnds, `${flow.target} ${flow.source}`, flow);
      }
    }
    return this.byEnds.get(`${source} ${target}`) ?? [];
  }
}

/**
 * A declaration's properties as the model holds them: the checked values with resolved references
 * in their place, in the order written, without the ones the model keeps in fields of their own.
 * Built in one pass: this runs for every element and flow.
 */
function withReferences(values: Record<string, unknown>, references: Record<string, unknown>, ...apart: string[]): Record<string, unknown> {
  let properties: Record<string, unknown> | undefined;
  for (const key in values) {
    if (apart.includes(key)) continue;
    const value = Object.hasOwn(references, key) ? references[key] : values[key];
    if (value === undefined) continue;
    properties ??= {};
    properties[key] = value;
  }
  return properties ?? noProperties;
}

/**
 * The model is read-only, so declarations with nothing in a list or no other properties (most
 * flows have no `controls` and no property but `carries`) share one empty list or record rather
 * than each holding its own: a large model has hundreds of thousands of them.
 */
const noItems: readonly string[] = Object.freeze([]);
const noProperties: Record<string, unknown> = Object.freeze({});

const dispositionHelp = {
  mitigate: 'say how: `mitigate <threat> on <target> { by: "..." }`',
  accept: 'an accepted risk needs `reason: "..."`, `owner: "..."` and `expires: YYYY-MM-DD`',
  dismiss: 'say why the threat does not apply: `reason: "..."`',
} as const;

