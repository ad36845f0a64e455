import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createConnection, TextDocuments, TextDocumentSyncKind, type Connection, type Location } from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { prepareCatalog, type AnalyzeOptions } from '../engine/analyze.js';
import type { LoadedCatalog } from '../catalog/load-catalog.js';
import { format } from '../format/format.js';
import type { FileHost } from '../load/file-host.js';
import type { ParsedFile } from '../load/read-files.js';
import { fileSystemHost } from '../node/file-system-host.js';
import { complete } from './completion.js';
import { documentDiagnostics } from './diagnostics.js';
import { FrameFilter } from './frames.js';
import { analyzeDocument, type DocumentState } from './document-state.js';
import { hover } from './hover.js';
import { outline } from './outline.js';
import { toOffset, toRange } from './ranges.js';

/**
 * The language server: diagnostics (problems and open findings) as you type, hover, go to
 * definition, find references, completion, document symbols and formatting. Every edit re-runs the
 * whole pipeline on the document; open buffers take precedence over the disk for imports, and a
 * document that imports the edited one is checked again too. `options` are the analysis options
 * from the command line (`--catalog`, `--disable`), so the editor shows what CI reports.
 */
export function startLanguageServer(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  options: Pick<AnalyzeOptions, 'disable'> & { readonly catalog?: LoadedCatalog } = {},
): Connection {
  const connection = createConnection(input.pipe(new FrameFilter((reason) => process.stderr.write(`aitm lsp: ${reason}\n`))), output);
  const documents = new TextDocuments(TextDocument);
  const catalog = options.catalog ?? prepareCatalog();
  const analysis = { catalog, disable: options.disable };
  const states = new Map<string, DocumentState>();
  // Every file parsed, by path, with its text: an unchanged file (an import) is not parsed again.
  const parsed = new Map<string, ParsedFile>();
  const pending = new Set<string>();

  // A malformed file URI (`file:///%zz`) is read as the path it spells rather than thrown on.
  const fileOf = (uri: string) => {
    try {
      return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    } catch {
      return uri.replace(/^file:\/\//, '');
    }
  };
  const uriOf = (file: string) => (path.isAbsolute(file) ? pathToFileURL(file).href : file);
  const host: FileHost = {
    readFile: (file) => documents.get(uriOf(file))?.getText() ?? fileSystemHost.readFile(file),
    realPath: (file) => (documents.get(uriOf(file)) ? file : fileSystemHost.realPath!(file)),
  };

  const check = (uri: string) => {
    const document = documents.get(uri);
    if (!document) return;
    const state = analyzeDocument(fileOf(uri), document.getText(), host, analysis, states.get(uri), parsed);
    states.set(uri, state);
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics: documentDiagnostics(state, uriOf) });
  };
  // Edits arrive faster than checks when typing quickly: check each document once per turn of the event loop.
  const schedule = (uri: string) => {
    const changed = fileOf(uri);
    for (const [other, state] of states) if (other !== uri && state.loaded.model.files.includes(changed)) pending.add(other);
    if (pending.has(uri)) return;
    pending.add(uri);
    setImmediate(() => {
      for (const next of [...pending]) {
        pending.delete(next);
        check(next);
      }
    });
  };
  /** The document's state as of its latest text (checked now if an edit is still waiting). */
  const stateOf = (uri: string) => {
    if (pending.has(uri)) {
      pending.delete(uri);
      check(uri);
    }
    return states.get(uri);
  };
  const at = (uri: string, position: { line: number; character: number }) => {
    const state = stateOf(uri);
    const source = state?.loaded.sources.get(state.file);
    return state && source ? { state, offset: toOffset(source, position) } : undefined;
  };
  const location = (span: { file: string } & Parameters<typeof toRange>[0]): Location => ({ uri: uriOf(span.file), range: toRange(span) });

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      documentFormattingProvider: true,
      completionProvider: { triggerCharacters: [' ', ':', '[', ',', '>'] },
    },
    serverInfo: { name: 'aitm' },
  }));
  documents.onDidChangeContent((event) => schedule(event.document.uri));
  documents.onDidClose((event) => {
    states.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover(({ textDocument, position }) => {
    const found = at(textDocument.uri, position);
    return found ? hover(found.state, found.offset, catalog.catalog) : null;
  });
  connection.onDefinition(({ textDocument, position }) => {
    const found = at(textDocument.uri, position);
    const name = found?.state.symbols.at(found.state.file, found.offset);
    if (!found || !name || (name.role !== 'declaration' && name.role !== 'reference')) return null;
    const declaration = found.state.symbols.declaration(name.name);
    return declaration ? location(declaration.span) : null;
  });
  connection.onReferences(({ textDocument, position, context }) => {
    const found = at(textDocument.uri, position);
    const name = found?.state.symbols.at(found.state.file, found.offset);
    if (!found || !name) return [];
    return found.state.symbols
      .all(name.name, name.role)
      .filter((o) => context.includeDeclaration || o.role !== 'declaration')
      .map((o) => location(o.span));
  });
  connection.onCompletion(({ textDocument, position }) => {
    const found = at(textDocument.uri, position);
    return found ? complete(found.state, found.offset, catalog.catalog) : [];
  });
  connection.onDocumentSymbol(({ textDocument }) => {
    const state = stateOf(textDocument.uri);
    const syntax = state?.loaded.syntax.find((f) => f.file === state.file);
    return syntax ? outline(syntax) : [];
  });
  connection.onDocumentFormatting(({ textDocument }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    const formatted = format(document.getText(), { file: fileOf(textDocument.uri) }).text;
    if (formatted === undefined || formatted === document.getText()) return [];
    return [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) }, newText: formatted }];
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
