import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
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
 * Syntax errors become diagnostics through `report`, at most ten, one per position.
 */
export function parseJsonWithPositions(file: string, text: string, report: (message: string, span: Span) => Diagnostic): ParsedJson {
  const source = new SourceFile(file, text);
  // A byte-order mark is not JSON; blanking it keeps every offset where it was.
  const json = text.startsWith('\uFEFF') ? ' ' + text.slice(1) : text;
  const errors: ParseError[] = [];
  const tree = parseTree(json, errors, { disallowComments: true, allowTrailingComma: false });
  // jsonc-parser can report several errors at one offset (one mistake, several expectations); one is enough.
  const distinct = errors.filter((e, i) => errors.findIndex((other) => other.offset === e.offset) === i);
  const diagnostics = distinct
    .slice(0, 10)
    .map((e) => report(`invalid JSON: ${describeParseError(printParseErrorCode(e.error))}`, source.span(e.offset, e.offset + e.length)));
  const locate: Locate = (path) => {
    const node = tree && nodeAt(tree, path);
    return node ? source.span(node.offset, node.offset + node.length) : undefined;
  };
  if (diagnostics.length > 0 || !tree) return { value: undefined, diagnostics, locate };
  return { value: JSON.parse(json) as unknown, diagnostics, locate };
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
