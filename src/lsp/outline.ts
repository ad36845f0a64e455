import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type * as ast from '../ast/nodes.js';
import type { SourceFile } from '../source/source-file.js';
import { toRange } from './ranges.js';

/** The file's declarations as an outline: boundaries hold their members. */
export function outline(file: ast.AitmFile): DocumentSymbol[] {
  return file.statements.flatMap((s) => symbol(s, file.source) ?? []);
}

function symbol(s: ast.Statement, source: SourceFile): DocumentSymbol | undefined {
  const make = (name: string, detail: string, kind: SymbolKind, selection: ast.Range, children?: DocumentSymbol[]): DocumentSymbol => ({
    name: name || '(unnamed)',
    detail,
    kind,
    range: toRange(source.spanOf(s)),
    selectionRange: toRange(source.spanOf(selection)),
    ...(children ? { children } : {}),
  });
  switch (s.type) {
    case 'system':
      return make(s.name?.value ?? 'system', 'system', SymbolKind.Module, s.keyword);
    case 'import':
      return undefined;
    case 'data':
      return make(s.id?.text ?? '', `data${label(s.label)}`, SymbolKind.Variable, s.id ?? s);
    case 'element':
      return make(s.id?.text ?? '', `${s.kind}${label(s.label)}`, SymbolKind.Object, s.id ?? s);
    case 'boundary':
      return make(s.id?.text ?? '', `boundary${label(s.label)}`, SymbolKind.Namespace, s.id ?? s, s.members.flatMap((m) => symbol(m, source) ?? []));
    case 'flow': {
      const ends = `${s.source?.text ?? '?'} ${s.bidirectional ? '<->' : '->'} ${s.target?.text ?? '?'}`;
      return make(s.id ? s.id.text : ends, s.id ? `flow ${ends}` : 'flow', SymbolKind.Event, s.id ?? s.source ?? s);
    }
    case 'disposition':
      return make(`${s.kind} ${s.threat?.text ?? ''}`, `on ${s.target?.type === 'endpoints' ? `${s.target.source.text} -> ${s.target.target.text}` : (s.target?.name.text ?? '')}`, SymbolKind.Key, s.threat ?? s);
  }
}

function label(value: ast.StringValue | undefined): string {
  return value ? ` "${value.value}"` : '';
}
