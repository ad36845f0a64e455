import type * as ast from '../ast/nodes.js';
import type { SourceFile } from '../source/source-file.js';
import type { Span } from '../source/span.js';
import type { Boundary, DataAsset, Element, Flow } from './model.js';
import type { ElementKind, TrustLevel } from './vocabulary.js';

/** A declaration as the syntax tree has it: where it is, and the properties written in it. */
type DeclarationNode = ast.Range & { readonly properties: readonly ast.Property[] };

/**
 * Where a resolved declaration is written. A model has a span for every declaration, id, property
 * and control: hundreds of thousands in a large model, nearly all never looked at. Each is made
 * from the syntax tree's offsets when it is asked for (by a finding, a diagnostic, the JSON form),
 * so resolving allocates none of them. The declaration's and its id's spans are kept once made
 * (findings point at the same elements again and again along their evidence paths); the others
 * are made anew at each read.
 *
 * The syntax node and its file are private fields: they are not part of the model, do not show
 * in its JSON, and are not compared by structural equality.
 */
abstract class WrittenDeclaration {
  readonly #source: SourceFile;
  readonly #node: DeclarationNode;
  readonly #id: ast.Range;
  #span: Span | undefined;
  #idSpan: Span | undefined;

  constructor(where: Where) {
    this.#source = where.source;
    this.#node = where.node;
    this.#id = where.id;
  }

  /** The whole declaration. */
  get span(): Span {
    return (this.#span ??= this.#source.spanOf(this.#node));
  }

  /** The id where it is declared: the narrowest place to point at. */
  get idSpan(): Span {
    return (this.#idSpan ??= this.#source.spanOf(this.#id));
  }

  /** Where each property was written (the first time, when one is written twice). */
  get propertySpans(): Record<string, Span> {
    // Keyed by whatever the author wrote: no prototype, so `__proto__` is a key like any other.
    const spans: Record<string, Span> = Object.create(null);
    for (const property of this.#node.properties) {
      if (!Object.hasOwn(spans, property.key)) spans[property.key] = this.#source.spanOf(property);
    }
    return spans;
  }

  /** Where each of `controls` is written, item for item (none when `controls` is empty). */
  protected spansOfControls(controls: readonly string[]): Span[] {
    if (controls.length === 0) return [];
    const value = this.#node.properties.find((p) => p.key === 'controls')?.value;
    const items = value?.type === 'list' ? value.items : value ? [value] : [];
    return items.map((item) => this.#source.spanOf(item));
  }
}

/** What a resolved declaration needs to say where it is written. */
export interface Where {
  readonly source: SourceFile;
  readonly node: DeclarationNode;
  /** The id, or what stands for it (an unnamed flow's source). */
  readonly id: ast.Range;
}

export class WrittenElement extends WrittenDeclaration {
  constructor(
    where: Where,
    readonly id: string,
    readonly label: string,
    readonly kind: ElementKind,
    readonly boundary: string | undefined,
    readonly controls: readonly string[],
    readonly properties: Element['properties'],
  ) {
    super(where);
  }

  get controlSpans(): Span[] {
    return this.spansOfControls(this.controls);
  }

  toJSON() {
    const { id, label, span, idSpan, propertySpans, kind, boundary, controls, controlSpans, properties } = this;
    return { id, label, span, idSpan, propertySpans, kind, boundary, controls, controlSpans, properties };
  }
}

export class WrittenFlow extends WrittenDeclaration {
  constructor(
    where: Where,
    readonly id: string,
    readonly named: boolean,
    readonly label: string | undefined,
    readonly source: string,
    readonly target: string,
    readonly bidirectional: boolean,
    readonly carries: readonly string[],
    readonly controls: readonly string[],
    readonly properties: Flow['properties'],
  ) {
    super(where);
  }

  get controlSpans(): Span[] {
    return this.spansOfControls(this.controls);
  }

  toJSON() {
    const { id, named, label, source, target, bidirectional, carries, controls, controlSpans, properties, span, idSpan, propertySpans } = this;
    return { id, named, label, source, target, bidirectional, carries, controls, controlSpans, properties, span, idSpan, propertySpans };
  }
}

export class WrittenDataAsset extends WrittenDeclaration {
  constructor(
    where: Where,
    readonly id: string,
    readonly label: string,
    readonly properties: DataAsset['properties'],
  ) {
    super(where);
  }

  toJSON() {
    const { id, label, span, idSpan, propertySpans, properties } = this;
    return { id, label, span, idSpan, propertySpans, properties };
  }
}

export class WrittenBoundary extends WrittenDeclaration {
  constructor(
    where: Where,
    readonly id: string,
    readonly label: string,
    readonly trust: TrustLevel,
    readonly parent: string | undefined,
    readonly properties: Boundary['properties'],
  ) {
    super(where);
  }

  toJSON() {
    const { id, label, span, idSpan, propertySpans, trust, parent, properties } = this;
    return { id, label, span, idSpan, propertySpans, trust, parent, properties };
  }
}
