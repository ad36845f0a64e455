/**
 * Hard limits on input. Past them aitm reports a diagnostic instead of exhausting memory or the
 * stack: the parser is recursive descent, so unbounded nesting would overflow it.
 */
export const limits = {
  /** Characters in one file (about 32 MB of ASCII). */
  maxFileLength: 32 * 1024 * 1024,
  /** Characters in one identifier, string or number. */
  maxTokenLength: 10_000,
  /** Depth of nested `{ }` and `[ ]`. */
  maxNestingDepth: 64,
  /** Files in one model, counting imports. */
  maxFiles: 1_000,
  /** Syntax errors reported per file; after that the rest are noise from the first ones. */
  maxSyntaxErrors: 100,
} as const;
