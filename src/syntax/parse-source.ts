import { EOF, type IRecognitionException, type IToken } from 'chevrotain';
import type { AitmFile } from '../ast/nodes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/suggest.js';
import type { SourceFile } from '../source/source-file.js';
import { AstFactory } from './ast-factory.js';
import { tokenize } from './lexer.js';
import { limits } from './limits.js';
import { parseTokens, stoppedAtTopLevel } from './parser.js';
import { keywordTokens } from './tokens.js';

export interface SyntaxResult {
  /** Undefined only when the file could not be parsed at all (over a size or nesting limit). */
  readonly ast: AitmFile | undefined;
  readonly diagnostics: Diagnostic[];
}

const keywords = keywordTokens.map((k) => String(k.PATTERN).replace(/^\/|\/$/g, ''));

/** Source text to AST: lex, parse with error recovery, build the AST. Never throws on user input. */
export function parseSource(source: SourceFile): SyntaxResult {
  const lexed = tokenize(source);
  const diagnostics = [...lexed.diagnostics];
  if (!lexed.parseable) return { ast: undefined, diagnostics };
  // String escapes are checked as nodes are built, so their diagnostics come before syntax errors
  // here; the caller sorts by position.
  const factory = new AstFactory(source, diagnostics);
  const { statements, errors } = parseTokens(lexed.tokens, factory);
  diagnostics.push(...syntaxDiagnostics(errors, lexed.tokens, source));
  const ast: AitmFile = {
    file: source.path,
    statements,
    comments: lexed.comments.map((c) => factory.comment(c)),
    span: source.span(0, source.text.length),
  };
  return { ast, diagnostics };
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
