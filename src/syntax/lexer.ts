import { Lexer, type ILexingResult, type IToken } from 'chevrotain';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source/source-file.js';
import { limits } from './limits.js';
import {
  allTokens,
  LCurly,
  LSquare,
  RCurly,
  RSquare,
  UnterminatedBlockComment,
  UnterminatedString,
} from './tokens.js';

/**
 * chevrotain's lexer analyses its token set at construction, which is the slow part. `validate`
 * also runs its checks of the token definitions: the tests do (test/syntax/definitions.test.ts),
 * and the one every run uses skips them, as chevrotain advises, to start faster.
 */
export function createLexer(validate = false): Lexer {
  return new Lexer(allTokens, {
    // Lines and columns come from SourceFile; tracking them per token here would double the lexing time.
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: !validate,
  });
}

const lexer = createLexer();

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
  /** False when the input must not be parsed (too large or too deeply nested). */
  readonly parseable: boolean;
}

/** The whole file in one go. */
export function tokenize(source: SourceFile): LexResult {
  const lexer = new FileLexer(source);
  // Pieces of unbounded size: the whole text is the first and only one.
  const [tokens = []] = lexer.pieces(Infinity);
  return { tokens, comments: lexer.comments, diagnostics: lexer.diagnostics, parseable: lexer.parseable };
}

/**
 * Lexes a file a piece at a time, so a caller can parse each piece and let its tokens go before
 * the next is made: at 50,000 elements the whole token list is over 100 MB. Pieces end at line
 * starts outside comments, where no token can continue across the cut, so the tokens are exactly
 * those of lexing the whole text at once. What spans pieces (nesting depth, comments, diagnostics)
 * is kept here.
 */
export class FileLexer {
  readonly comments: IToken[] = [];
  // Kept apart so that the diagnostics come in the same order however the file was cut.
  private readonly characterErrors: Diagnostic[] = [];
  private readonly commentErrors: Diagnostic[] = [];
  private readonly tokenErrors: Diagnostic[] = [];
  /** Over a size or nesting limit: reported, and the file is not parsed. */
  private overLimit = false;
  private open = 0;

  /** What is wrong so far: unexpected characters, then unclosed comments, then bad tokens and nesting. */
  get diagnostics(): Diagnostic[] {
    return [...this.characterErrors, ...this.commentErrors, ...this.tokenErrors];
  }

  /** False when the input must not be parsed (too large or too deeply nested). */
  get parseable(): boolean {
    return !this.overLimit;
  }

  /** Braces and brackets still open at the end of the last piece. */
  get depth(): number {
    return this.open;
  }

  constructor(readonly source: SourceFile) {
    if (source.text.length > limits.maxFileLength) {
      this.characterErrors.push(
        diagnostic('AITM150', `file is ${source.text.length} characters long; the limit is ${limits.maxFileLength}`, {
          span: source.span(0, 0),
          help: 'split the model into several files joined with `import`',
        }),
      );
      this.overLimit = true;
    }
  }

  /**
   * The file's tokens in pieces of at least `size` characters (the last may be shorter), each
   * ending before a line that starts with a letter, where a statement is likely to begin.
   */
  *pieces(size: number): Generator<IToken[]> {
    const { text } = this.source;
    if (text.length > limits.maxFileLength) return;
    let start = 0;
    while (start < text.length) {
      let end = lineStartAfter(text, start + size);
      let tokens: IToken[] | undefined;
      for (;;) {
        const result = lexer.tokenize(start === 0 && end === text.length ? text : text.slice(start, end));
        const comments = result.groups['comments'];
        const last = comments?.at(-1);
        const cutInComment = end < text.length && last?.tokenType === UnterminatedBlockComment;
        // A cut inside a block comment: keep what came before the comment, and lex on from its
        // start to a cut after its end (each character is lexed once however many comments follow).
        if (cutInComment) comments!.pop();
        const lexed = this.check(result, start);
        if (tokens) for (const token of lexed) tokens.push(token);
        else tokens = lexed;
        if (!cutInComment) break;
        start += last!.startOffset;
        const close = text.indexOf('*/', start + 2);
        end = close < 0 ? text.length : lineStartAfter(text, close + 2);
      }
      yield tokens;
      start = end;
    }
  }

  /** The tokens of `[start, end)` of the file alone (its comments and problems are kept as for a piece). */
  region(start: number, end: number): IToken[] {
    return this.check(lexer.tokenize(this.source.text.slice(start, end)), start);
  }

  /** Diagnostics and limits for one piece lexed from `offset`, whose offsets it moves into the file. */
  private check(result: ILexingResult, offset: number): IToken[] {
    const { source } = this;
    for (const error of result.errors) {
      const at = error.offset + offset;
      const char = String.fromCodePoint(source.text.codePointAt(at) ?? 0);
      this.characterErrors.push(
        diagnostic('AITM100', `unexpected character ${describeChar(char)}`, {
          span: source.span(at, at + char.length),
          label: 'not part of the language',
          help: char === "'" ? 'strings use double quotes: "like this"' : undefined,
        }),
      );
    }

    for (const comment of result.groups['comments'] ?? []) {
      comment.startOffset += offset;
      if (comment.tokenType === UnterminatedBlockComment) {
        this.commentErrors.push(
          diagnostic('AITM103', 'block comment is never closed', {
            span: source.span(comment.startOffset, comment.startOffset + 2),
            label: 'opened here',
            help: 'close it with `*/`',
          }),
        );
      }
      this.comments.push(comment);
    }

    for (const token of result.tokens) {
      token.startOffset += offset;
      if (token.image.length > limits.maxTokenLength) {
        this.tokenErrors.push(
          diagnostic('AITM151', `token is ${token.image.length} characters long; the limit is ${limits.maxTokenLength}`, {
            span: source.span(token.startOffset, token.startOffset + token.image.length),
          }),
        );
        this.overLimit = true;
      }
      if (token.tokenType === UnterminatedString) {
        this.tokenErrors.push(
          diagnostic('AITM101', 'string is not closed before the end of the line', {
            span: source.span(token.startOffset, token.startOffset + token.image.length),
            label: 'missing closing `"`',
            help: 'strings fit on one line; write a line break inside one as `\\n`',
          }),
        );
      }
      const type = token.tokenType;
      if (type === LCurly || type === LSquare) {
        this.open++;
        if (this.open > limits.maxNestingDepth && !this.overLimit) {
          this.tokenErrors.push(
            diagnostic('AITM152', `nesting is deeper than ${limits.maxNestingDepth} levels`, {
              span: source.span(token.startOffset, token.startOffset + 1),
              label: 'too deep',
              help: 'flatten the nested boundaries or lists',
            }),
          );
          this.overLimit = true;
        }
      } else if (type === RCurly || type === RSquare) {
        this.open = Math.max(0, this.open - 1);
      }
    }
    return result.tokens;
  }
}

/** The first line start at or after `offset` whose line begins with a letter, or the end of the text. */
function lineStartAfter(text: string, offset: number): number {
  if (offset >= text.length) return text.length;
  pieceCut.lastIndex = Math.max(0, offset - 1);
  return pieceCut.exec(text) ? pieceCut.lastIndex : text.length;
}
const pieceCut = /\n(?=[A-Za-z])/g;

function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return char === '`' ? "'`'" : `\`${char}\``;
}
