import { EmbeddedActionsParser, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import type * as ast from '../ast/nodes.js';
import type { AstFactory } from './ast-factory.js';
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
 * The parser: builds the AST as it recognises the grammar, with no concrete syntax tree in
 * between (a CST cost more time and memory than lexing the whole file). Grammar (EBNF):
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
class AitmParser extends EmbeddedActionsParser {
  /** Builds nodes for the file being parsed; set by parseTokens. */
  private factory: AstFactory | undefined;
  /**
   * Top-level statements, kept on the parser rather than returned by `file`: when the top-level
   * loop gives up, chevrotain returns no value from `file`, but what parsed before must survive.
   */
  private statements: ast.Statement[] = [];

  /** `validate`: run chevrotain's grammar checks (ambiguity, left recursion) too; see `createLexer`. */
  constructor(validate = false) {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 3, errorMessageProvider: errorMessages, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  /** Parse `tokens` into `statements`, building nodes with `factory`. */
  run(tokens: IToken[], factory: AstFactory, statements: ast.Statement[]): IRecognitionException[] {
    this.factory = factory;
    this.statements = statements;
    this.input = tokens;
    this.file();
    const errors = this.errors;
    // The parser lives as long as the process; it must not keep this file's tokens or tree alive.
    this.input = [];
    this.statements = [];
    this.factory = undefined;
    return errors;
  }

  // The bodies below run once at construction to record the grammar, with stand-in tokens; node
  // building is wrapped in ACTION, which that recording skips.

  readonly file = this.RULE('file', () => {
    this.MANY(() => {
      const statement = this.SUBRULE(this.statement);
      this.ACTION(() => statement && this.statements.push(statement));
    });
  });

  readonly statement = this.RULE('statement', (): ast.Statement | undefined =>
    this.OR<ast.Statement | undefined>([
      { ALT: () => this.SUBRULE(this.systemDecl) },
      { ALT: () => this.SUBRULE(this.importDecl) },
      { ALT: () => this.SUBRULE(this.dataDecl) },
      { ALT: () => this.SUBRULE(this.boundaryDecl) },
      { ALT: () => this.SUBRULE(this.elementDecl) },
      { ALT: () => this.SUBRULE(this.flowDecl) },
      { ALT: () => this.SUBRULE(this.dispositionDecl) },
    ]),
  );

  readonly systemDecl = this.RULE('systemDecl', () => {
    const keyword = this.CONSUME(System);
    const label = this.CONSUME(StringLiteral, { LABEL: 'label' });
    const properties = this.SUBRULE(this.block);
    return this.ACTION(() => this.factory!.system(keyword, label, properties, this.LA(0)));
  });

  readonly importDecl = this.RULE('importDecl', () => {
    const keyword = this.CONSUME(Import);
    const path = this.CONSUME(StringLiteral, { LABEL: 'path' });
    return this.ACTION(() => this.factory!.import(keyword, path, this.LA(0)));
  });

  readonly dataDecl = this.RULE('dataDecl', () => {
    const keyword = this.CONSUME(Data);
    const id = this.CONSUME(Name, { LABEL: 'id' });
    const label = this.OPTION(() => this.CONSUME(StringLiteral, { LABEL: 'label' }));
    const properties = this.OPTION2(() => this.SUBRULE(this.block));
    return this.ACTION(() => this.factory!.data(keyword, id, label, properties, this.LA(0)));
  });

  readonly boundaryDecl = this.RULE('boundaryDecl', (): ast.BoundaryDecl => {
    const keyword = this.CONSUME(Boundary);
    const id = this.CONSUME(Name, { LABEL: 'id' });
    const label = this.OPTION(() => this.CONSUME(StringLiteral, { LABEL: 'label' }));
    const properties: ast.Property[] = [];
    const members: (ast.ElementDecl | ast.BoundaryDecl)[] = [];
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.OR([
        // A property starts `name :`; an element starts `kind name`. Two tokens tell them apart.
        {
          GATE: () => this.LA(2).tokenType === Colon,
          ALT: () => {
            const property = this.SUBRULE(this.property);
            this.ACTION(() => property && properties.push(property));
          },
        },
        {
          ALT: () => {
            const element = this.SUBRULE(this.elementDecl);
            this.ACTION(() => element && members.push(element));
          },
        },
        {
          ALT: () => {
            const boundary = this.SUBRULE(this.boundaryDecl);
            this.ACTION(() => boundary && members.push(boundary));
          },
        },
      ]);
    });
    this.CONSUME(RCurly);
    return this.ACTION(() => this.factory!.boundary(keyword, id, label, properties, members, this.LA(0)));
  });

  readonly elementDecl = this.RULE('elementDecl', () => {
    const kind = this.CONSUME(ElementKeyword, { LABEL: 'kind' });
    const id = this.CONSUME(Name, { LABEL: 'id' });
    const label = this.OPTION(() => this.CONSUME(StringLiteral, { LABEL: 'label' }));
    const properties = this.OPTION2(() => this.SUBRULE(this.block));
    return this.ACTION(() => this.factory!.element(kind, id, label, properties, this.LA(0)));
  });

  readonly flowDecl = this.RULE('flowDecl', () => {
    const keyword = this.CONSUME(Flow);
    const id = this.OPTION(() => {
      const name = this.CONSUME(Name, { LABEL: 'id' });
      this.CONSUME(Colon);
      return name;
    });
    const source = this.CONSUME2(Name, { LABEL: 'source' });
    const arrow = this.OR([{ ALT: () => this.CONSUME(Arrow) }, { ALT: () => this.CONSUME(BiArrow) }]);
    const target = this.CONSUME3(Name, { LABEL: 'target' });
    const label = this.OPTION2(() => this.CONSUME(StringLiteral, { LABEL: 'label' }));
    const properties = this.OPTION3(() => this.SUBRULE(this.block));
    return this.ACTION(() =>
      this.factory!.flow(keyword, { id, source, target, bidirectional: arrow.tokenType === BiArrow, label }, properties, this.LA(0)),
    );
  });

  readonly dispositionDecl = this.RULE('dispositionDecl', () => {
    const kind = this.CONSUME(DispositionKeyword, { LABEL: 'kind' });
    const threat = this.CONSUME(Name, { LABEL: 'threat' });
    this.CONSUME(On);
    const target = this.CONSUME2(Name, { LABEL: 'target' });
    const targetEnd = this.OPTION(() => {
      this.CONSUME(Arrow);
      return this.CONSUME3(Name, { LABEL: 'targetEnd' });
    });
    const properties = this.OPTION2(() => this.SUBRULE(this.block));
    return this.ACTION(() => this.factory!.disposition(kind, threat, target, targetEnd, properties, this.LA(0)));
  });

  readonly block = this.RULE('block', () => {
    const properties: ast.Property[] = [];
    this.CONSUME(LCurly);
    this.MANY(() => {
      const property = this.SUBRULE(this.property);
      this.ACTION(() => property && properties.push(property));
    });
    this.CONSUME(RCurly);
    return properties;
  });

  readonly property = this.RULE('property', () => {
    const key = this.CONSUME(Name, { LABEL: 'key' });
    this.CONSUME(Colon);
    const value = this.SUBRULE(this.value);
    // Properties on one line read better with commas; on separate lines they are noise. Both parse.
    this.OPTION(() => this.CONSUME(Comma));
    return this.ACTION(() => this.factory!.property(key, value));
  });

  readonly value = this.RULE('value', (): ast.Value | undefined => {
    const value = this.OR<IToken | ast.ListValue | undefined>([
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.CONSUME(DateLiteral) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.CONSUME(Name) },
      { ALT: () => this.SUBRULE(this.list) },
    ]);
    return this.ACTION(() => (value && 'image' in value ? this.factory!.value(value) : value));
  });

  readonly list = this.RULE('list', () => {
    const items: ast.Value[] = [];
    const open = this.CONSUME(LSquare);
    this.OPTION(() => {
      const first = this.SUBRULE(this.value);
      this.ACTION(() => first && items.push(first));
      this.MANY({
        // A comma followed by `]` is a trailing comma, taken below, not a separator.
        GATE: () => this.LA(2).tokenType !== RSquare,
        DEF: () => {
          this.CONSUME(Comma);
          const next = this.SUBRULE2(this.value);
          this.ACTION(() => next && items.push(next));
        },
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RSquare);
    return this.ACTION(() => this.factory!.list(open, items, this.LA(0)));
  });
}

/** One parser for the whole process: construction runs the grammar analysis, parsing only resets input. */
export const parser = new AitmParser();

export { AitmParser };

export interface ParseResult {
  readonly statements: ast.Statement[];
  readonly errors: IRecognitionException[];
}

/**
 * Parse a whole file into statements. Chevrotain's in-rule recovery handles errors inside a
 * statement, but at the top level it stops at the first token that cannot start a statement. So we
 * skip ahead to the next token that can (outside any braces) and parse on from there: one run
 * reports every error.
 */
export function parseTokens(tokens: IToken[], factory: AstFactory): ParseResult {
  const statements: ast.Statement[] = [];
  const errors: IRecognitionException[] = [];
  let start = 0;
  do {
    let resumeAt = -1;
    for (const error of parser.run(start === 0 ? tokens : tokens.slice(start), factory, statements)) {
      errors.push(error);
      if (stoppedAtTopLevel(error)) {
        resumeAt = nextStatementStart(tokens, indexOfToken(tokens, error.token, start));
      }
    }
    if (resumeAt < 0) break;
    start = resumeAt;
  } while (start < tokens.length);
  return { statements, errors };
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

/** Tokens that can begin a top-level statement. */
export const statementStarts: ReadonlySet<TokenType> = new Set<TokenType>([
  System, Import, Data, Boundary, Flow,
  ...allTokens.filter((t) => t.CATEGORIES?.includes(ElementKeyword) || t.CATEGORIES?.includes(DispositionKeyword)),
]);
