import type { Span } from '../source/span.js';
import type { DispositionKind, ElementKind } from '../semantics/vocabulary.js';

/**
 * The abstract syntax tree: what the author wrote, with a span on every node, before any name is
 * resolved or any property checked. Parts that error recovery could not find are `undefined`.
 */

export interface Name {
  readonly text: string;
  readonly span: Span;
}

export type Value = StringValue | NumberValue | BooleanValue | DateValue | SymbolValue | ListValue;

export interface StringValue {
  readonly type: 'string';
  readonly value: string;
  readonly span: Span;
}
export interface NumberValue {
  readonly type: 'number';
  readonly value: number;
  readonly span: Span;
}
export interface BooleanValue {
  readonly type: 'boolean';
  readonly value: boolean;
  readonly span: Span;
}
/** A calendar date, `YYYY-MM-DD`, kept as written. */
export interface DateValue {
  readonly type: 'date';
  readonly value: string;
  readonly span: Span;
}
/** A bare name used as a value: an enum value or a reference. */
export interface SymbolValue {
  readonly type: 'symbol';
  readonly value: string;
  readonly span: Span;
}
export interface ListValue {
  readonly type: 'list';
  readonly items: readonly Value[];
  readonly span: Span;
}

export interface Property {
  readonly key: Name;
  readonly value: Value | undefined;
  readonly span: Span;
}

export interface SystemDecl {
  readonly type: 'system';
  readonly name: StringValue | undefined;
  readonly properties: readonly Property[];
  readonly span: Span;
  readonly keyword: Span;
}

export interface ImportDecl {
  readonly type: 'import';
  readonly path: StringValue | undefined;
  readonly span: Span;
}

export interface DataDecl {
  readonly type: 'data';
  readonly id: Name | undefined;
  readonly label: StringValue | undefined;
  readonly properties: readonly Property[];
  readonly span: Span;
}

export interface ElementDecl {
  readonly type: 'element';
  readonly kind: ElementKind;
  readonly id: Name | undefined;
  readonly label: StringValue | undefined;
  readonly properties: readonly Property[];
  readonly span: Span;
}

export interface BoundaryDecl {
  readonly type: 'boundary';
  readonly id: Name | undefined;
  readonly label: StringValue | undefined;
  readonly properties: readonly Property[];
  readonly members: readonly (ElementDecl | BoundaryDecl)[];
  readonly span: Span;
}

export interface FlowDecl {
  readonly type: 'flow';
  readonly id: Name | undefined;
  readonly source: Name | undefined;
  readonly target: Name | undefined;
  readonly bidirectional: boolean;
  readonly label: StringValue | undefined;
  readonly properties: readonly Property[];
  readonly span: Span;
}

/** `on x` names an element, boundary or flow id; `on a -> b` names the flow between two elements. */
export type TargetRef =
  | { readonly type: 'name'; readonly name: Name; readonly span: Span }
  | { readonly type: 'endpoints'; readonly source: Name; readonly target: Name; readonly span: Span };

export interface DispositionDecl {
  readonly type: 'disposition';
  readonly kind: DispositionKind;
  readonly threat: Name | undefined;
  readonly target: TargetRef | undefined;
  readonly properties: readonly Property[];
  readonly span: Span;
}

export type Statement = SystemDecl | ImportDecl | DataDecl | BoundaryDecl | ElementDecl | FlowDecl | DispositionDecl;

export interface AitmFile {
  readonly file: string;
  readonly statements: readonly Statement[];
  /** Comments, kept for tools that rewrite the file (the formatter). */
  readonly comments: readonly { readonly text: string; readonly span: Span }[];
  readonly span: Span;
}
