import type * as ast from '../ast/nodes.js';
import type { SourceFile } from '../source/source-file.js';
import type { Span } from '../source/span.js';
import {
  boundaryProperties,
  dataProperties,
  dispositionProperties,
  elementPropertyTable,
  flowProperties,
  systemProperties,
  type PropertyTable,
} from '../semantics/vocabulary.js';

/** A name written in a file: an id declared or referred to, a threat id, or a control id. */
export interface Occurrence {
  readonly role: 'declaration' | 'reference' | 'threat' | 'control';
  readonly name: string;
  readonly span: Span;
}

/** What a position is inside of: the innermost declaration, and the property if any. */
export interface Enclosing {
  readonly declaration: ast.Statement | undefined;
  readonly table: PropertyTable | undefined;
}

/**
 * Every id, threat id and control id written in a model's files, from the syntax trees, so it
 * works while resolution is impossible (a syntax error elsewhere) and points at what was written.
 */
export class SymbolIndex {
  private readonly occurrences: Occurrence[] = [];

  constructor(private readonly files: readonly ast.AitmFile[]) {
    for (const file of files) for (const statement of file.statements) this.statement(statement, file.source);
  }

  /** The occurrence under a position (the offset may be just past the name's end, as when typing). */
  at(file: string, offset: number): Occurrence | undefined {
    return this.occurrences.find((o) => o.span.file === file && o.span.offset <= offset && offset <= o.span.offset + o.span.length);
  }

  declaration(name: string): Occurrence | undefined {
    return this.occurrences.find((o) => o.role === 'declaration' && o.name === name);
  }

  /** Every occurrence of an id (declaration and references), a threat or a control, in file order. */
  all(name: string, role: Occurrence['role']): Occurrence[] {
    const same = role === 'declaration' || role === 'reference' ? (o: Occurrence) => o.role === 'declaration' || o.role === 'reference' : (o: Occurrence) => o.role === role;
    return this.occurrences.filter((o) => o.name === name && same(o));
  }

  /** Ids declared by statements of these kinds (element kinds, `data`, `boundary`, `flow`). */
  declared(kinds?: readonly string[]): { name: string; kind: string }[] {
    const result: { name: string; kind: string }[] = [];
    const visit = (s: ast.Statement) => {
      const kind = s.type === 'element' ? s.kind : s.type;
      const id = 'id' in s ? s.id : undefined;
      if (id && (!kinds || kinds.includes(kind))) result.push({ name: id.text, kind });
      if (s.type === 'boundary') s.members.forEach(visit);
    };
    for (const file of this.files) file.statements.forEach(visit);
    return result;
  }

  /** The innermost declaration whose text holds the offset, with its property table. */
  enclosing(file: string, offset: number): Enclosing {
    let found: ast.Statement | undefined;
    const visit = (s: ast.Statement) => {
      if (!(s.start < offset && offset <= s.end)) return;
      found = s;
      if (s.type === 'boundary') s.members.forEach(visit);
    };
    for (const f of this.files) if (f.file === file) f.statements.forEach(visit);
    return { declaration: found, table: found ? tableOf(found) : undefined };
  }

  private add(role: Occurrence['role'], name: string, at: ast.Range, source: SourceFile): void {
    this.occurrences.push({ role, name, span: source.spanOf(at) });
  }

  private addName(role: Occurrence['role'], name: ast.Name | undefined, source: SourceFile): void {
    if (name) this.add(role, name.text, name, source);
  }

  private statement(s: ast.Statement, source: SourceFile): void {
    switch (s.type) {
      case 'data':
      case 'element':
        this.addName('declaration', s.id, source);
        break;
      case 'boundary':
        this.addName('declaration', s.id, source);
        s.members.forEach((m) => this.statement(m, source));
        break;
      case 'flow':
        this.addName('declaration', s.id, source);
        this.addName('reference', s.source, source);
        this.addName('reference', s.target, source);
        break;
      case 'disposition':
        this.addName('threat', s.threat, source);
        if (s.target?.type === 'name') this.addName('reference', s.target.name, source);
        if (s.target?.type === 'endpoints') {
          this.addName('reference', s.target.source, source);
          this.addName('reference', s.target.target, source);
        }
        break;
      default:
        break;
    }
    const table = tableOf(s);
    if (!table || !('properties' in s)) return;
    for (const property of s.properties) {
      const spec = table[property.key];
      const role = spec?.type === 'ref' ? 'reference' : property.key === 'controls' ? 'control' : undefined;
      if (!role) continue;
      for (const value of property.value?.type === 'list' ? property.value.items : property.value ? [property.value] : []) {
        if (value.type === 'symbol') this.add(role, value.value, value, source);
      }
    }
  }
}

/** The property table a declaration is checked against. */
export function tableOf(s: ast.Statement): PropertyTable | undefined {
  switch (s.type) {
    case 'system':
      return systemProperties;
    case 'data':
      return dataProperties;
    case 'boundary':
      return boundaryProperties;
    case 'element':
      return elementPropertyTable(s.kind);
    case 'flow':
      return flowProperties;
    case 'disposition':
      return dispositionProperties[s.kind];
    case 'import':
      return undefined;
  }
}
