import { createHash } from 'node:crypto';

/**
 * A finding's identity across runs: the threat and the target's id, nothing positional, so moving
 * or reformatting a declaration keeps it (and a disposition or code-scanning alert stays attached).
 */
export function fingerprint(threat: string, target: { type: 'element' | 'flow'; id: string }): string {
  return createHash('sha256').update(`${threat}\u0000${target.type}\u0000${target.id}`).digest('hex').slice(0, 16);
}
