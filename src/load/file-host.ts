/**
 * How the core reads imported files. The core does no I/O of its own: `load()` passes a host over
 * the file system, `parse()` one over an in-memory map, and tests whatever they need.
 */
export interface FileHost {
  /** The text of the file at `path`, or undefined when there is none. */
  readFile(path: string): string | undefined;
  /** The canonical path with symbolic links resolved, to keep imports inside the project root. */
  realPath?(path: string): string;
}

/** A host over an in-memory map of path → text (paths as the importing files would name them). */
export function memoryHost(files: Readonly<Record<string, string>>): FileHost {
  return { readFile: (path) => (Object.hasOwn(files, path) ? files[path] : undefined) };
}
