import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as ast from '../ast/nodes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source/source-file.js';
import type { Span } from '../source/span.js';
import type { DispositionKind, ElementKind } from '../semantics/vocabulary.js';
import { decodeString } from './strings.js';
import { BiArrow, DateLiteral, False, NumberLiteral, StringLiteral, True } from './tokens.js';

/**
 * Builds the AST from chevrotain's concrete syntax tree. Error recovery can leave any part of a
 * node missing, and inserts tokens that have no position: both become `undefined` here, so later
 * stages see only what the author actually wrote.
 */
export function cstToAst(csts: readonly CstNode[], comments: readonly IToken[], source: SourceFile, diagnostics: Diagnostic[]): ast.AitmFile {
  const builder = new AstBuilder(source, diagnostics);
  return {
    file: source.path,
    statements: csts.flatMap((cst) => nodes(cst, 'statement')).flatMap((statement) => {
      const built = builder.statement(statement);
      return built ? [built] : [];
    }),
    comments: comments.map((c) => ({ text: c.image, span: builder.tokenSpan(c) })),
    span: source.span(0, source.text.length),
  };
}

function isToken(element: CstElement): element is IToken {
  return 'image' in element;
}

function nodes(node: CstNode, key: string): CstNode[] {
  return (node.children[key] ?? []).filter((e): e is CstNode => !isToken(e));
}

function node(parent: CstNode, key: string): CstNode | undefined {
  return nodes(parent, key)[0];
}

/** A token the author wrote (recovery-inserted tokens have no offset and are skipped). */
function token(node: CstNode, key: string, index = 0): IToken | undefined {
  const found = (node.children[key] ?? []).filter(isToken)[index];
  return found && !found.isInsertedInRecovery && !Number.isNaN(found.startOffset) ? found : undefined;
}

class AstBuilder {
  constructor(
    private readonly source: SourceFile,
    private readonly diagnostics: Diagnostic[],
  ) {}

  tokenSpan(t: IToken): Span {
    return this.source.span(t.startOffset, t.startOffset + t.image.length);
  }

  nodeSpan(n: CstNode): Span {
    const start = n.location?.startOffset ?? NaN;
    const end = n.location?.endOffset ?? NaN;
    if (Number.isNaN(start)) return this.source.span(0, 0);
    // chevrotain's endOffset is inclusive; spans are half-open. This is the one place that converts.
    return this.source.span(start, Number.isNaN(end) ? start : end + 1);
  }

  statement(n: CstNode): ast.Statement | undefined {
    const [key] = Object.keys(n.children);
    const inner = key ? node(n, key) : undefined;
    if (!inner) return undefined;
    switch (inner.name) {
      case 'systemDecl':
        return this.system(inner);
      case 'importDecl':
        return { type: 'import', path: this.string(token(inner, 'path')), span: this.nodeSpan(inner) };
      case 'dataDecl':
        return {
          type: 'data',
          id: this.name(token(inner, 'id')),
          label: this.string(token(inner, 'label')),
          properties: this.block(node(inner, 'block')),
          span: this.nodeSpan(inner),
        };
      case 'boundaryDecl':
        return this.boundary(inner);
      case 'elementDecl':
        return this.element(inner);
      case 'flowDecl':
        return this.flow(inner);
      case 'dispositionDecl':
        return this.disposition(inner);
      default:
        return undefined;
    }
  }

  private system(n: CstNode): ast.SystemDecl {
    const keyword = token(n, 'System');
    return {
      type: 'system',
      name: this.string(token(n, 'label')),
      properties: this.block(node(n, 'block')),
      span: this.nodeSpan(n),
      keyword: keyword ? this.tokenSpan(keyword) : this.nodeSpan(n),
    };
  }

  private boundary(n: CstNode): ast.BoundaryDecl {
    // Members keep their source order, which the CST splits by rule name.
    const members = [...nodes(n, 'elementDecl'), ...nodes(n, 'boundaryDecl')]
      .sort((a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0))
      .map((m) => (m.name === 'elementDecl' ? this.element(m) : this.boundary(m)))
      .filter((m): m is ast.ElementDecl | ast.BoundaryDecl => m !== undefined);
    return {
      type: 'boundary',
      id: this.name(token(n, 'id')),
      label: this.string(token(n, 'label')),
      properties: nodes(n, 'property').flatMap((p) => this.property(p) ?? []),
      members,
      span: this.nodeSpan(n),
    };
  }

  private element(n: CstNode): ast.ElementDecl | undefined {
    const kind = token(n, 'kind');
    if (!kind) return undefined;
    return {
      type: 'element',
      kind: kind.image as ElementKind,
      id: this.name(token(n, 'id')),
      label: this.string(token(n, 'label')),
      properties: this.block(node(n, 'block')),
      span: this.nodeSpan(n),
    };
  }

  private flow(n: CstNode): ast.FlowDecl {
    return {
      type: 'flow',
      id: this.name(token(n, 'id')),
      source: this.name(token(n, 'source')),
      target: this.name(token(n, 'target')),
      bidirectional: (n.children[BiArrow.name] ?? []).length > 0,
      label: this.string(token(n, 'label')),
      properties: this.block(node(n, 'block')),
      span: this.nodeSpan(n),
    };
  }

  private disposition(n: CstNode): ast.DispositionDecl {
    const kind = token(n, 'kind');
    const target = this.name(token(n, 'target'));
    const targetEnd = this.name(token(n, 'targetEnd'));
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
      kind: (kind?.image ?? 'mitigate') as DispositionKind,
      threat: this.name(token(n, 'threat')),
      target: ref,
      properties: this.block(node(n, 'block')),
      span: this.nodeSpan(n),
    };
  }

  private block(n: CstNode | undefined): ast.Property[] {
    if (!n) return [];
    return nodes(n, 'property').flatMap((p) => this.property(p) ?? []);
  }

  private property(n: CstNode): ast.Property | undefined {
    const key = this.name(token(n, 'key'));
    if (!key) return undefined;
    const valueNode = node(n, 'value');
    const value = valueNode ? this.value(valueNode) : undefined;
    const end = value ? value.span : key.span;
    return {
      key,
      value,
      span: this.source.span(key.span.offset, end.offset + end.length),
    };
  }

  private value(n: CstNode): ast.Value | undefined {
    const list = node(n, 'list');
    if (list) {
      return {
        type: 'list',
        items: nodes(list, 'value').flatMap((v) => this.value(v) ?? []),
        span: this.nodeSpan(list),
      };
    }
    const t = Object.values(n.children)
      .flat()
      .find((e): e is IToken => isToken(e) && !e.isInsertedInRecovery && !Number.isNaN(e.startOffset));
    if (!t) return undefined;
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

  private name(t: IToken | undefined): ast.Name | undefined {
    return t ? { text: t.image, span: this.tokenSpan(t) } : undefined;
  }

  private string(t: IToken | undefined): ast.StringValue | undefined {
    if (!t) return undefined;
    return {
      type: 'string',
      value: decodeString(t.image, t.startOffset, this.source, this.diagnostics),
      span: this.tokenSpan(t),
    };
  }
}
