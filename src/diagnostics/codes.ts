/**
 * Every diagnostic aitm can emit. Codes are stable: once published, a code keeps its meaning and is
 * never reused. `docs/diagnostics.md` documents each one and a test keeps the two in step.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface CodeInfo {
  readonly severity: Severity;
  /** A short title, used as the heading in docs and as the SARIF/JSON rule name. */
  readonly title: string;
}

export const diagnosticCodes = {
  // Lexical and syntax (1xx)
  AITM100: { severity: 'error', title: 'Unexpected character' },
  AITM101: { severity: 'error', title: 'Unterminated string' },
  AITM102: { severity: 'error', title: 'Invalid escape sequence' },
  AITM103: { severity: 'error', title: 'Unterminated block comment' },
  AITM110: { severity: 'error', title: 'Syntax error' },
  // Limits (15x): refuse input that would exhaust memory or the stack, with a message instead of a crash
  AITM150: { severity: 'error', title: 'File too large' },
  AITM151: { severity: 'error', title: 'Token too long' },
  AITM152: { severity: 'error', title: 'Nesting too deep' },
  AITM153: { severity: 'error', title: 'Too many files' },
  // Imports (2xx)
  AITM200: { severity: 'error', title: 'Imported file not found' },
  AITM201: { severity: 'error', title: 'Import cycle' },
  AITM202: { severity: 'error', title: 'Import outside the project root' },
  AITM203: { severity: 'error', title: 'Invalid import path' },
  AITM204: { severity: 'error', title: 'Imports need a file reader' },
  AITM205: { severity: 'error', title: 'Cannot read file' },
  // Declarations and references (3xx)
  AITM300: { severity: 'error', title: 'Duplicate identifier' },
  AITM301: { severity: 'error', title: 'Unknown reference' },
  AITM302: { severity: 'error', title: 'Reference to the wrong kind' },
  AITM303: { severity: 'error', title: 'Flow to itself' },
  AITM304: { severity: 'error', title: 'Ambiguous flow reference' },
  AITM305: { severity: 'error', title: 'More than one system declaration' },
  AITM306: { severity: 'error', title: 'Duplicate property' },
  AITM307: { severity: 'error', title: 'Invalid identifier' },
  AITM308: { severity: 'warning', title: 'Duplicate disposition' },
  // Properties (4xx)
  AITM400: { severity: 'error', title: 'Unknown property' },
  AITM401: { severity: 'error', title: 'Wrong value type' },
  AITM402: { severity: 'error', title: 'Value not allowed' },
  AITM403: { severity: 'error', title: 'Invalid value format' },
  AITM404: { severity: 'error', title: 'Missing required property' },
  // Model structure (5xx): legal, but probably not what the author meant
  AITM500: { severity: 'warning', title: 'Element outside any boundary' },
  AITM501: { severity: 'warning', title: 'Unused data asset' },
  AITM502: { severity: 'warning', title: 'No system declaration' },
  AITM503: { severity: 'warning', title: 'Duplicate list item' },
  // Analysis (6xx): the model against the threat catalog
  AITM600: { severity: 'warning', title: 'Unknown control' },
  AITM601: { severity: 'error', title: 'Unknown threat' },
  AITM602: { severity: 'warning', title: 'Disposition matches no finding' },
  AITM603: { severity: 'warning', title: 'Accepted risk has expired' },
  AITM604: { severity: 'error', title: 'Unknown threat to disable' },
  // Catalogs (7xx)
  AITM700: { severity: 'error', title: 'Invalid catalog JSON' },
  AITM701: { severity: 'error', title: 'Catalog does not match its schema' },
  AITM702: { severity: 'error', title: 'Unknown property in a catalog condition' },
  AITM703: { severity: 'error', title: 'Duplicate catalog id' },
  AITM704: { severity: 'error', title: 'Unknown control in a catalog' },
  AITM705: { severity: 'error', title: 'Predicate does not fit the threat\'s targets' },
  // Open Threat Model import (80x): `aitm import` of an OTM document
  AITM800: { severity: 'error', title: 'Invalid OTM JSON' },
  AITM801: { severity: 'error', title: 'OTM document does not match its schema' },
  AITM802: { severity: 'error', title: 'Invalid reference in an OTM document' },
  AITM803: { severity: 'error', title: 'Duplicate id in an OTM document' },
  AITM804: { severity: 'warning', title: 'OTM content left out' },
  // Artifact verification (81x): `aitm verify` against the files on disk
  AITM810: { severity: 'error', title: 'Artifact digest mismatch' },
  AITM811: { severity: 'error', title: 'Cannot read artifact' },
  AITM812: { severity: 'error', title: 'Artifact outside the project root' },
  // Project config (90x): `aitm.config.json`, or the `aitm` key of package.json
  AITM900: { severity: 'error', title: 'Invalid config JSON' },
  AITM901: { severity: 'error', title: 'Invalid config setting' },
} as const satisfies Record<string, CodeInfo>;

export type DiagnosticCode = keyof typeof diagnosticCodes;
