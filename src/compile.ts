import type { AitmFile } from './ast/nodes.js';
import { compareDiagnostics, diagnostic, hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import { memoryHost, type FileHost } from './load/file-host.js';
import { readFiles, type ParsedFile } from './load/read-files.js';
import type { SystemModel } from './semantics/model.js';
import { resolve } from './semantics/resolve.js';
import type { SourceFile } from './source/source-file.js';

export interface LoadResult {
  /**
   * The resolved model. When `ok` is false it holds only what resolved cleanly (and is empty when
   * a file has syntax errors); every id in it still names something in it.
   */
  readonly model: SystemModel;
  /** Every problem found, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** No diagnostic is an error. */
  readonly ok: boolean;
  /** The text of every file read, by path, for rendering code frames. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}

export interface ParseOptions {
  /** The name used for the source in diagnostics and the model. Default `<input>`. */
  readonly file?: string;
  /** Files that `import` statements may read, by path relative to the working directory. */
  readonly files?: Readonly<Record<string, string>>;
  /** Imports may not leave this directory. Default: the directory of `file`. */
  readonly root?: string;
  /** Reads imports (overrides `files`). */
  readonly host?: FileHost;
  /** @internal Files parsed before, reused where their text is unchanged (the language server's cache). */
  readonly parsed?: Map<string, ParsedFile>;
}

/** Parse and resolve a model from source text. Never throws on bad input: problems are diagnostics. */
export function parse(source: string, options: ParseOptions = {}): LoadResult {
  const { syntax: _syntax, ...result } = parseWithSyntax(source, options);
  return result;
}

/**
 * `parse`, also returning each file's syntax tree: for tools that work on what was written as well
 * as what it means (the language server finds references through it). Internal.
 */
export function parseWithSyntax(source: string, options: ParseOptions = {}): LoadResult & { readonly syntax: readonly AitmFile[] } {
  const file = options.file ?? '<input>';
  const host = options.host ?? (options.files ? memoryHost(options.files) : undefined);
  const read = readFiles(file, source, { root: options.root, host, parsed: options.parsed });
  const diagnostics = [...read.diagnostics];
  let model: SystemModel = emptyModel(read.files.map((f) => f.file));
  // Resolution runs only on files that parsed cleanly: on a recovered tree it would report
  // references to statements the parser had to drop, which is noise on top of the real error.
  if (!hasErrors(diagnostics)) {
    const resolved = resolve(read.files);
    model = resolved.model;
    diagnostics.push(...resolved.diagnostics);
  }
  diagnostics.sort(compareDiagnostics);
  return { model, diagnostics, ok: !hasErrors(diagnostics), sources: read.sources, syntax: read.files };
}

/** A result for a file that could not be read at all. */
export function unreadable(file: string, reason: string): LoadResult {
  return refused(diagnostic('AITM205', `cannot read \`${file}\`: ${reason}`));
}

/** A result for a file that was not read, and why (it could not be, or it is too large to). */
export function refused(why: Diagnostic): LoadResult {
  return { model: emptyModel([]), diagnostics: [why], ok: false, sources: new Map() };
}

function emptyModel(files: string[]): SystemModel {
  return { system: undefined, files, data: [], boundaries: [], elements: [], flows: [], dispositions: [] };
}
