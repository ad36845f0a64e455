import { CstParser, type CstNode, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { errorMessages } from './error-messages.js';
import {
  allTokens,
  Arrow,
  BiArrow,
  Boundary,
  Colon,
  Comma,
  Data,
  DateLiteral,
  DispositionKeyword,
  ElementKeyword,
  False,
  Flow,
  Import,
  LCurly,
  LSquare,
  Name,
  NumberLiteral,
  On,
  RCurly,
  RSquare,
  StringLiteral,
  System,
  True,
} from './tokens.js';

/**
 * The concrete-syntax parser. Grammar (EBNF):
 *
 *   file        = statement* ;
 *   statement   = system | import | data | boundary | element | flow | disposition ;
 *   system      = "system" STRING block ;
 *   import      = "import" STRING ;
 *   data        = "data" NAME STRING? block? ;
 *   boundary    = "boundary" NAME STRING? "{" ( property | element | boundary )* "}" ;
 *   element     = ELEMENT_KIND NAME STRING? block? ;
 *   flow        = "flow" ( NAME ":" )? NAME ( "->" | "<->" ) NAME STRING? block? ;
 *   disposition = ( "mitigate" | "accept" | "dismiss" ) NAME "on" target block? ;
 *   target      = NAME ( "->" NAME )? ;
 *   block       = "{" property* "}" ;
 *   property    = NAME ":" value ","? ;
 *   value       = STRING | NUMBER | DATE | "true" | "false" | NAME | list ;
 *   list        = "[" ( value ( "," value )* ","? )? "]" ;
 */
class AitmParser extends CstParser {
  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, nodeLocationTracking: 'onlyOffset', errorMessageProvider: errorMessages });
    this.performSelfAnalysis();
  }

  readonly file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  readonly statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.systemDecl) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.dataDecl) },
      { ALT: () => this.SUBRULE(this.boundaryDecl) },
      { ALT: () => this.SUBRULE(this.elementDecl) },
      { ALT: () => this.SUBRULE(this.flowDecl) },
      { ALT: () => this.SUBRULE(this.dispositionDecl) },
    ]);
  });

  readonly systemDecl = this.RULE('systemDecl', () => {
    this.CONSUME(System);
    this.CONSUME(StringLiteral, { LABEL: 'label' });
    this.SUBRULE(this.block);
  });

  readonly importDecl = this.RULE('importDecl', () => {
    this.CONSUME(Import);
    this.CONSUME(StringLiteral, { LABEL: 'path' });
  });

  readonly dataDecl = this.RULE('dataDecl', () => {
    this.CONSUME(Data);
    this.CONSUME(Name, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(StringLiteral, { LABEL: 'label' }));
    this.OPTION2(() => this.SUBRULE(this.block));
  });

  readonly boundaryDecl = this.RULE('boundaryDecl', () => {
    this.CONSUME(Boundary);
    this.CONSUME(Name, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(StringLiteral, { LABEL: 'label' }));
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.OR([
        // A property starts `name :`; an element starts `kind name`. Two tokens tell them apart.
        { GATE: () => this.LA(2).tokenType === Colon, ALT: () => this.SUBRULE(this.property) },
        { ALT: () => this.SUBRULE(this.elementDecl) },
        { ALT: () => this.SUBRULE(this.boundaryDecl) },
      ]);
    });
    this.CONSUME(RCurly);
  });

  readonly elementDecl = this.RULE('elementDecl', () => {
    this.CONSUME(ElementKeyword, { LABEL: 'kind' });
    this.CONSUME(Name, { LABEL: 'id' });
    this.OPTION(() => this.CONSUME(StringLiteral, { LABEL: 'label' }));
    this.OPTION2(() => this.SUBRULE(this.block));
  });

  readonly flowDecl = this.RULE('flowDecl', () => {
    this.CONSUME(Flow);
    this.OPTION(() => {
      this.CONSUME(Name, { LABEL: 'id' });
      this.CONSUME(Colon);
    });
    this.CONSUME2(Name, { LABEL: 'source' });
    this.OR([{ ALT: () => this.CONSUME(Arrow) }, { ALT: () => this.CONSUME(BiArrow) }]);
    this.CONSUME3(Name, { LABEL: 'target' });
    this.OPTION2(() => this.CONSUME(StringLiteral, { LABEL: 'label' }));
    this.OPTION3(() => this.SUBRULE(this.block));
  });

  readonly dispositionDecl = this.RULE('dispositionDecl', () => {
    this.CONSUME(DispositionKeyword, { LABEL: 'kind' });
    this.CONSUME(Name, { LABEL: 'threat' });
    this.CONSUME(On);
    this.CONSUME2(Name, { LABEL: 'target' });
    this.OPTION(() => {
      this.CONSUME(Arrow);
      this.CONSUME3(Name, { LABEL: 'targetEnd' });
    });
    this.OPTION2(() => this.SUBRULE(this.block));
  });

  readonly block = this.RULE('block', () => {
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.property));
    this.CONSUME(RCurly);
  });

  readonly property = this.RULE('property', () => {
    this.CONSUME(Name, { LABEL: 'key' });
    this.CONSUME(Colon);
    this.SUBRULE(this.value);
    // Properties on one line read better with commas; on separate lines they are noise. Both parse.
    this.OPTION(() => this.CONSUME(Comma));
  });

  readonly value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(DateLiteral) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(Name) },
      { ALT: () => this.SUBRULE(this.list) },
    ]);
  });

  readonly list = this.RULE('list', () => {
    this.CONSUME(LSquare);
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY({
        // A comma followed by `]` is a trailing comma, taken below, not a separator.
        GATE: () => this.LA(2).tokenType !== RSquare,
        DEF: () => {
          this.CONSUME(Comma);
          this.SUBRULE2(this.value);
        },
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RSquare);
  });
}

/** One parser for the whole process: construction runs the grammar analysis, parsing only resets input. */
export const parser = new AitmParser();

export type { AitmParser };

export interface ParseResult {
  /** One CST per run of parseable statements (see parseTokens). */
  readonly csts: CstNode[];
  readonly errors: IRecognitionException[];
}

/**
 * Parse a whole file. Chevrotain's in-rule recovery handles errors inside a statement, but at the
 * top level it stops at the first token that cannot start a statement. So we skip ahead to the next
 * token that can (outside any braces) and parse on from there: one run reports every error.
 */
export function parseTokens(tokens: IToken[]): ParseResult {
  const csts: CstNode[] = [];
  const errors: IRecognitionException[] = [];
  let start = 0;
  while (start < tokens.length || csts.length === 0) {
    parser.input = start === 0 ? tokens : tokens.slice(start);
    csts.push(parser.file());
    let resumeAt = -1;
    for (const error of parser.errors) {
      errors.push(error);
      if (stoppedAtTopLevel(error)) {
        resumeAt = nextStatementStart(tokens, indexOfToken(tokens, error.token, start));
      }
    }
    if (resumeAt < 0) break;
    start = resumeAt;
  }
  return { csts, errors };
}

/** The top-level loop gave up: the rest of the input was not parsed at all. */
export function stoppedAtTopLevel(error: IRecognitionException): boolean {
  return error.name === 'NotAllInputParsedException' || error.context.ruleStack.length <= 1;
}

function indexOfToken(tokens: readonly IToken[], token: IToken, from: number): number {
  for (let i = from; i < tokens.length; i++) if (tokens[i] === token) return i;
  return tokens.length;
}

function nextStatementStart(tokens: readonly IToken[], after: number): number {
  let depth = 0;
  for (let i = after + 1; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === LCurly || type === LSquare) depth++;
    else if (type === RCurly || type === RSquare) depth = Math.max(0, depth - 1);
    else if (depth === 0 && statementStarts.has(type)) return i;
  }
  return -1;
}

const statementStarts = new Set<TokenType>([
  System, Import, Data, Boundary, Flow,
  ...allTokens.filter((t) => t.CATEGORIES?.includes(ElementKeyword) || t.CATEGORIES?.includes(DispositionKeyword)),
]);
