import fc from 'fast-check';
import {
  boundaryProperties,
  dataProperties,
  dispositionProperties,
  elementKinds,
  elementPropertyTable,
  flowProperties,
  systemProperties,
  type PropertyTable,
} from '../../src/semantics/vocabulary.js';
import { limits } from '../../src/syntax/limits.js';
import { keywordTokens } from '../../src/syntax/tokens.js';
import { hostileTexts } from './random.js';

/**
 * Mutations of a valid model's tokens: delete, duplicate, swap, truncate, deep nesting, huge names
 * and strings, words of the language in the wrong place, and awkward characters (CRLF, BOM, NUL,
 * lone surrogates, right-to-left and zero-width characters) between tokens or inside strings.
 */

const tables: PropertyTable[] = [
  systemProperties,
  dataProperties,
  boundaryProperties,
  flowProperties,
  ...elementKinds.map(elementPropertyTable),
  ...Object.values(dispositionProperties),
];
/** Every word the language knows: keywords, property names and allowed values, from the grammar and the vocabulary. */
const words = [
  ...new Set([
    ...keywordTokens.map((t) => String(t.PATTERN).replace(/^\/|\/$/g, '')),
    ...tables.flatMap((t) => Object.keys(t)),
    ...tables.flatMap((t) => Object.values(t).flatMap((spec) => (spec.type === 'enum' ? spec.values : []))),
  ]),
];
const punctuation = ['{', '}', '[', ']', ':', ',', '->', '<->', '"', '/*', '*/', '//', '\\', '-', '.', '2027-02-30', '-1.5', '1e9', "'x'", ';', '@', '#'];
export const awkwardCharacters = ['\r\n', '\r', '\uFEFF', '\0', '\ud800', '\udc00', '\u202e', '\u200f', '\u200b', '\u200d', '\u2028', '\u0085', '\u00a0', '🙂', '\t', '\f', '\v'];

export type Mutation =
  | { readonly op: 'delete' | 'duplicate' | 'truncate'; readonly at: number }
  | { readonly op: 'swap'; readonly at: number; readonly other: number }
  | { readonly op: 'nest'; readonly at: number; readonly depth: number; readonly open: string; readonly closed: boolean }
  | { readonly op: 'huge-name' | 'huge-string'; readonly at: number; readonly length: number }
  | { readonly op: 'replace' | 'insert'; readonly at: number; readonly text: string }
  | { readonly op: 'into-string'; readonly at: number; readonly text: string };

/** Lengths around the token limit, and far past it. */
const hugeLengths = fc.constantFrom(limits.maxTokenLength - 2, limits.maxTokenLength, limits.maxTokenLength + 1, 3 * limits.maxTokenLength, 1000);
/** Depths around the nesting limit, and far past it. */
const depths = fc.constantFrom(2, limits.maxNestingDepth - 1, limits.maxNestingDepth, limits.maxNestingDepth + 1, 10_000);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete', 'duplicate', 'truncate'), at: fc.nat() }),
  fc.record({ op: fc.constant('swap'), at: fc.nat(), other: fc.nat() }),
  fc.record({ op: fc.constant('nest'), at: fc.nat(), depth: depths, open: fc.constantFrom('{', '[', 'boundary x {', 'tags: ['), closed: fc.boolean() }),
  fc.record({ op: fc.constantFrom('huge-name', 'huge-string'), at: fc.nat(), length: hugeLengths }),
  fc.record({
    op: fc.constantFrom('replace', 'insert'),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...words), fc.constantFrom(...punctuation), fc.constantFrom(...awkwardCharacters), fc.string({ unit: 'binary', maxLength: 6 })),
  }),
  fc.record({ op: fc.constant('into-string'), at: fc.nat(), text: fc.oneof(fc.constantFrom(...awkwardCharacters), fc.constantFrom(...hostileTexts.map((h) => h.text))) }),
) as fc.Arbitrary<Mutation>;

/** Apply mutations in turn; positions wrap around the current length. */
export function mutate(tokens: readonly string[], mutations: readonly Mutation[]): string[] {
  let out = [...tokens];
  for (const m of mutations) {
    if (out.length === 0) out.push('');
    const at = m.at % out.length;
    switch (m.op) {
      case 'delete':
        out.splice(at, 1);
        break;
      case 'duplicate':
        out.splice(at, 0, out[at]!);
        break;
      case 'truncate':
        // Cut inside the token too, so strings and comments end unclosed.
        out = [...out.slice(0, at), out[at]!.slice(0, Math.floor(out[at]!.length / 2))];
        break;
      case 'swap': {
        const other = m.other % out.length;
        [out[at], out[other]] = [out[other]!, out[at]!];
        break;
      }
      case 'nest': {
        const closing = m.open.endsWith('[') ? ']' : '}';
        out.splice(at, 0, m.open.repeat(m.depth) + (m.closed ? closing.repeat(m.depth) : ''));
        break;
      }
      case 'huge-name':
        out[at] = 'n'.repeat(m.length);
        break;
      case 'huge-string':
        out[at] = `"${'s'.repeat(m.length)}"`;
        break;
      case 'replace':
        out[at] = m.text;
        break;
      case 'insert':
        out.splice(at, 0, m.text);
        break;
      case 'into-string': {
        // Into the next string literal at or after `at`, or as a token of its own when there is none.
        const index = out.findIndex((t, i) => i >= at && t.startsWith('"') && t.length >= 2);
        if (index < 0) out.splice(at, 0, m.text);
        else out[index] = out[index]!.slice(0, -1) + m.text + '"';
        break;
      }
    }
  }
  return out;
}

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });
