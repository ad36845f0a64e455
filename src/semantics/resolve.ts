import type * as ast from '../ast/nodes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { Span } from '../source/span.js';
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

/** What an id was declared as. Elements, boundaries, data assets and named flows share one namespace. */
type Symbol =
  | { readonly category: 'element'; readonly kind: ElementKind; readonly span: Span }
  | { readonly category: 'boundary'; readonly span: Span }
  | { readonly category: 'data'; readonly span: Span }
  | { readonly category: 'flow'; readonly span: Span };

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

  run(files: readonly ast.AitmFile[]) {
    const statements = files.flatMap((f) => f.statements);
    this.declare(statements);

    const system = this.system(statements);
    const data: DataAsset[] = [];
    const boundaries: Boundary[] = [];
    const elements: Element[] = [];
    const flowDecls: ast.FlowDecl[] = [];
    const dispositionDecls: ast.DispositionDecl[] = [];
    for (const statement of statements) {
      switch (statement.type) {
        case 'data':
          this.data(statement, data);
          break;
        case 'boundary':
          this.boundary(statement, undefined, undefined, boundaries, elements);
          break;
        case 'element':
          this.element(statement, undefined, elements);
          break;
        case 'flow':
          flowDecls.push(statement);
          break;
        case 'disposition':
          dispositionDecls.push(statement);
          break;
        case 'system':
        case 'import':
          break;
      }
    }
    const flows = this.flows(flowDecls);
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

  private declare(statements: readonly ast.Statement[]): void {
    const visit = (statement: ast.Statement | ast.ElementDecl | ast.BoundaryDecl) => {
      switch (statement.type) {
        case 'element':
          this.add(statement.id, { category: 'element', kind: statement.kind, span: statement.id?.span ?? statement.span });
          break;
        case 'data':
          this.add(statement.id, { category: 'data', span: statement.id?.span ?? statement.span });
          break;
        case 'boundary':
          this.add(statement.id, { category: 'boundary', span: statement.id?.span ?? statement.span });
          statement.members.forEach(visit);
          break;
        case 'flow':
          if (statement.id) this.add(statement.id, { category: 'flow', span: statement.id.span });
          break;
        default:
          break;
      }
    };
    statements.forEach(visit);
  }

  private add(id: ast.Name | undefined, symbol: Symbol): void {
    if (!id) return;
    if (!validId.test(id.text)) {
      this.diagnostics.push(
        diagnostic('AITM307', `\`${id.text}\` is not a valid id`, {
          span: id.span,
          label: 'invalid id',
          help: 'ids use letters, digits, `_` and `-`; dots are kept for threat ids',
        }),
      );
      return;
    }
    const existing = this.symbols.get(id.text);
    if (existing) {
      this.diagnostics.push(
        diagnostic('AITM300', `\`${id.text}\` is declared more than once`, {
          span: id.span,
          label: `declared again here as ${describe(symbol)}`,
          related: [{ span: existing.span, message: `first declared here as ${describe(existing)}` }],
          help: 'give each element, boundary, data asset and flow its own id',
        }),
      );
      return;
    }
    this.symbols.set(id.text, symbol);
  }

  /** Whether this declaration owns its id (the first valid declaration does; duplicates do not). */
  private owns(id: ast.Name | undefined): id is ast.Name {
    return id !== undefined && this.symbols.get(id.text)?.span === id.span;
  }

  // ---- statements ---------------------------------------------------------------------------

  private system(statements: readonly ast.Statement[]): SystemInfo | undefined {
    const decls = statements.filter((s): s is ast.SystemDecl => s.type === 'system');
    const [first, ...rest] = decls;
    for (const extra of rest) {
      this.diagnostics.push(
        diagnostic('AITM305', 'a model has one `system` declaration', {
          span: extra.keyword,
          label: 'another system declared here',
          related: first ? [{ span: first.keyword, message: 'first declared here' }] : undefined,
          help: 'merge the two into one; imported files should not declare a system',
        }),
      );
    }
    if (!first) {
      const firstStatement = statements[0];
      this.diagnostics.push(
        diagnostic('AITM502', 'the model has no `system` declaration', {
          span: firstStatement ? { ...firstStatement.span, length: 0, endLine: firstStatement.span.line, endColumn: firstStatement.span.column } : undefined,
          help: 'start the file with `system "Name" { owner: "team@example.com" }`',
        }),
      );
      return undefined;
    }
    const checked = checkProperties(first.properties, systemProperties, { subject: 'the system' }, this.diagnostics);
    return { name: first.name?.value ?? '', properties: checked.values, span: first.span };
  }

  private data(decl: ast.DataDecl, out: DataAsset[]): void {
    const checked = checkProperties(decl.properties, dataProperties, { subject: 'a data asset' }, this.diagnostics);
    if (!this.owns(decl.id)) return;
    out.push({ ...this.declared(decl.id, decl.label, decl.span, checked), properties: checked.values });
  }

  private boundary(
    decl: ast.BoundaryDecl,
    parent: string | undefined,
    parentTrust: TrustLevel | undefined,
    boundaries: Boundary[],
    elements: Element[],
  ): void {
    const checked = checkProperties(decl.properties, boundaryProperties, { subject: 'a boundary' }, this.diagnostics);
    const owned = this.owns(decl.id);
    const trust = (checked.values['trust'] as TrustLevel | undefined) ?? parentTrust;
    if (trust === undefined && !decl.properties.some((p) => p.key.text === 'trust')) {
      this.diagnostics.push(
        diagnostic('AITM404', `boundary ${decl.id ? `\`${decl.id.text}\` ` : ''}has no \`trust\` level`, {
          span: decl.id?.span ?? decl.span,
          label: 'needs `trust`',
          help: 'add `trust: untrusted`, `external`, `partner`, `internal` or `restricted` (nested boundaries inherit it)',
        }),
      );
    }
    const id = owned ? decl.id.text : undefined;
    if (owned) {
      boundaries.push({
        ...this.declared(decl.id, decl.label, decl.span, checked),
        trust: trust ?? 'untrusted',
        parent,
        properties: checked.values,
      });
    }
    for (const member of decl.members) {
      if (member.type === 'boundary') this.boundary(member, id ?? parent, trust ?? parentTrust, boundaries, elements);
      else this.element(member, id ?? parent, elements);
    }
  }

  private element(decl: ast.ElementDecl, boundary: string | undefined, out: Element[]): void {
    const table = elementPropertyTable(decl.kind);
    const checked = checkProperties(decl.properties, table, elementContext(decl.kind), this.diagnostics);
    const references = this.references(checked, table, decl.id?.text);
    if (!this.owns(decl.id)) return;
    if (boundary === undefined) {
      this.diagnostics.push(
        diagnostic('AITM500', `${decl.kind} \`${decl.id.text}\` is not inside any boundary`, {
          span: decl.id.span,
          label: 'outside every boundary',
          help: 'declare it inside a `boundary` so that its trust level is known',
        }),
      );
    }
    out.push({
      id: decl.id.text,
      label: decl.label?.value ?? decl.id.text,
      span: decl.span,
      idSpan: decl.id.span,
      propertySpans: checked.spans,
      kind: decl.kind,
      boundary,
      controls: (checked.values['controls'] as string[] | undefined) ?? [],
      controlSpans: checked.valueSpans['controls'] ?? [],
      properties: withReferences(checked.values, references, 'controls'),
    } as Element);
  }

  private flows(decls: readonly ast.FlowDecl[]): Flow[] {
    const flows: Flow[] = [];
    const derivedIds = new Map<string, number>();
    for (const decl of decls) {
      const checked = checkProperties(decl.properties, flowProperties, { subject: 'a flow' }, this.diagnostics);
      const references = this.references(checked, flowProperties, undefined);
      const source = this.endpoint(decl.source);
      const target = this.endpoint(decl.target);
      if (decl.source && decl.target && decl.source.text === decl.target.text) {
        this.diagnostics.push(
          diagnostic('AITM303', `flow from \`${decl.source.text}\` to itself`, {
            span: { ...decl.source.span, length: decl.target.span.offset + decl.target.span.length - decl.source.span.offset, endLine: decl.target.span.endLine, endColumn: decl.target.span.endColumn },
            label: 'same element at both ends',
            help: 'a flow joins two different elements; describe internal processing with properties instead',
          }),
        );
        continue;
      }
      if (!source || !target) continue;
      if (decl.id && !this.owns(decl.id)) continue;
      const arrow = decl.bidirectional ? '<->' : '->';
      let id = decl.id?.text;
      if (!id) {
        const base = `${source}${arrow}${target}`;
        const count = (derivedIds.get(base) ?? 0) + 1;
        derivedIds.set(base, count);
        id = count === 1 ? base : `${base}#${count}`;
      }
      const carries = (references['carries'] ?? checked.values['carries'] ?? []) as string[];
      const controls = (checked.values['controls'] ?? []) as string[];
      const properties = withReferences(checked.values, references, 'carries', 'controls');
      flows.push({
        id,
        named: decl.id !== undefined,
        label: decl.label?.value,
        source,
        target,
        bidirectional: decl.bidirectional,
        carries,
        controls,
        controlSpans: checked.valueSpans['controls'] ?? [],
        properties,
        span: decl.span,
        idSpan: decl.id?.span ?? decl.source!.span,
        propertySpans: checked.spans,
      });
    }
    return flows;
  }

  private endpoint(name: ast.Name | undefined): string | undefined {
    if (!name) return undefined;
    return this.lookup(name, ['actor', 'service', 'api', 'model', 'agent', 'tool', 'dataset', 'store', 'pipeline'], 'a flow end');
  }

  private dispositions(decls: readonly ast.DispositionDecl[], flows: readonly Flow[]): Disposition[] {
    const index = new FlowIndex(flows);
    const result: Disposition[] = [];
    const seen = new Map<string, Span>();
    for (const decl of decls) {
      const table: PropertyTable = dispositionProperties[decl.kind];
      const checked = checkProperties(decl.properties, table, { subject: `a \`${decl.kind}\`` }, this.diagnostics);
      const missing = requiredProperties[decl.kind].filter((name) => !Object.hasOwn(checked.spans, name));
      if (missing.length > 0 && decl.threat) {
        this.diagnostics.push(
          diagnostic('AITM404', `\`${decl.kind}\` needs ${orList(missing.map((m) => `\`${m}\``)).replace(/ or /, ' and ')}`, {
            span: decl.threat.span,
            label: `missing ${missing.join(', ')}`,
            help: dispositionHelp[decl.kind],
          }),
        );
      }
      const references = this.references(checked, table, undefined);
      if (!decl.threat || !decl.target) continue;
      if (!validThreatId.test(decl.threat.text)) {
        this.diagnostics.push(
          diagnostic('AITM307', `\`${decl.threat.text}\` is not a valid threat id`, {
            span: decl.threat.span,
            label: 'invalid threat id',
            help: 'threat ids are lower-case words joined by `-` and `.`, e.g. `prompt-injection.indirect`',
          }),
        );
        continue;
      }
      const target = this.dispositionTarget(decl.target, index);
      if (!target) continue;
      const key = `${decl.threat.text} ${target.type}:${target.id}`;
      const previous = seen.get(key);
      if (previous) {
        this.diagnostics.push(
          diagnostic('AITM308', `\`${decl.threat.text}\` on \`${target.id}\` already has a disposition`, {
            span: decl.threat.span,
            label: 'second disposition',
            related: [{ span: previous, message: 'first disposition here' }],
            help: 'keep one `mitigate`, `accept` or `dismiss` per threat and target',
          }),
        );
      } else {
        seen.set(key, decl.threat.span);
      }
      result.push({
        kind: decl.kind,
        threat: decl.threat.text,
        target,
        properties: { ...checked.values, ...references },
        controlSpans: checked.valueSpans['controls'] ?? [],
        span: decl.span,
        threatSpan: decl.threat.span,
        targetSpan: decl.target.span,
      } as Disposition);
    }
    return result;
  }

  private dispositionTarget(ref: ast.TargetRef, flows: FlowIndex): DispositionTarget | undefined {
    if (ref.type === 'name') {
      const symbol = this.symbols.get(ref.name.text);
      if (!symbol) {
        this.unknown(ref.name, this.namesOf('disposition targets', (s) => s.category !== 'data'), 'an element, boundary or flow');
        return undefined;
      }
      if (symbol.category === 'data') {
        this.diagnostics.push(
          diagnostic('AITM302', `\`${ref.name.text}\` is a data asset; a disposition names an element, boundary or flow`, {
            span: ref.name.span,
            label: 'a data asset',
            help: 'name the element that holds it or the flow that carries it',
          }),
        );
        return undefined;
      }
      // A named flow that failed to resolve is already reported; it has no model entry to point at.
      if (symbol.category === 'flow' && !flows.ids.has(ref.name.text)) return undefined;
      return { type: symbol.category, id: ref.name.text };
    }
    const source = this.endpoint(ref.source);
    const target = this.endpoint(ref.target);
    if (!source || !target) return undefined;
    const matches = flows.between(source, target);
    if (matches.length === 1) return { type: 'flow', id: matches[0]!.id };
    this.diagnostics.push(
      matches.length === 0
        ? diagnostic('AITM301', `no flow from \`${source}\` to \`${target}\``, {
            span: ref.span,
            label: 'no such flow',
            help: flows.between(target, source).length > 0
              ? `there is a flow the other way: \`${target} -> ${source}\``
              : 'declare the flow, or name an element instead',
          })
        : diagnostic('AITM304', `${matches.length} flows go from \`${source}\` to \`${target}\``, {
            span: ref.span,
            label: 'which one?',
            related: matches.map((f) => ({ span: f.span, message: `flow \`${f.id}\`` })),
            help: 'name the flows (`flow ask: a -> b`) and refer to one by its name',
          }),
    );
    return undefined;
  }

  // ---- references ---------------------------------------------------------------------------

  /** Resolve every reference property of a checked declaration; unresolved ones are reported and dropped. */
  private references(checked: CheckedProperties, table: PropertyTable, self: string | undefined): Record<string, string | string[]> {
    const resolved: Record<string, string | string[]> = {};
    // Only what was set: a table lists every property, a declaration usually sets a few.
    for (const [name, value] of Object.entries(checked.values)) {
      const spec = table[name]!;
      if (spec.type === 'symbol' || (spec.type === 'text' && spec.many)) {
        this.warnDuplicates(value as string[], checked.valueSpans[name] ?? [], name);
        continue;
      }
      if (spec.type !== 'ref') continue;
      const spans = checked.valueSpans[name] ?? [];
      const items = Array.isArray(value) ? value : [String(value)];
      const ok: string[] = [];
      items.forEach((item, index) => {
        const span = spans[index];
        if (!span) return;
        if (item === self) {
          this.diagnostics.push(
            diagnostic('AITM302', `\`${name}\` of \`${item}\` refers to itself`, { span, label: 'itself' }),
          );
          return;
        }
        const found = this.lookup({ text: item, span }, spec.to, `\`${name}\``);
        if (found !== undefined) ok.push(found);
      });
      this.warnDuplicates(ok, spans, name);
      if (spec.many) resolved[name] = [...new Set(ok)];
      else if (ok[0] !== undefined) resolved[name] = ok[0];
      for (const target of ok) if (spec.to.includes('data')) this.referencedData.add(target);
    }
    return resolved;
  }

  private warnDuplicates(items: readonly string[], spans: readonly Span[], property: string): void {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item) && spans[index]) {
        this.diagnostics.push(
          diagnostic('AITM503', `\`${item}\` is listed twice in \`${property}\``, { span: spans[index], label: 'listed again', help: 'remove the repeat' }),
        );
      }
      seen.add(item);
    });
  }

  /** Look up a reference that must be one of `kinds`; report it when unknown or of the wrong kind. */
  private lookup(name: ast.Name, kinds: readonly RefTarget[], where: string): string | undefined {
    const symbol = this.symbols.get(name.text);
    const fits = (s: Symbol) =>
      (s.category === 'data' && kinds.includes('data')) || (s.category === 'element' && kinds.includes(s.kind));
    if (!symbol) {
      const candidates = this.namesOf(kinds.join(' '), fits);
      this.unknown(name, candidates, orList(kinds.map((k) => articles[k])));
      return undefined;
    }
    if (!fits(symbol)) {
      this.diagnostics.push(
        diagnostic('AITM302', `\`${name.text}\` is ${describe(symbol)}, but ${where} must be ${orList(kinds.map((k) => articles[k]))}`, {
          span: name.span,
          label: `${describe(symbol)}`,
          related: [{ span: symbol.span, message: 'declared here' }],
        }),
      );
      return undefined;
    }
    return name.text;
  }

  /**
   * The declared ids whose symbols pass `test`, for "did you mean" help, listed once per `key` (all
   * ids are declared before any is looked up): a model with thousands of references to a renamed
   * id would otherwise list every symbol once per reference.
   */
  private namesOf(key: string, test: (symbol: Symbol) => boolean): readonly string[] {
    return getOrMake(this.candidates, key, () => [...this.symbols].filter(([, symbol]) => test(symbol)).map(([id]) => id));
  }

  private unknown(name: ast.Name, candidates: readonly string[], expected: string): void {
    // A renamed id is usually referenced many times: its suggestion is looked for once.
    const suggestions = getOrMake(this.suggestions, candidates, () => new Map<string, string>());
    const suggestion = getOrMake(suggestions, name.text, () => didYouMean(name.text, candidates) ?? '');
    this.diagnostics.push(
      diagnostic('AITM301', `unknown ${expected.includes(' or ') ? 'name' : expected.replace(/^an? /, '')} \`${name.text}\``, {
        span: name.span,
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

  private declared(id: ast.Name, label: ast.StringValue | undefined, span: Span, checked: CheckedProperties) {
    return { id: id.text, label: label?.value ?? id.text, span, idSpan: id.span, propertySpans: checked.spans };
  }
}

/** Flows by id and by the ends they join (both ways for a bidirectional one), in declaration order. */
class FlowIndex {
  readonly ids: ReadonlySet<string>;
  private readonly byEnds = new Map<string, Flow[]>();

  constructor(flows: readonly Flow[]) {
    this.ids = new Set(flows.map((f) => f.id));
    for (const flow of flows) {
      addTo(this.byEnds, `${flow.source} ${flow.target}`, flow);
      if (flow.bidirectional) addTo(this.byEnds, `${flow.target} ${flow.source}`, flow);
    }
  }

  /** The flows that go from `source` to `target`. */
  between(source: string, target: string): readonly Flow[] {
    return this.byEnds.get(`${source} ${target}`) ?? [];
  }
}

/**
 * A declaration's properties as the model holds them: the checked values with resolved references
 * in their place, in the order written, without the ones the model keeps in fields of their own.
 * Built in one pass: this runs for every element and flow.
 */
function withReferences(values: Record<string, unknown>, references: Record<string, unknown>, ...apart: string[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const key in values) {
    if (apart.includes(key)) continue;
    properties[key] = Object.hasOwn(references, key) ? references[key] : values[key];
  }
  return properties;
}

const dispositionHelp = {
  mitigate: 'say how: `mitigate <threat> on <target> { by: "..." }`',
  accept: 'an accepted risk needs `reason: "..."`, `owner: "..."` and `expires: YYYY-MM-DD`',
  dismiss: 'say why the threat does not apply: `reason: "..."`',
} as const;

