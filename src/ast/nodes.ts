import type { SourceFile } from '../source/source-file.js';
import type { DispositionKind, ElementKind } from '../semantics/vocabulary.js';

/**
 * The abstract syntax tree: what the author wrote, before any name is resolved or any property
 * checked. Parts that error recovery could not find are `undefined`.
 *
 * Nodes hold offsets, not spans. A span object per name, value and property was most of the
 * tree's memory (about 60% of its bytes), and allocating it was a third of parsing; line and
 * column are needed only where a node ends up in a diagnostic or in the model, which ask the
 * file's `SourceFile` for them (`source.spanOf(node)`).
 */

/** Where a node was written in its file: UTF-16 offsets, half-open. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface Name extends Range {
  readonly text: string;
}

export type Value = StringValue | NumberValue | BooleanValue | DateValue | SymbolValue | ListValue;

export interface StringValue extends Range {
  readonly type: 'string';
  readonly value: string;
}
export interface NumberValue extends Range {
  readonly type: 'number';
  readonly value: number;
}
export interface BooleanValue extends Range {
  readonly type: 'boolean';
  readonly value: boolean;
}
/** A calendar date, `YYYY-MM-DD`, kept as written. */
export interface DateValue extends Range {
  readonly type: 'date';
  readonly value: string;
}
/** A bare name used as a value: an enum value or a reference. */
export interface SymbolValue extends Range {
  readonly type: 'symbol';
  readonly value: string;
}
export interface ListValue extends Range {
  readonly type: 'list';
  readonly items: readonly Value[];
}

/**
 * `key: value`, from the key to the end of the value. The key is one token written at `start`
 * (`keyRange`): a node of its own for each of a large model's hundreds of thousands of keys
 * would only repeat that.
 */
export interface Property extends Range {
  readonly key: string;
  readonly value: Value | undefined;
}

/** Where a property's key is written. */
export function keyRange(property: Property): Range {
  return { start: property.start, end: property.start + property.key.length };
}

export interface SystemDecl extends Range {
  readonly type: 'system';
  readonly name: StringValue | undefined;
  readonly properties: readonly Property[];
  readonly keyword: Range;
}

export interface ImportDecl extends Range {
  readonly type: 'import';
  readonly path: StringValue | undefined;
}

export interface DataDecl extends Range {
  readonly type: 'data';
  readonly id: Name | undefined;
  readonly label: StringValue | undefined;
  readonly properties: readonly Property[];
}

export interface ElementDecl extends Range {
  readonly type: 'element';
  readonly kind: ElementKind;
  readonly id: Name | undefined;
  readonly label: StringValue | undefined;
  readonly properties: readonly Property[];
}

export interface BoundaryDecl extends Range {
  readonly type: 'boundary';
  readonly id: Name | undefined;
  readonly label: StringValue | undefined;
  readonly properties: readonly Property[];
  readonly members: readonly (ElementDecl | BoundaryDecl)[];
}

export interface FlowDecl extends Range {
  readonly type: 'flow';
  readonly id: Name | undefined;
  readonly source: Name | undefined;
  readonly target: Name | undefined;
  readonly bidirectional: boolean;
  readonly label: StringValue | undefined;
  readonly properties: readonly Property[];
}

/** `on x` names an element, boundary or flow id; `on a -> b` names the flow between two elements. */
export type TargetRef =
  | ({ readonly type: 'name'; readonly name: Name } & Range)
  | ({ readonly type: 'endpoints'; readonly source: Name; readonly target: Name } & Range);

export interface DispositionDecl extends Range {
  readonly type: 'disposition';
  readonly kind: DispositionKind;
  readonly threat: Name | undefined;
  readonly target: TargetRef | undefined;
  readonly properties: readonly Property[];
}

export type Statement = SystemDecl | ImportDecl | DataDecl | BoundaryDecl | ElementDecl | FlowDecl | DispositionDecl;

export interface Comment extends Range {
  readonly text: string;
}

export interface AitmFile {
  readonly file: string;
  /** The text the offsets point into, with the line index that turns them into spans. */
  readonly source: SourceFile;
  readonly statements: readonly Statement[];
  /** Comments, kept for tools that rewrite the file (the formatter). */
  readonly comments: readonly Comment[];
}
