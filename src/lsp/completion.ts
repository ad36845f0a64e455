import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import type { Catalog } from '../catalog/types.js';
import { dispositionKinds, elementKinds, type PropertySpec } from '../semantics/vocabulary.js';
import type { DocumentState } from './document-state.js';

/** Characters of the line before the cursor that completion reads, at most. */
const maxLineContext = 1_000;

const statementKeywords = ['system', 'import', 'data', 'boundary', 'flow', ...dispositionKinds, ...elementKinds];

/**
 * Completions at an offset, decided by what precedes it on its line and the declaration it is in:
 * a keyword or property name at the start of a line, the values a property takes after `key:`,
 * element ids where a flow end or disposition target goes, threat ids after `mitigate`, `accept`
 * or `dismiss`, control ids in `controls: [...]`. Works on the last syntax tree, so a half-typed
 * line elsewhere does not stop it.
 */
export function complete(state: DocumentState, offset: number, catalog: Catalog): CompletionItem[] {
  const lineStart = state.text.lastIndexOf('\n', offset - 1) + 1;
  // The patterns below take time quadratic in what they read: on a line as long as a generated
  // one they would stall the server for seconds per request. No line a person types is this long.
  if (offset - lineStart > maxLineContext) return [];
  const before = state.text.slice(lineStart, offset);
  const ids = (kinds?: readonly string[]) =>
    state.symbols.declared(kinds).map((d) => ({ label: d.name, kind: CompletionItemKind.Reference, detail: d.kind }));

  if (/^\s*(mitigate|accept|dismiss)\s+[\w.-]*$/.test(before)) {
    return catalog.threats.map((t) => ({ label: t.id, kind: CompletionItemKind.Constant, detail: t.title, documentation: t.description }));
  }
  if (/^\s*(mitigate|accept|dismiss)\s+\S+\s+on\s+([\w-]+\s*->\s*)?[\w-]*$/.test(before)) return ids();
  if (/^\s*flow\s+([\w-]+\s*:\s*)?[\w-]*$/.test(before) || /^\s*flow\s.*(->|<->)\s*[\w-]*$/.test(before)) {
    return ids(elementKinds);
  }

  const { declaration, table } = state.symbols.enclosing(state.file, offset);
  const property = /([A-Za-z_][\w]*)\s*:\s*(\[[^\]]*)?[\w-]*$/.exec(before);
  if (property && table) {
    const spec = table[property[1]!];
    return spec ? values(spec, property[1]!, catalog, ids) : [];
  }
  if (/^\s*[\w]*$/.test(before)) {
    if (!declaration || declaration.type === 'import') return keywords(statementKeywords);
    const names = Object.entries(table ?? {}).map(([name, spec]) => ({
      label: name,
      kind: CompletionItemKind.Property,
      detail: spec.type,
      documentation: spec.doc,
      insertText: `${name}: `,
    }));
    // A boundary holds elements and boundaries as well as its own properties.
    return declaration.type === 'boundary' ? [...names, ...keywords([...elementKinds, 'boundary'])] : names;
  }
  return [];
}

function keywords(words: readonly string[]): CompletionItem[] {
  return words.map((label) => ({ label, kind: CompletionItemKind.Keyword }));
}

function values(spec: PropertySpec, name: string, catalog: Catalog, ids: (kinds?: readonly string[]) => CompletionItem[]): CompletionItem[] {
  switch (spec.type) {
    case 'enum':
      return spec.values.map((label) => ({ label, kind: CompletionItemKind.EnumMember }));
    case 'boolean':
      return keywords(['true', 'false']);
    case 'ref':
      return ids(spec.to);
    case 'symbol':
      return name === 'controls'
        ? [...catalog.controls.values()].map((c) => ({ label: c.id, kind: CompletionItemKind.Constant, detail: c.title, documentation: c.description }))
        : [];
    default:
      return [];
  }
}
