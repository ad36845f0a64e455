import {
  boundaryProperties,
  dataProperties,
  dispositionProperties,
  elementPropertyTable,
  flowProperties,
  systemProperties,
  type DispositionKind,
  type ElementKind,
  type PropertySpec,
  type PropertyTable,
} from '../semantics/vocabulary.js';

/**
 * Writes declarations as .aitm source text. It only decides how each value is spelled; whether a
 * value is allowed is left to the parser and resolver, which read the text back. So a wrong value
 * is written in the form that makes them report it (a word that cannot be a name is written as a
 * string, which the parser rejects where a name belongs), and no value can change the structure of
 * the text around it.
 */

export type Properties = Readonly<Record<string, unknown>>;

export type SourceDecl =
  | { readonly type: 'system'; readonly name: string; readonly properties: Properties }
  | { readonly type: 'data'; readonly id: string; readonly label: string | undefined; readonly properties: Properties }
  | {
      readonly type: 'element';
      readonly kind: ElementKind;
      readonly id: string;
      readonly label: string | undefined;
      readonly properties: Properties;
    }
  | {
      readonly type: 'boundary';
      readonly id: string;
      readonly label: string | undefined;
      readonly properties: Properties;
      /** Filled while the boundary's callback runs. */
      readonly members: SourceDecl[];
    }
  | {
      readonly type: 'flow';
      readonly name: string | undefined;
      readonly source: string;
      readonly target: string;
      readonly bidirectional: boolean;
      readonly label: string | undefined;
      readonly properties: Properties;
    }
  | {
      readonly type: 'disposition';
      readonly kind: DispositionKind;
      readonly threat: string;
      /** A name, or the two ends of a flow (`on a -> b`). */
      readonly target: string | readonly [string, string];
      readonly properties: Properties;
    };

/** A block that fits on one line with its declaration is written on it. */
const maxLineLength = 100;
const indentUnit = '  ';

/** The identifier token of the lexer (src/syntax/tokens.ts); `true` and `false` lex as booleans. */
const nameToken = /^[A-Za-z_][A-Za-z0-9_]*(?:[-.][A-Za-z0-9_]+)*$/;
const dateToken = /^\d{4}-\d{2}-\d{2}$/;
const numberToken = /^-?\d+(?:\.\d+)?$/;

/** The whole file: one statement after another, in the order given. */
export function writeSource(decls: readonly SourceDecl[]): string {
  const out: string[] = [];
  let previous: { type: string; lines: number } | undefined;
  for (const decl of decls) {
    const lines = writeDecl(decl, '');
    // A blank line between groups of statements and around anything that spans several lines.
    if (previous && (previous.type !== decl.type || previous.lines > 1 || lines.length > 1)) out.push('');
    out.push(...lines);
    previous = { type: decl.type, lines: lines.length };
  }
  return out.join('\n') + '\n';
}

function writeDecl(decl: SourceDecl, indent: string): string[] {
  switch (decl.type) {
    case 'system':
      return block(`system ${quote(decl.name)}`, decl.properties, systemProperties, indent, [], true);
    case 'data':
      return block(labelled(`data ${word(decl.id)}`, decl.label), decl.properties, dataProperties, indent);
    case 'element':
      return block(labelled(`${decl.kind} ${word(decl.id)}`, decl.label), decl.properties, elementPropertyTable(decl.kind), indent);
    case 'boundary': {
      const members = decl.members.flatMap((member) => writeDecl(member, indent + indentUnit));
      return block(labelled(`boundary ${word(decl.id)}`, decl.label), decl.properties, boundaryProperties, indent, members);
    }
    case 'flow': {
      const name = decl.name === undefined ? '' : `${word(decl.name)}: `;
      const arrow = decl.bidirectional ? '<->' : '->';
      const head = `flow ${name}${word(decl.source)} ${arrow} ${word(decl.target)}`;
      return block(labelled(head, decl.label), decl.properties, flowProperties, indent);
    }
    case 'disposition': {
      const target = typeof decl.target === 'string' ? word(decl.target) : `${word(decl.target[0])} -> ${word(decl.target[1])}`;
      return block(`${decl.kind} ${word(decl.threat)} on ${target}`, decl.properties, dispositionProperties[decl.kind], indent);
    }
  }
}

function labelled(head: string, label: string | undefined): string {
  return label === undefined ? head : `${head} ${quote(label)}`;
}

/**
 * A declaration with its properties and members: on one line when it fits and has no members,
 * otherwise one property per line, then the members.
 */
function block(
  head: string,
  properties: Properties,
  table: PropertyTable,
  indent: string,
  members: readonly string[] = [],
  alwaysBlock = false,
): string[] {
  const written = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${word(key)}: ${writeValue(value, Object.hasOwn(table, key) ? table[key] : undefined, key)}`);
  if (members.length === 0) {
    if (written.length === 0) return [`${indent}${head}${alwaysBlock ? ' {}' : ''}`];
    const line = `${indent}${head} { ${written.join(', ')} }`;
    if (!alwaysBlock && line.length <= maxLineLength) return [line];
  }
  const inner = indent + indentUnit;
  return [`${indent}${head} {`, ...written.map((p) => inner + p), ...members, `${indent}}`];
}

function writeValue(value: unknown, spec: PropertySpec | undefined, key: string): string {
  if (Array.isArray(value)) return `[${value.map((item: unknown) => writeScalar(item, spec, key)).join(', ')}]`;
  return writeScalar(value, spec, key);
}

function writeScalar(value: unknown, spec: PropertySpec | undefined, key: string): string {
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return numberToken.test(String(value)) ? String(value) : quote(String(value));
  if (typeof value === 'string') return writeString(value, spec);
  if (isHandle(value)) return word(value.id);
  throw new TypeError(`\`${key}\`: cannot write ${describe(value)} as an .aitm value`);
}

/** A string is quoted where the language takes text, and a bare word where it takes a name or date. */
function writeString(value: string, spec: PropertySpec | undefined): string {
  switch (spec?.type) {
    case 'enum':
    case 'ref':
    case 'symbol':
      return word(value);
    case 'date':
      return dateToken.test(value) ? value : quote(value);
    default:
      return quote(value);
  }
}

/** A name as a bare word; anything that would not lex as one name is quoted, so the parser reports it. */
export function word(text: string): string {
  return nameToken.test(text) ? text : quote(text);
}

/**
 * A string literal the lexer reads back as exactly `text`. Besides the quote and the backslash, it
 * escapes line breaks, control and invisible characters and unpaired surrogates, so the file stays
 * one string per line and survives being saved as UTF-8.
 */
export function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const code = c.charCodeAt(0);
    if (c === '"' || c === '\\') out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) out += c + text[++i]!;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0xd800 && code <= 0xdfff) || invisible.has(code)) out += unicodeEscape(code);
    else out += c;
  }
  return out + '"';
}

/** Line and paragraph separators and the byte-order mark: legal in a string, but easily lost or misread. */
const invisible = new Set([0x2028, 0x2029, 0xfeff]);

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function unicodeEscape(code: number): string {
  return '\\u' + code.toString(16).padStart(4, '0');
}

function isHandle(value: unknown): value is { readonly id: string } {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object without a string `id`';
  return `a ${typeof value}`;
}
