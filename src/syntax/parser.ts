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
 * What each consumed token is, for the serialized grammar and its syntax diagrams. Made once: an
 * options object written at each CONSUME would be allocated at every call.
 */
const as = {
  id: { LABEL: 'id' },
  key: { LABEL: 'key' },
  kind: { LABEL: 'kind' },
  label: { LABEL: 'label' },
  path: { LABEL: 'path' },
  source: { LABEL: 'source' },
  target: { LABEL: 'target' },
  targetEnd: { LABEL: 'targetEnd' },
  threat: { LABEL: 'threat' },
} as const;

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

  /**
   * Whether nodes are being built. The rule bodies below also run once at construction, while
   * chevrotain records the grammar with stand-in tokens; nothing is built then. Asked directly
   * rather than through chevrotain's ACTION, which takes a closure: a closure per property and
   * value is allocated for nothing.
   */
  private get building(): boolean {
    return !this.RECORDING_PHASE;
  }

  // Alternatives and optional parts are made once, not at every call: chevrotain takes them as
  // arrays of closures, and a large model calls these rules hundreds of thousands of times (its
  // performance guide recommends caching them). They use only `this`, never a rule's locals.
  private readonly label = () => this.CONSUME(StringLiteral, as.label);
  private readonly optionalBlock = () => this.SUBRULE(this.block);
  private readonly comma = () => this.CONSUME(Comma);

  readonly file = this.RULE('file', () => {
    this.MANY(() => {
      const statement = this.SUBRULE(this.statement);
      if (this.building && statement) this.statements.push(statement);
    });
  });

  private readonly statementKinds = [
    { ALT: () => this.SUBRULE(this.systemDecl) },
    { ALT: () => this.SUBRULE(this.importDecl) },
    { ALT: () => this.SUBRULE(this.dataDecl) },
    { ALT: () => this.SUBRULE(this.boundaryDecl) },
    { ALT: () => this.SUBRULE(this.elementDecl) },
    { ALT: () => this.SUBRULE(this.flowDecl) },
    { ALT: () => this.SUBRULE(this.dispositionDecl) },
  ];

  readonly statement = this.RULE('statement', (): ast.Statement | undefined => this.OR<ast.Statement | undefined>(this.statementKinds));

  readonly systemDecl = this.RULE('systemDecl', () => {
    const keyword = this.CONSUME(System);
    const label = this.CONSUME(StringLiteral, as.label);
    const properties = this.SUBRULE(this.block);
    return this.building ? this.factory!.system(keyword, label, properties, this.LA(0)) : undefined;
  });

  readonly importDecl = this.RULE('importDecl', () => {
    const keyword = this.CONSUME(Import);
    const path = this.CONSUME(StringLiteral, as.path);
    return this.building ? this.factory!.import(keyword, path, this.LA(0)) : undefined;
  });

  readonly dataDecl = this.RULE('dataDecl', () => {
    const keyword = this.CONSUME(Data);
    const id = this.CONSUME(Name, as.id);
    const label = this.OPTION(this.label);
    const properties = this.OPTION2(this.optionalBlock);
    return this.building ? this.factory!.data(keyword, id, label, properties, this.LA(0)) : undefined;
  });

  private readonly boundaryMembers = [
    // A property starts `name :`; an element starts `kind name`. Two tokens tell them apart.
    { GATE: () => this.LA(2).tokenType === Colon, ALT: () => this.SUBRULE(this.property) },
    { ALT: () => this.SUBRULE(this.elementDecl) },
    { ALT: () => this.SUBRULE(this.boundaryDecl) },
  ];

  readonly boundaryDecl = this.RULE('boundaryDecl', (): ast.BoundaryDecl | undefined => {
    const keyword = this.CONSUME(Boundary);
    const id = this.CONSUME(Name, as.id);
    const label = this.OPTION(this.label);
    const properties: ast.Property[] = [];
    const members: (ast.ElementDecl | ast.BoundaryDecl)[] = [];
    this.CONSUME(LCurly);
    this.MANY(() => {
      const member = this.OR<ast.Property | ast.ElementDecl | ast.BoundaryDecl | undefined>(this.boundaryMembers);
      if (!this.building || !member) return;
      if ('key' in member) properties.push(member);
      else members.push(member);
    });
    this.CONSUME(RCurly);
    return this.building ? this.factory!.boundary(keyword, id, label, properties, members, this.LA(0)) : undefined;
  });

  readonly elementDecl = this.RULE('elementDecl', () => {
    const kind = this.CONSUME(ElementKeyword, as.kind);
    const id = this.CONSUME(Name, as.id);
    const label = this.OPTION(this.label);
    const properties = this.OPTION2(this.optionalBlock);
    return this.building ? this.factory!.element(kind, id, label, properties, this.LA(0)) : undefined;
  });

  private readonly flowName = () => {
    const name = this.CONSUME(Name, as.id);
    this.CONSUME(Colon);
    return name;
  };
  private readonly arrows = [{ ALT: () => this.CONSUME(Arrow) }, { ALT: () => this.CONSUME(BiArrow) }];

  readonly flowDecl = this.RULE('flowDecl', () => {
    const keyword = this.CONSUME(Flow);
    const id = this.OPTION(this.flowName);
    const source = this.CONSUME2(Name, as.source);
    const arrow = this.OR(this.arrows);
    const target = this.CONSUME3(Name, as.target);
    const label = this.OPTION2(this.label);
    const properties = this.OPTION3(this.optionalBlock);
    if (!this.building) return undefined;
    return this.factory!.flow(keyword, { id, source, target, bidirectional: arrow.tokenType === BiArrow, label }, properties, this.LA(0));
  });

  private readonly targetEnd = () => {
    this.CONSUME(Arrow);
    return this.CONSUME3(Name, as.targetEnd);
  };

  readonly dispositionDecl = this.RULE('dispositionDecl', () => {
    const kind = this.CONSUME(DispositionKeyword, as.kind);
    const threat = this.CONSUME(Name, as.threat);
    this.CONSUME(On);
    const target = this.CONSUME2(Name, as.target);
    const targetEnd = this.OPTION(this.targetEnd);
    const properties = this.OPTION2(this.optionalBlock);
    return this.building ? this.factory!.disposition(kind, threat, target, targetEnd, properties, this.LA(0)) : undefined;
  });

  readonly block = this.RULE('block', () => {
    const properties: ast.Property[] = [];
    this.CONSUME(LCurly);
    this.MANY(() => {
      const property = this.SUBRULE(this.property);
      if (this.building && property) properties.push(property);
    });
    this.CONSUME(RCurly);
    return properties;
  });

  readonly property = this.RULE('property', () => {
    const key = this.CONSUME(Name, as.key);
    this.CONSUME(Colon);
    const value = this.SUBRULE(this.value);
    // Properties on one line read better with commas; on separate lines they are noise. Both parse.
    this.OPTION(this.comma);
    return this.building ? this.factory!.property(key, value) : undefined;
  });

  private readonly values = [
    { ALT: () => this.CONSUME(StringLiteral) },
    { ALT: () => this.CONSUME(NumberLiteral) },
    { ALT: () => this.CONSUME(DateLiteral) },
    { ALT: () => this.CONSUME(True) },
    { ALT: () => this.CONSUME(False) },
    { ALT: () => this.CONSUME(Name) },
    { ALT: () => this.SUBRULE(this.list) },
  ];

  readonly value = this.RULE('value', (): ast.Value | undefined => {
    const value = this.OR<IToken | ast.ListValue | undefined>(this.values);
    if (!this.building) return undefined;
    return value && 'image' in value ? this.factory!.value(value) : value;
  });

  readonly list = this.RULE('list', () => {
    const items: ast.Value[] = [];
    const open = this.CONSUME(LSquare);
    this.OPTION(() => {
      const first = this.SUBRULE(this.value);
      if (this.building && first) items.push(first);
      this.MANY({
        // A comma followed by `]` is a trailing comma, taken below, not a separator.
        GATE: () => this.LA(2).tokenType !== RSquare,
        DEF: () => {
          this.CONSUME(Comma);
          const next = this.SUBRULE2(this.value);
          if (this.building && next) items.push(next);
        },
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RSquare);
    return this.building ? this.factory!.list(open, items, this.LA(0)) : undefined;
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
