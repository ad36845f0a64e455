import type { AitmFile, BoundaryDecl, Comment, ElementDecl, Statement } from '../ast/nodes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source/source-file.js';
import { AstFactory, comment } from './ast-factory.js';
import { FileLexer } from './lexer.js';
import { parseTokens } from './parser.js';

/**
 * The syntax tree of `next`, made from `previous` (the clean tree of the text before an edit) by
 * parsing again only the declaration the edit falls in: a top-level statement, or an element or a
 * boundary inside a boundary, the innermost one that holds the whole edit. Everything after it is
 * moved by the edit's change in length. Undefined when that cannot be done with certainty (the
 * edit touches the declaration's first or last character or falls between declarations, or what
 * is parsed again has a problem or does not fill the same place): the caller parses it all.
 *
 * `previous` is changed in place and must not be used afterwards: the language server, the one
 * caller, keeps one tree per file and replaces it with the result.
 */
export function reparse(previous: AitmFile, next: SourceFile): AitmFile | undefined {
  const before = previous.source.text;
  const after = next.text;
  const edit = changedRange(before, after);
  if (!edit) return { ...previous, source: next };
  const delta = after.length - before.length;
  const unit = innermost(previous.statements, edit.start, edit.end);
  if (!unit) return undefined;

  const lexer = new FileLexer(next);
  const tokens = lexer.region(unit.node.start, unit.node.end + delta);
  if (lexer.diagnostics.length > 0) return undefined;
  const escapes: Diagnostic[] = [];
  const parsed = parseTokens(tokens, new AstFactory(next, escapes));
  const [replacement] = parsed.statements;
  if (
    parsed.errors.length > 0 ||
    escapes.length > 0 ||
    parsed.statements.length !== 1 ||
    !replacement ||
    !fits(replacement, unit.node) ||
    replacement.start !== unit.node.start ||
    replacement.end !== unit.node.end + delta
  ) {
    return undefined;
  }

  // From here on `previous` is rebuilt in place: nothing before the unit moves, the unit is
  // replaced, what holds it ends `delta` later, and everything after it moves by `delta`.
  const oldEnd = unit.node.end;
  for (const holder of unit.holders) (holder as { end: number }).end += delta;
  unit.list[unit.index] = replacement as Statement & ElementDecl;
  for (const statement of previous.statements) if (statement.start >= oldEnd) move(statement, delta);
  for (const holder of unit.holders) {
    for (const member of holder.members) if (member.start >= oldEnd) move(member, delta);
    for (const property of holder.properties) if (property.start >= oldEnd) move(property, delta);
  }
  const comments: Comment[] = [];
  for (const c of previous.comments) {
    if (c.end <= unit.node.start) comments.push(c);
    else if (c.start >= oldEnd) comments.push({ ...c, start: c.start + delta, end: c.end + delta });
  }
  comments.push(...lexer.comments.map(comment));
  comments.sort((a, b) => a.start - b.start);
  return { file: previous.file, source: next, statements: previous.statements, comments };
}

/** The one range that differs between two texts: in `before`'s offsets, with what replaces it. */
function changedRange(before: string, after: string): { start: number; end: number } | undefined {
  if (before === after) return undefined;
  const shortest = Math.min(before.length, after.length);
  // Whole chunks first (the engine compares strings far faster than a loop over characters), then
  // characters within the chunk that differs.
  let start = 0;
  while (start + chunk <= shortest && before.slice(start, start + chunk) === after.slice(start, start + chunk)) start += chunk;
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  const room = shortest - start;
  while (tail + chunk <= room && before.slice(before.length - tail - chunk, before.length - tail) === after.slice(after.length - tail - chunk, after.length - tail)) tail += chunk;
  while (tail < room && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail };
}
const chunk = 4096;

type Unit = { node: Statement; list: Statement[]; index: number; holders: BoundaryDecl[] };

/**
 * The innermost declaration whose inside holds `[start, end]` without touching its first or last
 * character (an edit there could change what kind of declaration it is, or where it ends), with
 * the list it is in and the boundaries around it.
 */
function innermost(statements: readonly Statement[], start: number, end: number): Unit | undefined {
  let list = statements as Statement[];
  let found: Unit | undefined;
  const holders: BoundaryDecl[] = [];
  for (;;) {
    const index = indexHolding(list, start, end);
    if (index < 0) return found;
    const node = list[index]!;
    found = { node, list, index, holders: [...holders] };
    if (node.type !== 'boundary') return found;
    holders.push(node);
    list = node.members as Statement[];
  }
}

/** The position of the declaration in `list` (sorted by offset) that holds `[start, end]` strictly inside, or -1. */
function indexHolding(list: readonly Statement[], start: number, end: number): number {
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const node = list[middle]!;
    if (node.end <= start) low = middle + 1;
    else if (node.start > start) high = middle - 1;
    else return node.start < start && end < node.end ? middle : -1;
  }
  return -1;
}

/** A replacement is of the same sort: a declaration of any kind where a declaration was. */
function fits(replacement: Statement, old: Statement): boolean {
  return replacement.type === old.type || (isMember(replacement) && isMember(old));
}

function isMember(node: Statement): boolean {
  return node.type === 'element' || node.type === 'boundary';
}

/** Move every offset in a node and all it holds by `delta`. */
function move(node: object, delta: number): void {
  const n = node as Record<string, unknown>;
  if (typeof n['start'] === 'number') {
    n['start'] = (n['start'] as number) + delta;
    n['end'] = (n['end'] as number) + delta;
  }
  for (const key in n) {
    const value = n[key];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) for (const item of value) move(item as object, delta);
    else move(value, delta);
  }
}
