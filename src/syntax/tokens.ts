import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * Every token of the language, in the order the lexer tries them. Keywords are also `Name`s (a
 * token category), so a keyword can still be used as a property name, an id or a value: `model`
 * opens an element in statement position but is an ordinary name after `uses: [`.
 */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });

export const Identifier = createToken({
  name: 'Identifier',
  // Hyphens and dots may join parts (`prompt-injection.indirect`), but never end a name, so
  // `a->b` still lexes as `a`, `->`, `b`.
  pattern: /[A-Za-z_][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)*/,
  categories: [Name],
});

function keyword(word: string, categories: TokenType[] = []): TokenType {
  return createToken({
    name: word[0]!.toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Name, ...categories],
  });
}

export const ElementKeyword = createToken({ name: 'ElementKeyword', pattern: Lexer.NA });
export const DispositionKeyword = createToken({ name: 'DispositionKeyword', pattern: Lexer.NA });

export const System = keyword('system');
export const Import = keyword('import');
export const Data = keyword('data');
export const Boundary = keyword('boundary');
export const Flow = keyword('flow');
export const On = keyword('on');
export const Actor = keyword('actor', [ElementKeyword]);
export const Service = keyword('service', [ElementKeyword]);
export const Api = keyword('api', [ElementKeyword]);
export const Model = keyword('model', [ElementKeyword]);
export const Agent = keyword('agent', [ElementKeyword]);
export const Tool = keyword('tool', [ElementKeyword]);
export const Dataset = keyword('dataset', [ElementKeyword]);
export const Store = keyword('store', [ElementKeyword]);
export const Pipeline = keyword('pipeline', [ElementKeyword]);
export const Toolserver = keyword('toolserver', [ElementKeyword]);
export const Mitigate = keyword('mitigate', [DispositionKeyword]);
export const Accept = keyword('accept', [DispositionKeyword]);
export const Dismiss = keyword('dismiss', [DispositionKeyword]);

export const True = createToken({ name: 'True', pattern: /true/, longer_alt: Identifier });
export const False = createToken({ name: 'False', pattern: /false/, longer_alt: Identifier });

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  // U+FEFF: a byte-order mark is whitespace wherever it appears, so a BOM at the start of a file
  // needs no special case and offsets still point into the original text.
  pattern: /[ \t\r\n\f\v\uFEFF\u00A0]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\r\n]*/,
  group: 'comments',
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  group: 'comments',
  line_breaks: true,
});
/** A block comment that never closes: lexed to the end of the file and reported. */
export const UnterminatedBlockComment = createToken({
  name: 'UnterminatedBlockComment',
  pattern: /\/\*[\s\S]*/,
  group: 'comments',
  line_breaks: true,
});

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
});
/** A string that reaches the end of its line unclosed: reported, then parsed as a string. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [StringLiteral],
});

export const DateLiteral = createToken({ name: 'DateLiteral', pattern: /\d{4}-\d{2}-\d{2}(?![\w-])/ });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /-?\d+(?:\.\d+)?(?![\w.])/ });

export const BiArrow = createToken({ name: 'BiArrow', pattern: /<->/ });
export const Arrow = createToken({ name: 'Arrow', pattern: /->/ });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/ });
export const LSquare = createToken({ name: 'LSquare', pattern: /\[/ });
export const RSquare = createToken({ name: 'RSquare', pattern: /\]/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });

export const keywordTokens = [
  System, Import, Data, Boundary, Flow, On,
  Actor, Service, Api, Model, Agent, Tool, Dataset, Store, Pipeline, Toolserver,
  Mitigate, Accept, Dismiss, True, False,
];

/** Order matters: comments before anything starting with `/`, keywords before identifiers, dates before numbers. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedBlockComment,
  StringLiteral,
  UnterminatedString,
  DateLiteral,
  NumberLiteral,
  BiArrow,
  Arrow,
  LCurly,
  RCurly,
  LSquare,
  RSquare,
  Colon,
  Comma,
  // Longest first, so `dataset` is not lexed as `data` + `set`.
  ...[...keywordTokens].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length),
  Identifier,
  Name,
  ElementKeyword,
  DispositionKeyword,
];
