import { createHash } from 'node:crypto';
import path from 'node:path';
import type * as ast from '../ast/nodes.js';
import type { LoadResult } from '../compile.js';
import { compareDiagnostics, diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source/source-file.js';
import type { Span } from '../source/span.js';
import { isWithin, realPathOrNearest } from '../load/project-root.js';

/**
 * Artifact verification: recompute the SHA-256 of every file a model or dataset pins with
 * `artifacts` and compare it with the declared digest. The core does no I/O of its own (as with
 * imports, see src/load/file-host.ts): it is given a reader, and src/node/verify.ts gives it one
 * over the file system.
 */

/** An `artifacts` entry, as `sha256sum` prints it: the digest, two spaces, the path. */
const entryPattern = /^([0-9a-f]{64}) {2}(\S.*)$/;

/** The digest and path of an `artifacts` entry, or undefined when it is not in that form. */
export function parseArtifactEntry(entry: string): { readonly sha256: string; readonly path: string } | undefined {
  const match = entryPattern.exec(entry);
  return match ? { sha256: match[1]!, path: match[2]! } : undefined;
}

/** The SHA-256 of a file's bytes, or why they could not be read (a few words: "no such file"). */
export type ArtifactDigest = { readonly sha256: string } | { readonly error: string };

/** How verification reads artifacts. */
export interface ArtifactHost {
  /** The SHA-256 (64 lowercase hex digits) of the regular file at `path`, or why it cannot be read. */
  digest(path: string): ArtifactDigest;
  /**
   * The canonical path with symbolic links resolved (throws when there is none), to keep reads
   * inside the project root. Without it, only the path as written is checked.
   */
  realPath?(path: string): string;
}

/** The simplest reader: a file's bytes, or undefined when there is no such file. */
export type ReadArtifact = (path: string) => Uint8Array | undefined;

export interface VerifyOptions {
  /** Artifacts may not be read from outside this directory. Default: the directory of the entry file. */
  readonly root?: string;
}

/**
 * `match`: the digests agree. `mismatch`: they differ. `missing`: the file is not there or cannot be
 * read (a directory, a FIFO, no permission). `outside`: the path was refused, and nothing was read.
 */
export type ArtifactStatus = 'match' | 'mismatch' | 'missing' | 'outside';

/** The outcome for one `artifacts` entry. */
export interface ArtifactCheck {
  /** The id of the model or dataset that declares it. */
  readonly element: string;
  readonly kind: 'model' | 'dataset';
  /** The path as written in the entry. */
  readonly path: string;
  /** The path it was read from (the written path joined to the declaring file's directory); absent when refused. */
  readonly file?: string;
  /** The digest written in the entry. */
  readonly expected: string;
  /** The SHA-256 of the file as read; absent when it could not be read. */
  readonly actual?: string;
  readonly status: ArtifactStatus;
  /** The entry in its list, quotes included. */
  readonly span: Span;
}

export interface VerifyResult {
  /** One per entry, in the order of the model's elements and of each list. */
  readonly results: ArtifactCheck[];
  /** One per entry that failed (every status but `match`), sorted by file and position; all errors. */
  readonly diagnostics: Diagnostic[];
}

/**
 * Check every `artifacts` entry of a loaded model against the files on hand: each path is taken
 * relative to the `.aitm` file that declares it, must stay inside the root (no absolute path, no
 * `..` or symbolic link that leads out, as for imports), and the file's SHA-256 must equal the
 * declared digest. Each problem is reported at its entry. Needs the syntax trees
 * (`parseWithSyntax`) to point at single entries; only elements that resolved are verified, and
 * entries the language already rejected are skipped. Never throws on bad input.
 */
export function verifyArtifacts(
  loaded: LoadResult & { readonly syntax: readonly ast.AitmFile[] },
  reader: ReadArtifact | ArtifactHost,
  options: VerifyOptions = {},
): VerifyResult {
  const host: ArtifactHost = typeof reader === 'function' ? bytesHost(reader) : reader;
  const entry = loaded.model.files[0];
  const root = path.resolve(options.root ?? (entry === undefined ? '.' : path.dirname(entry)));
  const realRoot = host.realPath ? realPathOrNearest(host.realPath, root) : root;
  const properties = artifactProperties(loaded.syntax);
  const digests = new Map<string, ArtifactDigest>();
  const results: ArtifactCheck[] = [];
  const diagnostics: Diagnostic[] = [];

  for (const element of loaded.model.elements) {
    if (element.kind !== 'model' && element.kind !== 'dataset') continue;
    if (element.properties.artifacts === undefined) continue;
    const span = element.propertySpans['artifacts'];
    const written = span && properties.get(key(span.offset, span.file));
    const value = written?.property.value;
    if (!written || !value) continue;
    const { source } = written;
    const items = value.type === 'list' ? value.items : [value];
    for (const item of items) {
      if (item.type !== 'string') continue;
      const parsed = parseArtifactEntry(item.value);
      if (!parsed) continue;
      const itemSpan = source.spanOf(item);
      const base = { element: element.id, kind: element.kind, path: parsed.path, expected: parsed.sha256, span: itemSpan };
      const check = checkEntry(parsed.path, itemSpan);
      if ('refused' in check) {
        results.push({ ...base, status: 'outside' });
        diagnostics.push(check.refused);
        continue;
      }
      let digest = digests.get(check.absolute);
      if (!digest) {
        digest = host.digest(check.file);
        digests.set(check.absolute, digest);
      }
      if ('error' in digest) {
        results.push({ ...base, file: check.file, status: 'missing' });
        diagnostics.push(
          diagnostic('AITM811', `cannot read artifact \`${parsed.path}\`: ${digest.error}`, {
            span: itemSpan,
            label: digest.error === 'no such file' ? 'no such file' : 'unreadable',
            help: `looked for \`${check.file}\`; the path is relative to the .aitm file that declares it`,
          }),
        );
        continue;
      }
      if (digest.sha256 === parsed.sha256) {
        results.push({ ...base, file: check.file, actual: digest.sha256, status: 'match' });
        continue;
      }
      results.push({ ...base, file: check.file, actual: digest.sha256, status: 'mismatch' });
      diagnostics.push(
        diagnostic('AITM810', `SHA-256 mismatch for \`${parsed.path}\`: expected ${short(parsed.sha256)}, found ${short(digest.sha256)}`, {
          span: itemSpan,
          label: 'the file has changed',
          help: `the file's SHA-256 is ${digest.sha256}; if the new file is the right one, write the entry as "${digest.sha256}  ${parsed.path}"`,
        }),
      );
    }
  }
  diagnostics.sort(compareDiagnostics);
  return { results, diagnostics };

  /** Where an entry's file is, or the diagnostic that refuses to read it. */
  function checkEntry(written: string, span: Span): { file: string; absolute: string } | { refused: Diagnostic } {
    const refuse = (message: string, label: string, help: string) => ({
      refused: diagnostic('AITM812', message, { span, label, help }),
    });
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(written) || path.isAbsolute(written) || written.startsWith('/') || written.startsWith('\\')) {
      return refuse(
        `artifact path \`${written}\` is not relative`,
        'not a relative path',
        'write the path relative to the .aitm file that declares it; aitm verify reads only files inside the project, so pin a local copy of a remote file',
      );
    }
    const file = path.normalize(path.join(path.dirname(span.file), written));
    const absolute = path.resolve(file);
    if (!isWithin(root, absolute)) {
      return refuse(
        `artifact path \`${written}\` leaves the project root`,
        'outside the project',
        `artifacts stay inside ${root}; move the file there, or the .aitm file up to a directory that contains both`,
      );
    }
    if (host.realPath && !isWithin(realRoot, realPathOrNearest(host.realPath, absolute))) {
      return refuse(
        `artifact path \`${written}\` leads outside the project root through a symbolic link`,
        'a link to outside the project',
        `artifacts stay inside ${root}, links resolved; copy the file into the project instead of linking to it`,
      );
    }
    return { file, absolute };
  }
}

/** A host over a byte reader: a missing file is all it can tell. */
function bytesHost(read: ReadArtifact): ArtifactHost {
  return {
    digest(file) {
      const bytes = read(file);
      return bytes === undefined ? { error: 'no such file' } : { sha256: createHash('sha256').update(bytes).digest('hex') };
    },
  };
}

/** Every `artifacts` property written in the files, by where it is written. */
function artifactProperties(files: readonly ast.AitmFile[]): Map<string, { property: ast.Property; source: SourceFile }> {
  const found = new Map<string, { property: ast.Property; source: SourceFile }>();
  for (const { statements, source, file } of files) {
    const visit = (statement: ast.Statement | ast.ElementDecl | ast.BoundaryDecl) => {
      if (statement.type === 'boundary') statement.members.forEach(visit);
      else if (statement.type === 'element' && (statement.kind === 'model' || statement.kind === 'dataset')) {
        for (const property of statement.properties) if (property.key === 'artifacts') found.set(key(property.start, file), { property, source });
      }
    };
    statements.forEach(visit);
  }
  return found;
}

function key(offset: number, file: string): string {
  return `${offset}:${file}`;
}

function short(digest: string): string {
  return `${digest.slice(0, 12)}…`;
}


