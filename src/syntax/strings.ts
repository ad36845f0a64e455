import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../source/source-file.js';

const simpleEscapes: Record<string, string> = { '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t', '0': '\0' };

/**
 * The value of a string literal as written at `offset` in `source` (quotes included, the closing
 * one possibly missing). Escapes: \" \\ \n \r \t \0 \uXXXX \u{X...}. A bad escape is reported and
 * kept literally, so the rest of the model still resolves.
 */
export function decodeString(image: string, offset: number, source: SourceFile, diagnostics: Diagnostic[]): string {
  const closed = image.length >= 2 && image.endsWith('"') && !isEscaped(image, image.length - 1);
  const body = image.slice(1, closed ? -1 : undefined);
  if (!body.includes('\\')) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = body[i + 1];
    if (next !== undefined && next in simpleEscapes) {
      out += simpleEscapes[next];
      i++;
      continue;
    }
    const escape = next === 'u' ? unicodeEscape(body, i) : undefined;
    if (escape) {
      out += escape.text;
      i += escape.length - 1;
      continue;
    }
    const start = offset + 1 + i;
    const length = next === undefined ? 1 : next === 'u' ? 2 : 1 + String.fromCodePoint(body.codePointAt(i + 1)!).length;
    diagnostics.push(
      diagnostic('AITM102', `invalid escape sequence \`${body.slice(i, i + length)}\` in string`, {
        span: source.span(start, start + length),
        label: 'not an escape',
        help: 'valid escapes are \\" \\\\ \\n \\r \\t \\0 \\uXXXX and \\u{X...}; write a backslash as \\\\',
      }),
    );
    out += body.slice(i, i + length);
    i += length - 1;
  }
  return out;
}

function isEscaped(image: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && image[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function unicodeEscape(body: string, at: number): { text: string; length: number } | undefined {
  const fixed = /^\\u([0-9a-fA-F]{4})/.exec(body.slice(at, at + 6));
  if (fixed) return { text: String.fromCharCode(parseInt(fixed[1]!, 16)), length: 6 };
  const braced = /^\\u\{([0-9a-fA-F]{1,6})\}/.exec(body.slice(at, at + 10));
  if (braced) {
    const code = parseInt(braced[1]!, 16);
    if (code <= 0x10ffff) return { text: String.fromCodePoint(code), length: braced[0].length };
  }
  return undefined;
}
