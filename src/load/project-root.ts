import path from 'node:path';

/**
 * Keeping reads inside a project: imports and artifact files may not leave the directory a model
 * is rooted in, whether by `..`, an absolute path or a symbolic link.
 */

/** Whether `target` is `root` itself or lies below it (both already resolved). */
export function isWithin(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * The real path of a file, or of its nearest existing ancestor joined with the rest: a missing
 * file has no real path, but the directory it would be in does, and must be compared like the root.
 */
export function realPathOrNearest(realPath: (file: string) => string, file: string): string {
  try {
    return realPath(file);
  } catch {
    const parent = path.dirname(file);
    return parent === file ? file : path.join(realPathOrNearest(realPath, parent), path.basename(file));
  }
}
