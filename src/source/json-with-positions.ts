import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { limits } from '../syntax/limits.js';
import { SourceFile } from './source-file.js';
import type { Span } from './span.js';

export type JsonPath = readonly (string | number)[];
/** Where the value at a JSON path is written (or its nearest ancestor that exists). */
export type Locate = (path: JsonPath) => Span | undefined;

export interface ParsedJson {
  /** Undefined when the text is not JSON. */
  readonly value: unknown;
  readonly diagnostics: Diagnostic[];
  readonly locate: Locate;
}

/**
 * Strict JSON (no comments, no trailing commas) with a way back from any value to where it is
 * written, so that problems found later (by a schema, by a semantic check) point at the text.
 * Syntax errors become diagnostics through `report`, at most ten, one per position. JSON comes
 * from outside (catalogs, OTM documents), so the limits of .aitm files hold here too, checked
 * before anything is built: the size (AITM150), and the nesting depth (AITM152), past which the
 * recursive parsers would overflow the stack.
 */
export function parseJsonWithPositions(file: string, text: string, report: (message: string, span: Span) => Diagnostic): ParsedJson {
  const tooLarge = text.length > limits.maxFileLength;
  const source = new SourceFile(file, tooLarge ? '' : text);
  if (tooLarge) {
    const d = diagnostic('AITM150', `file is ${text.length} characters long; the limit is ${limits.maxFileLength}`, { span: source.span(0, 0) });
    return { value: undefined, diagnostics: [d], locate: () => undefined };
  }
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    const d = diagnostic('AITM152', `nesting is deeper than ${limits.maxNestingDepth} levels`, {
      span: source.span(deep, deep + 1),
      label: 'too deep',
      help: 'flatten the nested objects and arrays',
    });
    return { value: undefined, diagnostics: [d], locate: () => undefined };
  }
  // A byte-order mark is not JSON; blanking it keeps every offset where it was.
  const json = text.startsWith('\uFEFF') ? ' ' + text.slice(1) : text;
  // The tree of positions costs ten times what JSON.parse does, and only a problem needs it: it is
  // built when something is first located, and at once only for text that is not JSON.
  let parsed: { tree: Node | undefined; errors: ParseError[] } | undefined;
  const positions = () => {
    if (!parsed) {
      const errors: ParseError[] = [];
      parsed = { tree: parseTree(json, errors, { disallowComments: true, allowTrailingComma: false }), errors };
    }
    return parsed;
  };
  const locate: Locate = (path) => {
    const { tree } = positions();
    const node = tree && nodeAt(tree, path);
    return node ? source.span(node.offset, node.offset + node.length) : undefined;
  };
  try {
    return { value: JSON.parse(json) as unknown, diagnostics: [], locate };
  } catch (error) {
    const { errors } = positions();
    // jsonc-parser can report several errors at one offset (one mistake, several expectations); one is enough.
    const distinct = errors.filter((e, i) => errors.findIndex((other) => other.offset === e.offset) === i);
    const diagnostics = distinct
      .slice(0, 10)
      .map((e) => report(`invalid JSON: ${describeParseError(printParseErrorCode(e.error))}`, source.span(e.offset, e.offset + e.length)));
    // Both read strict JSON; should jsonc-parser ever let pass what JSON.parse does not, the problem is still reported.
    if (diagnostics.length === 0) diagnostics.push(report(`invalid JSON: ${(error as Error).message}`, source.span(0, 0)));
    return { value: undefined, diagnostics, locate };
  }
}

/**
 * The offset of the first `{` or `[` nested deeper than the limit, if there is one. Strings are
 * skipped as jsonc-parser's scanner reads them: to the next unescaped `"`, or to a line break,
 * where it ends an unclosed one; so the brackets counted are those its parser would recurse into.
 */
function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || d === 0x0a || d === 0x0d) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limits.maxNestingDepth) return i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** The node at a path, or the nearest ancestor that exists (a missing property is reported on its object). */
function nodeAt(tree: Node, path: JsonPath): Node | undefined {
  for (let length = path.length; length >= 0; length--) {
    const node = findNodeAtLocation(tree, path.slice(0, length) as (string | number)[]);
    if (node) return node;
  }
  return undefined;
}

/** `ValueExpected` → `value expected`. */
function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
