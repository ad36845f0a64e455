import { Lexer, type IToken } from 'chevrotain';
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

/** Built once: chevrotain's lexer analyses its token set at construction, which is the slow part. */
const lexer = new Lexer(allTokens, {
  // Lines and columns come from SourceFile; tracking them per token here would double the lexing time.
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
});

export interface LexResult {
  readonly tokens: IToken[];
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
  /** False when the input must not be parsed (too large or too deeply nested). */
  readonly parseable: boolean;
}

export function tokenize(source: SourceFile): LexResult {
  const diagnostics: Diagnostic[] = [];
  if (source.text.length > limits.maxFileLength) {
    diagnostics.push(
      diagnostic('AITM150', `file is ${source.text.length} characters long; the limit is ${limits.maxFileLength}`, {
        span: source.span(0, 0),
        help: 'split the model into several files joined with `import`',
      }),
    );
    return { tokens: [], comments: [], diagnostics, parseable: false };
  }

  const result = lexer.tokenize(source.text);
  for (const error of result.errors) {
    const char = String.fromCodePoint(source.text.codePointAt(error.offset) ?? 0);
    diagnostics.push(
      diagnostic('AITM100', `unexpected character ${describeChar(char)}`, {
        span: source.span(error.offset, error.offset + char.length),
        label: 'not part of the language',
        help: char === "'" ? 'strings use double quotes: "like this"' : undefined,
      }),
    );
  }

  const comments: IToken[] = [];
  for (const comment of result.groups['comments'] ?? []) {
    if (comment.tokenType === UnterminatedBlockComment) {
      diagnostics.push(
        diagnostic('AITM103', 'block comment is never closed', {
          span: source.span(comment.startOffset, comment.startOffset + 2),
          label: 'opened here',
          help: 'close it with `*/`',
        }),
      );
    }
    comments.push(comment);
  }

  let depth = 0;
  let parseable = true;
  for (const token of result.tokens) {
    if (token.image.length > limits.maxTokenLength) {
      diagnostics.push(
        diagnostic('AITM151', `token is ${token.image.length} characters long; the limit is ${limits.maxTokenLength}`, {
          span: source.span(token.startOffset, token.startOffset + token.image.length),
        }),
      );
      parseable = false;
    }
    if (token.tokenType === UnterminatedString) {
      diagnostics.push(
        diagnostic('AITM101', 'string is not closed before the end of the line', {
          span: source.span(token.startOffset, token.startOffset + token.image.length),
          label: 'missing closing `"`',
          help: 'strings fit on one line; write a line break inside one as `\\n`',
        }),
      );
    }
    const type = token.tokenType;
    if (type === LCurly || type === LSquare) {
      depth++;
      if (depth > limits.maxNestingDepth && parseable) {
        diagnostics.push(
          diagnostic('AITM152', `nesting is deeper than ${limits.maxNestingDepth} levels`, {
            span: source.span(token.startOffset, token.startOffset + 1),
            label: 'too deep',
            help: 'flatten the nested boundaries or lists',
          }),
        );
        parseable = false;
      }
    } else if (type === RCurly || type === RSquare) {
      depth = Math.max(0, depth - 1);
    }
  }

  return { tokens: result.tokens, comments, diagnostics, parseable };
}

function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return char === '`' ? "'`'" : `\`${char}\``;
}
