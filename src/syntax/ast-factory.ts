import type { IToken } from 'chevrotain';
import type * as ast from '../ast/nodes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source/source-file.js';
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

  system(keyword: IToken, label: IToken | undefined, properties: ast.Property[] | undefined, last: IToken): ast.SystemDecl {
    return {
      type: 'system',
      name: this.string(label),
      properties: exact(properties),
      start: start(keyword),
      end: end(keyword, last),
      keyword: { start: keyword.startOffset, end: tokenEnd(keyword) },
    };
  }

  import(keyword: IToken, path: IToken | undefined, last: IToken): ast.ImportDecl {
    return { type: 'import', path: this.string(path), start: start(keyword), end: end(keyword, last) };
  }

  data(keyword: IToken, id: IToken | undefined, label: IToken | undefined, properties: ast.Property[] | undefined, last: IToken): ast.DataDecl {
    return {
      type: 'data',
      id: name(id),
      label: this.string(label),
      properties: exact(properties),
      start: start(keyword),
      end: end(keyword, last),
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
      id: name(id),
      label: this.string(label),
      properties: exact(properties),
      members: exact(members),
      start: start(keyword),
      end: end(keyword, last),
    };
  }

  element(kind: IToken, id: IToken | undefined, label: IToken | undefined, properties: ast.Property[] | undefined, last: IToken): ast.ElementDecl {
    return {
      type: 'element',
      kind: kind.image as ElementKind,
      id: name(id),
      label: this.string(label),
      properties: exact(properties),
      start: start(kind),
      end: end(kind, last),
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
      id: name(parts.id),
      source: name(parts.source),
      target: name(parts.target),
      bidirectional: parts.bidirectional,
      label: this.string(parts.label),
      properties: exact(properties),
      start: start(keyword),
      end: end(keyword, last),
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
    const target = name(targetToken);
    const targetEnd = name(targetEndToken);
    let ref: ast.TargetRef | undefined;
    if (target && targetEnd) {
      ref = { type: 'endpoints', source: target, target: targetEnd, start: target.start, end: targetEnd.end };
    } else if (target) {
      ref = { type: 'name', name: target, start: target.start, end: target.end };
    }
    return {
      type: 'disposition',
      kind: kind.image as DispositionKind,
      threat: name(threat),
      target: ref,
      properties: exact(properties),
      start: start(kind),
      end: end(kind, last),
    };
  }

  property(keyToken: IToken | undefined, value: ast.Value | undefined): ast.Property | undefined {
    if (!keyToken || !written(keyToken)) return undefined;
    const start = keyToken.startOffset;
    const keyEnd = tokenEnd(keyToken);
    return { key: keyToken.image, value, start, end: value && value.end > keyEnd ? value.end : keyEnd };
  }

  list(open: IToken, items: ast.Value[], last: IToken): ast.ListValue {
    return { type: 'list', items: exact(items), start: start(open), end: end(open, last) };
  }

  /** The value a single token stands for. */
  value(t: IToken): ast.Value | undefined {
    if (!written(t)) return undefined;
    const start = t.startOffset;
    const end = tokenEnd(t);
    switch (t.tokenType) {
      case NumberLiteral:
        return { type: 'number', value: Number(t.image), start, end };
      case DateLiteral:
        return { type: 'date', value: t.image, start, end };
      case True:
      case False:
        return { type: 'boolean', value: t.tokenType === True, start, end };
      default:
        if (t.tokenType === StringLiteral || t.tokenType.CATEGORIES?.includes(StringLiteral)) {
          return this.string(t);
        }
        return { type: 'symbol', value: t.image, start, end };
    }
  }

  private string(t: IToken | undefined): ast.StringValue | undefined {
    if (!t || !written(t)) return undefined;
    return {
      type: 'string',
      value: decodeString(t.image, t.startOffset, this.source, this.diagnostics),
      start: t.startOffset,
      end: tokenEnd(t),
    };
  }
}

export function comment(t: IToken): ast.Comment {
  return { text: t.image, start: t.startOffset, end: tokenEnd(t) };
}

function name(t: IToken | undefined): ast.Name | undefined {
  return t && written(t) ? { text: t.image, start: t.startOffset, end: tokenEnd(t) } : undefined;
}

/** Where a node that begins with `first` starts: 0 when recovery invented that token. */
function start(first: IToken): number {
  return written(first) ? first.startOffset : 0;
}

/** Where a node from `first` to `last` (the last token the parser consumed) ends. */
function end(first: IToken, last: IToken): number {
  if (!written(first)) return 0;
  return written(last) && last.startOffset >= first.startOffset ? tokenEnd(last) : tokenEnd(first);
}

function tokenEnd(t: IToken): number {
  return t.startOffset + t.image.length;
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
