import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import { elementKinds } from '../semantics/vocabulary.js';
import * as t from './tokens.js';

/** How each token is named in messages: what a person would type, not chevrotain's token name. */
const tokenNames = new Map<TokenType, string>([
  [t.Name, 'a name'],
  [t.Identifier, 'a name'],
  [t.ElementKeyword, `an element kind (${elementKinds.join(', ')})`],
  [t.DispositionKeyword, '`mitigate`, `accept` or `dismiss`'],
  [t.StringLiteral, 'a string'],
  [t.UnterminatedString, 'a string'],
  [t.NumberLiteral, 'a number'],
  [t.DateLiteral, 'a date'],
  [t.Arrow, '`->`'],
  [t.BiArrow, '`<->`'],
  [t.LCurly, '`{`'],
  [t.RCurly, '`}`'],
  [t.LSquare, '`[`'],
  [t.RSquare, '`]`'],
  [t.Colon, '`:`'],
  [t.Comma, '`,`'],
  [EOF, 'the end of the file'],
]);

export function describeTokenType(type: TokenType): string {
  return tokenNames.get(type) ?? `\`${String(type.PATTERN).replace(/^\/|\/$/g, '')}\``;
}

export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return 'the end of the file';
  if (token.tokenType === t.StringLiteral || token.tokenType === t.UnterminatedString) return 'a string';
  return `\`${token.image.length > 40 ? token.image.slice(0, 40) + '…' : token.image}\``;
}

function oneOf(names: string[]): string {
  const unique = [...new Set(names)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

/** What a rule starts with, for "expected ..." when no alternative matched. */
const ruleExpectations: Record<string, string> = {
  statement: 'a declaration (`system`, `import`, `data`, `boundary`, an element kind, `flow`, `mitigate`, `accept` or `dismiss`)',
  boundaryDecl: 'a property, an element or a nested `boundary`',
  value: 'a value (a string, number, date, `true`, `false`, a name or a `[list]`)',
  flowDecl: '`->` or `<->`',
};

export const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    // At the top level the only "expected" token is the end of input; what was meant is a statement.
    if (expected === EOF) return `expected ${ruleExpectations['statement']}, found ${describeToken(actual)}`;
    return `expected ${describeTokenType(expected)}, found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected ${ruleExpectations['statement']}, found ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const expectation =
      ruleExpectations[ruleName] ??
      oneOf(expectedPathsPerAlt.flatMap((paths) => paths.map((path) => (path[0] ? describeTokenType(path[0]) : 'nothing'))));
    return `expected ${expectation}, found ${describeToken(actual[0]!)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    const expectation = oneOf(expectedIterationPaths.map((path) => (path[0] ? describeTokenType(path[0]) : 'nothing')));
    return `expected ${expectation}, found ${describeToken(actual[0]!)}`;
  },
};
