import type * as ast from '../ast/nodes.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { SourceFile } from '../source/source-file.js';
import { parseSource } from '../syntax/parse-source.js';

export interface FormatOptions {
  /** The name used in diagnostics. Default `<input>`. */
  readonly file?: string;
  /** Lines longer than this are broken: a block one property per line, a list one item per line. Default 100. */
  readonly width?: number;
}

export interface FormatResult {
  /** The formatted text; undefined when the file has syntax errors (nothing is guessed). */
  readonly text: string | undefined;
  /** The syntax problems that stopped formatting. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The one canonical layout of an `.aitm` file. Statements, members and properties keep the order
 * the author gave them, and blank lines between them are kept (at most one), because both carry
 * meaning for readers; everything else (indentation, spacing, commas, line breaks inside a
 * declaration) is decided here. A declaration goes on one line when it fits and holds no comment.
 * Every comment is kept: on its own line before what follows it, or at the end of the line it
 * ended. Values are written exactly as they were (a string keeps its escapes), so the formatted
 * file resolves to the same model.
 */
export function format(text: string, options: FormatOptions = {}): FormatResult {
  const source = new SourceFile(options.file ?? '<input>', text);
  const parsed = parseSource(source);
  if (!parsed.ast || hasErrors(parsed.diagnostics)) {
    return { text: undefined, diagnostics: parsed.diagnostics.filter((d) => d.severity === 'error') };
  }
  return { text: formatFile(parsed.ast, options.width), diagnostics: [] };
}

/** `format` on a file already parsed without errors (a tool that parses it anyway need not parse it twice). */
export function formatFile(file: ast.AitmFile, width = 100): string {
  return new Printer(file.source, file, width).print();
}

const indentUnit = '  ';

class Printer {
  private readonly lines: string[] = [];
  private readonly comments: readonly ast.Comment[];
  private nextComment = 0;

  constructor(
    private readonly source: SourceFile,
    private readonly file: ast.AitmFile,
    private readonly width: number,
  ) {
    this.comments = [...file.comments].sort((a, b) => a.start - b.start);
  }

  print(): string {
    this.items(this.file.statements, '', (statement, indent) => this.statement(statement, indent));
    this.commentsBefore(Infinity, '', this.lastEnd(this.file.statements));
    while (this.lines.length > 0 && this.lines.at(-1) === '') this.lines.pop();
    return this.lines.length === 0 ? '' : this.lines.join('\n') + '\n';
  }

  // ---- layout of sequences ----------------------------------------------------------------

  /** A sequence of statements, members or properties, with their comments and blank lines. */
  private items<T extends ast.Range>(items: readonly T[], indent: string, emit: (item: T, indent: string) => void, after = -1): void {
    let previousEnd = after;
    for (const item of items) {
      this.commentsBefore(item.start, indent, previousEnd);
      if (previousEnd >= 0 && this.blankLineBetween(this.endOfLastEmitted(previousEnd), item.start)) this.blankLine();
      emit(item, indent);
      this.trailingComment(item.end);
      previousEnd = item.end;
    }
  }

  private lastEnd(items: readonly ast.Range[]): number {
    return items.at(-1)?.end ?? -1;
  }

  /** Comments that start before `offset`, each on its own line; a blank line kept before a group. */
  private commentsBefore(offset: number, indent: string, previousEnd: number): void {
    let end = previousEnd;
    while (this.nextComment < this.comments.length && this.comments[this.nextComment]!.start < offset) {
      const comment = this.comments[this.nextComment++]!;
      if (end >= 0 && this.blankLineBetween(end, comment.start)) this.blankLine();
      this.lines.push(indent + comment.text.trimEnd());
      end = comment.end;
    }
    this.lastCommentEnd = end;
  }

  private lastCommentEnd = -1;

  /** Where the text before an item ended: its last leading comment, or the previous item. */
  private endOfLastEmitted(previousEnd: number): number {
    return Math.max(previousEnd, this.lastCommentEnd);
  }

  /**
   * A comment on the same line as the end of what was just written (and before `before`, what
   * comes next) stays at the end of that line.
   */
  private trailingComment(end: number, before = Infinity): void {
    const comment = this.comments[this.nextComment];
    if (!comment || comment.start < end || comment.start > before) return;
    const { line, endLine } = this.source.spanOf(comment);
    if (line !== this.source.position(end).line) return;
    if (comment.text.startsWith('/*') && endLine !== line) return;
    this.nextComment++;
    this.lines[this.lines.length - 1] += ` ${comment.text.trimEnd()}`;
  }

  private blankLineBetween(from: number, to: number): boolean {
    let newlines = 0;
    const text = this.source.text;
    for (let i = Math.max(0, from); i < to && i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) newlines++;
      if (newlines >= 2) return true;
    }
    return false;
  }

  private blankLine(): void {
    if (this.lines.length > 0 && this.lines.at(-1) !== '') this.lines.push('');
  }

  // ---- statements -------------------------------------------------------------------------

  private statement(statement: ast.Statement, indent: string): void {
    switch (statement.type) {
      case 'system':
        return this.declaration(indent, `system ${this.text(statement.name)}`, statement.properties, statement, { emptyBlock: true });
      case 'import':
        return void this.lines.push(`${indent}import ${this.text(statement.path)}`);
      case 'data':
        return this.declaration(indent, `data ${this.header(statement.id, statement.label)}`, statement.properties, statement);
      case 'boundary':
        return this.boundary(statement, indent);
      case 'element':
        return this.declaration(indent, `${statement.kind} ${this.header(statement.id, statement.label)}`, statement.properties, statement);
      case 'flow': {
        const arrow = statement.bidirectional ? '<->' : '->';
        const name = statement.id ? `${statement.id.text}: ` : '';
        const label = statement.label ? ` ${this.text(statement.label)}` : '';
        const head = `flow ${name}${statement.source?.text ?? ''} ${arrow} ${statement.target?.text ?? ''}${label}`;
        return this.declaration(indent, head, statement.properties, statement);
      }
      case 'disposition': {
        const target =
          statement.target?.type === 'endpoints'
            ? `${statement.target.source.text} -> ${statement.target.target.text}`
            : (statement.target?.name.text ?? '');
        return this.declaration(indent, `${statement.kind} ${statement.threat?.text ?? ''} on ${target}`, statement.properties, statement);
      }
    }
  }

  private boundary(decl: ast.BoundaryDecl, indent: string): void {
    this.lines.push(`${indent}boundary ${this.header(decl.id, decl.label)} {`);
    const inner = indent + indentUnit;
    const children: (ast.Property | ast.ElementDecl | ast.BoundaryDecl)[] = [...decl.properties, ...decl.members];
    children.sort((a, b) => a.start - b.start);
    const open = this.openingBrace(decl);
    this.trailingComment(open + 1, children[0]?.start);
    this.items(children, inner, (child, at) => ('type' in child ? this.statement(child, at) : this.property(child, at)), open + 1);
    this.commentsBefore(decl.end - 1, inner, this.lastEnd(children));
    this.lines.push(`${indent}}`);
  }

  /** A declaration with an optional property block: on one line when it fits and holds no comment. */
  private declaration(indent: string, head: string, properties: readonly ast.Property[], node: ast.Range, options: { emptyBlock?: boolean } = {}): void {
    if (properties.length === 0) {
      this.lines.push(`${indent}${head}${options.emptyBlock ? ' {}' : ''}`);
      return;
    }
    const inline = `${indent}${head} { ${properties.map((p) => `${p.key}: ${this.inlineValue(p.value)}`).join(', ')} }`;
    if (inline.length <= this.width && !this.hasCommentWithin(node)) {
      this.lines.push(inline);
      return;
    }
    this.lines.push(`${indent}${head} {`);
    const open = this.openingBrace(node);
    this.trailingComment(open + 1, properties[0]!.start);
    this.items(properties, indent + indentUnit, (p, at) => this.property(p, at), open + 1);
    this.commentsBefore(node.end - 1, indent + indentUnit, this.lastEnd(properties));
    this.lines.push(`${indent}}`);
  }

  private property(property: ast.Property, indent: string): void {
    // A comment inside a value (between list items, say) has no place of its own: it goes first.
    this.commentsBefore(property.end, indent, -1);
    const line = `${indent}${property.key}: ${this.inlineValue(property.value)}`;
    if (line.length <= this.width || property.value?.type !== 'list' || property.value.items.length === 0) {
      this.lines.push(line);
      return;
    }
    this.lines.push(`${indent}${property.key}: [`);
    for (const item of property.value.items) this.lines.push(`${indent}${indentUnit}${this.inlineValue(item)},`);
    this.lines.push(`${indent}]`);
  }

  // ---- pieces -----------------------------------------------------------------------------

  private header(id: ast.Name | undefined, label: ast.StringValue | undefined): string {
    return `${id?.text ?? ''}${label ? ` ${this.text(label)}` : ''}`;
  }

  private inlineValue(value: ast.Value | undefined): string {
    if (!value) return '';
    if (value.type === 'list') return `[${value.items.map((v) => this.inlineValue(v)).join(', ')}]`;
    if (value.type === 'boolean') return String(value.value);
    if (value.type === 'symbol') return value.value;
    return this.text(value);
  }

  /** A literal exactly as written, so escapes and number spellings survive. */
  private text(node: ast.Range | undefined): string {
    return node ? this.source.text.slice(node.start, node.end) : '';
  }

  private hasCommentWithin(node: ast.Range): boolean {
    const comment = this.comments[this.nextComment];
    return comment !== undefined && comment.start < node.end;
  }

  /** The `{` that opens a declaration's block: the first one after its start outside strings and comments. */
  private openingBrace(node: ast.Range): number {
    const text = this.source.text;
    const { start, end } = node;
    for (let i = start; i < end; i++) {
      const c = text[i];
      if (c === '{') return i;
      if (c === '"') {
        for (i++; i < end && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      }
    }
    return start;
  }
}
