import type { SourceFile } from '../source/source-file.js';
import type { Span } from '../source/span.js';
import type { Diagnostic } from './diagnostic.js';
import { plural } from '../util/plural.js';

/** Colour functions; identity when colour is off. */
export interface Palette {
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly blue: (s: string) => string;
  readonly cyan: (s: string) => string;
  readonly bold: (s: string) => string;
}

const plain = (s: string) => s;
export const noColor: Palette = { red: plain, yellow: plain, blue: plain, cyan: plain, bold: plain };

const tabWidth = 4;
/** Lines longer than this are cut to a window around the caret, so a minified file stays readable. */
const maxShownWidth = 120;

/**
 * Render a diagnostic the way rustc and miette do: a header with code and message, the location,
 * the source line with the offending span underlined and labelled, related spans, and help.
 */
export function renderDiagnostic(d: Diagnostic, sources: ReadonlyMap<string, SourceFile>, palette: Palette = noColor): string {
  const severityColor = d.severity === 'error' ? palette.red : d.severity === 'warning' ? palette.yellow : palette.cyan;
  const lines = [palette.bold(`${severityColor(`${d.severity}[${d.code}]`)}: ${d.message}`)];
  const spans = [d.span, ...(d.related ?? []).map((r) => r.span)].filter((s): s is Span => s !== undefined);
  const gutter = Math.max(...spans.map((s) => String(s.line).length), 1);
  const pad = ' '.repeat(gutter);
  const bar = palette.blue(`${pad} |`);

  if (d.span) {
    lines.push(`${pad}${palette.blue('-->')} ${d.span.file}:${d.span.line}:${d.span.column}`);
    lines.push(...frame(d.span, d.label ?? '', '^', sources, gutter, severityColor, palette));
  }
  for (const related of d.related ?? []) {
    lines.push(`${pad}${palette.blue(':::')} ${related.span.file}:${related.span.line}:${related.span.column}`);
    lines.push(...frame(related.span, related.message, '-', sources, gutter, palette.blue, palette));
  }
  if (d.help) {
    if (d.span) lines.push(bar);
    lines.push(`${pad} ${palette.blue('=')} ${palette.bold('help')}: ${d.help}`);
  }
  return lines.join('\n');
}

function frame(
  span: Span,
  label: string,
  marker: string,
  sources: ReadonlyMap<string, SourceFile>,
  gutter: number,
  color: (s: string) => string,
  palette: Palette,
): string[] {
  const source = sources.get(span.file);
  const pad = ' '.repeat(gutter);
  const bar = palette.blue(`${pad} |`);
  if (!source) return [];
  const raw = source.lineText(span.line);
  const startColumn = span.column - 1;
  const endColumn = span.endLine === span.line ? span.endColumn - 1 : raw.length;
  let shown = expandTabs(raw);
  let caretStart = displayWidth(expandTabs(raw.slice(0, startColumn)));
  let caretWidth = Math.max(1, displayWidth(expandTabs(raw.slice(0, Math.max(endColumn, startColumn)))) - caretStart);
  if (displayWidth(shown) > maxShownWidth) {
    const from = Math.max(0, caretStart - 40);
    shown = (from > 0 ? '…' : '') + sliceByWidth(shown, from, maxShownWidth) + '…';
    caretStart = caretStart - from + (from > 0 ? 1 : 0);
    caretWidth = Math.min(caretWidth, maxShownWidth - caretStart);
  }
  const number = palette.blue(`${String(span.line).padStart(gutter)} |`);
  return [
    bar,
    `${number} ${shown}`,
    `${bar} ${' '.repeat(caretStart)}${color(marker.repeat(Math.max(1, caretWidth)) + (label ? ` ${label}` : ''))}`,
  ];
}

function expandTabs(text: string): string {
  let out = '';
  for (const char of text) {
    if (char === '\t') out += ' '.repeat(tabWidth - (displayWidth(out) % tabWidth));
    else out += isControl(char) ? '�' : char;
  }
  return out;
}

function isControl(char: string): boolean {
  const code = char.codePointAt(0)!;
  return code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0xfeff;
}

/** Terminal columns: wide East Asian characters and emoji take two, combining marks none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0)!);
  return width;
}

function charWidth(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  if (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

function sliceByWidth(text: string, from: number, width: number): string {
  let out = '';
  let column = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0)!);
    if (column >= from && column + w <= from + width) out += char;
    column += w;
  }
  return out;
}

/** "2 errors, 1 warning" */
export function summarize(diagnostics: readonly Diagnostic[]): string {
  const count = (severity: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === severity).length;
  const parts: string[] = [];
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  if (errors) parts.push(plural(errors, 'error'));
  if (warnings) parts.push(plural(warnings, 'warning'));
  if (infos) parts.push(plural(infos, 'note'));
  return parts.length ? parts.join(', ') : 'no problems';
}
