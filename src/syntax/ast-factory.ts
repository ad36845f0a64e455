import type { IToken } from 'chevrotain';
import type * as ast from '../ast/nodes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source/source-file.js';
import { joinSpans, type Span } from '../source/span.js';
import type { DispositionKind, ElementKind } from '../semantics/vocabulary.js';
import { decodeString } from './strings.js';
import { DateLiteral, False, NumberLiteral, StringLiteral, True } from './tokens.js';

/**
 * Builds AST nodes from the tokens the parser consumed. Error recovery can leave any part of a node
 * missing, and inserts tokens that have no position: both become `undefined` here, so later stages
 * see only what the author actually wrote.
 */
export class AstFactory {
  constructor(
    readonly source: SourceFile,
    private readonly diagnostics: Diagnostic[],
  ) {}

  tokenSpan(t: IToken): Span {
    return this.source.span(t.startOffset, t.startOffset + t.image.length);
  }

  /** From the start of `first` to the end of `last` (the last token the parser consumed). */
  spanFrom(first: IToken, last: IToken): Span {
    const start = written(first) ? first.startOffset : NaN;
    if (Number.isNaN(start)) return this.source.span(0, 0);
    const end = written(last) && last.startOffset >= start ? last.startOffset + last.image.length : start + first.image.length;
    return this.source.span(start, end);
  }

  system(keyword: IToken, label: IToken | undefined, properties: ast.Property[] | undefined, last: IToken): ast.SystemDecl {
    return {
      type: 'system',
      name: this.string(label),
      properties: exact(properties),
      span: this.spanFrom(keyword, last),
      keyword: this.tokenSpan(keyword),
    };
  }

  import(keyword: IToken, path: IToken | undefined, last: IToken): ast.ImportDecl {
    return { type: 'import', path: this.string(path), span: this.spanFrom(keyword, last) };
  }

  data(keyword: IToken, id: IToken | undefined, label: IToken | undefined, properties: ast.Property[] | undefined, last: IToken): ast.DataDecl {
    return {
      type: 'data',
      id: this.name(id),
      label: this.string(label),
      properties: exact(properties),
      span: this.spanFrom(keyword, last),
    };
  }

  boundary(
    keyword: IToken,
    id: IToken | undefined,
    label: IToken | undefined,
    properties: ast.Property[],
    members: (ast.ElementDecl | ast.BoundaryDecl)[],
    last: IToken,
  ): ast.BoundaryDecl {
    return {
      type: 'boundary',
      id: this.name(id),
      label: this.string(label),
      properties: exact(properties),
      members: exact(members),
      span: this.spanFrom(keyword, last),
    };
  }

  element(kind: IToken, id: IToken | undefined, label: IToken | undefined, properties: ast.Property[] | undefined, last: IToken): ast.ElementDecl {
    return {
      type: 'element',
      kind: kind.image as ElementKind,
      id: this.name(id),
      label: this.string(label),
      properties: exact(properties),
      span: this.spanFrom(kind, last),
    };
  }

  flow(
    keyword: IToken,
    parts: { id?: IToken; source?: IToken; target?: IToken; bidirectional: boolean; label?: IToken },
    properties: ast.Property[] | undefined,
    last: IToken,
  ): ast.FlowDecl {
    return {
      type: 'flow',
      id: this.name(parts.id),
      source: this.name(parts.source),
      target: this.name(parts.target),
      bidirectional: parts.bidirectional,
      label: this.string(parts.label),
      properties: exact(properties),
      span: this.spanFrom(keyword, last),
    };
  }

  disposition(
    kind: IToken,
    threat: IToken | undefined,
    targetToken: IToken | undefined,
    targetEndToken: IToken | undefined,
    properties: ast.Property[] | undefined,
    last: IToken,
  ): ast.DispositionDecl {
    const target = this.name(targetToken);
    const targetEnd = this.name(targetEndToken);
    let ref: ast.TargetRef | undefined;
    if (target && targetEnd) {
      ref = {
        type: 'endpoints',
        source: target,
        target: targetEnd,
        span: this.source.span(target.span.offset, targetEnd.span.offset + targetEnd.span.length),
      };
    } else if (target) {
      ref = { type: 'name', name: target, span: target.span };
    }
    return {
      type: 'disposition',
      kind: kind.image as DispositionKind,
      threat: this.name(threat),
      target: ref,
      properties: exact(properties),
      span: this.spanFrom(kind, last),
    };
  }

  property(keyToken: IToken | undefined, value: ast.Value | undefined): ast.Property | undefined {
    const key = this.name(keyToken);
    if (!key) return undefined;
    return { key, value, span: value ? joinSpans(key.span, value.span) : key.span };
  }

  list(open: IToken, items: ast.Value[], last: IToken): ast.ListValue {
    return { type: 'list', items: exact(items), span: this.spanFrom(open, last) };
  }

  /** The value a single token stands for. */
  value(t: IToken): ast.Value | undefined {
    if (!written(t)) return undefined;
    const span = this.tokenSpan(t);
    switch (t.tokenType) {
      case NumberLiteral:
        return { type: 'number', value: Number(t.image), span };
      case DateLiteral:
        return { type: 'date', value: t.image, span };
      case True:
      case False:
        return { type: 'boolean', value: t.tokenType === True, span };
      default:
        if (t.tokenType === StringLiteral || t.tokenType.CATEGORIES?.includes(StringLiteral)) {
          return this.string(t);
        }
        return { type: 'symbol', value: t.image, span };
    }
  }

  comment(t: IToken): { text: string; span: Span } {
    return { text: t.image, span: this.tokenSpan(t) };
  }

  private name(t: IToken | undefined): ast.Name | undefined {
    return t && written(t) ? { text: t.image, span: this.tokenSpan(t) } : undefined;
  }

  private string(t: IToken | undefined): ast.StringValue | undefined {
    if (!t || !written(t)) return undefined;
    return {
      type: 'string',
      value: decodeString(t.image, t.startOffset, this.source, this.diagnostics),
      span: this.tokenSpan(t),
    };
  }
}

/**
 * A copy of a list the parser grew by pushing, without the spare room a pushed-to array keeps
 * (about 16 slots): the tree holds hundreds of thousands of short lists, so at 50,000 elements
 * that room came to tens of megabytes.
 */
function exact<T>(items: readonly T[] | undefined): T[] {
  return items ? items.slice() : [];
}

/** A token the author wrote: recovery-inserted tokens have no offset. */
function written(t: IToken): boolean {
  return !t.isInsertedInRecovery && !Number.isNaN(t.startOffset);
}
