import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { AitmFile } from '../ast/nodes.js';
import type { LoadResult } from '../compile.js';
import { verifyArtifacts, type ArtifactDigest, type ArtifactHost, type VerifyOptions, type VerifyResult } from '../verify/verify.js';
import { fileSystemHost } from './file-system-host.js';
import { describeReadError } from './load.js';

/** Read in chunks, so that weights of many gigabytes are hashed without being held in memory. */
const chunkSize = 1 << 20;

/**
 * Digests files on disk. Only regular files are read: a directory, a FIFO or a device is reported
 * rather than read (opening does not block on a FIFO). Symbolic links are resolved by `realPath`
 * so that the core can refuse one that leads out of the project.
 */
export const fileSystemArtifactHost: ArtifactHost = {
  digest: digestFile,
  realPath: fileSystemHost.realPath!,
};

function digestFile(file: string): ArtifactDigest {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { error: describeReadError(error) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { error: 'it is a directory' };
    if (!stat.isFile()) return { error: 'not a regular file' };
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(chunkSize);
    for (let read = fs.readSync(fd, buffer, 0, chunkSize, null); read > 0; read = fs.readSync(fd, buffer, 0, chunkSize, null)) {
      hash.update(buffer.subarray(0, read));
    }
    return { sha256: hash.digest('hex') };
  } catch (error) {
    return { error: describeReadError(error) };
  } finally {
    fs.closeSync(fd);
  }
}

/** Verify a loaded model's artifacts against the files on disk. */
export function verifyArtifactsOnDisk(loaded: LoadResult & { readonly syntax: readonly AitmFile[] }, options: VerifyOptions = {}): VerifyResult {
  return verifyArtifacts(loaded, fileSystemArtifactHost, options);
}
