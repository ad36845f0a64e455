/** One whole `aitm` process: wall-clock time and peak resident memory (see process.js). */
export function runAitm(args: readonly string[], options?: { readonly expect?: readonly (number | null)[] }): { ms: number; rssMb: number };
/** `runs` processes: the median time and the highest peak memory. */
export function timeAitm(args: readonly string[], runs: number, options?: { readonly expect?: readonly (number | null)[] }): { ms: number; rssMb: number; runs: number };
