import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import type { AitmFile, Statement } from '../ast/nodes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { SourceFile } from '../source/source-file.js';
import { AstFactory, comment } from './ast-factory.js';
import { FileLexer } from './lexer.js';
import { limits } from './limits.js';
import { parseTokens, statementStarts, stoppedAtTopLevel } from './parser.js';
import { keywordTokens } from './tokens.js';

export interface SyntaxResult {
  /** Undefined only when the file could not be parsed at all (over a size or nesting limit). */
  readonly ast: AitmFile | undefined;
  readonly diagnostics: Diagnostic[];
}

const keywords = keywordTokens.map((k) => String(k.PATTERN).replace(/^\/|\/$/g, ''));

/**
 * Characters lexed at a time: big enough that parsing a piece costs far more than starting to,
 * small enough that a piece's tokens are a small part of what is allocated between two scavenges.
 * Then they die young, and V8 never decides to allocate tokens straight into the old generation
 * (allocation-site pretenuring), which, with 64 KB pieces, it did in about half of all runs and
 * which made lexing three times slower.
 */
export const pieceSize = 1 << 14;

/**
 * Source text to AST: lex, parse with error recovery, build the AST. Never throws on user input.
 *
 * The file is lexed a piece at a time, and a run of pieces is parsed as soon as it ends where
 * every brace is closed and the next piece starts a statement, so its tokens are let go before the
 * next are made. A run that parses with no error gives exactly the statements the whole file
 * would: pieces begin with a name, and no statement can go on with one. At the first error, the
 * rest of the file is parsed in one go, as it always was, so error recovery and its messages do
 * not depend on where pieces were cut.
 */
export function parseSource(source: SourceFile, options: { /** @internal for tests: characters per piece */ pieceSize?: number } = {}): SyntaxResult {
  const lexer = new FileLexer(source);
  const statements: Statement[] = [];
  // String escapes are checked as nodes are built, so their diagnostics come after the lexer's
  // and before syntax errors; the caller sorts by position.
  const escapes: Diagnostic[] = [];
  let run: IToken[] = [];
  let endsBetweenStatements = false;
  let failed = false;
  for (const piece of lexer.pieces(options.pieceSize ?? pieceSize)) {
    if (!lexer.parseable) continue;
    if (!failed && endsBetweenStatements && piece.length > 0 && statementStarts.has(piece[0]!.tokenType)) {
      const parsed = parseRun(run, source);
      if (parsed.errors.length === 0) {
        for (const statement of parsed.statements) statements.push(statement);
        for (const escape of parsed.escapes) escapes.push(escape);
        run = [];
      } else {
        failed = true;
      }
    }
    if (run.length === 0) run = piece;
    else for (const token of piece) run.push(token);
    if (piece.length > 0) endsBetweenStatements = lexer.depth === 0;
  }
  if (!lexer.parseable) return { ast: undefined, diagnostics: lexer.diagnostics };
  const parsed = parseRun(run, source);
  const ast: AitmFile = {
    file: source.path,
    source,
    statements: statements.concat(parsed.statements),
    comments: lexer.comments.map(comment),
  };
  return { ast, diagnostics: [...lexer.diagnostics, ...escapes, ...parsed.escapes, ...syntaxDiagnostics(parsed.errors, run, source)] };
}

function parseRun(tokens: IToken[], source: SourceFile) {
  const escapes: Diagnostic[] = [];
  return { ...parseTokens(tokens, new AstFactory(source, escapes)), escapes };
}

function syntaxDiagnostics(errors: readonly IRecognitionException[], tokens: readonly IToken[], source: SourceFile): Diagnostic[] {
  const result: Diagnostic[] = [];
  const seen = new Set<number>();
  for (const error of errors.slice(0, limits.maxSyntaxErrors)) {
    const at = error.token;
    const atEnd = at.tokenType === EOF || Number.isNaN(at.startOffset);
    const offset = atEnd ? source.text.length : at.startOffset;
    // Recovery can report the same position twice (once per enclosing rule); once is enough.
    if (seen.has(offset)) continue;
    seen.add(offset);
    const span = atEnd ? endOfInputSpan(tokens, source) : source.span(at.startOffset, at.startOffset + at.image.length);
    const inStatement = stoppedAtTopLevel(error) || error.context.ruleStack.at(-1) === 'statement';
    result.push(
      diagnostic('AITM110', error.message, {
        span,
        label: atEnd ? 'input ends here' : 'unexpected here',
        help: inStatement && !atEnd ? didYouMean(at.image, keywords) : undefined,
      }),
    );
  }
  return result;
}

/** Point at the end of the last real token, which is where the author stopped typing. */
function endOfInputSpan(tokens: readonly IToken[], source: SourceFile) {
  const last = tokens.at(-1);
  const end = last ? last.startOffset + last.image.length : source.text.length;
  return source.span(end, end);
}
