import fs from 'node:fs';
import fc from 'fast-check';

/** Inputs for the property tests of the syntax stage: the examples, edits of them, and token soup. */

export const examples = fs
  .readdirSync('examples')
  .filter((f) => f.endsWith('.aitm'))
  .map((f) => fs.readFileSync(`examples/${f}`, 'utf8'));

export const seed = examples[0] ?? 'system "S" { owner: "a" }\nboundary b { trust: internal\n model m { type: llm } }\n';

/** Small edits of a valid model: delete, duplicate or insert a slice, or swap in a token-ish string. */
export const mutation = (text: string) =>
  fc.oneof(
    fc.tuple(fc.nat(text.length), fc.nat(40)).map(([at, n]) => text.slice(0, at) + text.slice(at + n)),
    fc.tuple(fc.nat(text.length), fc.nat(text.length)).map(([a, b]) => text.slice(0, a) + text.slice(b, b + 30) + text.slice(a)),
    fc
      .tuple(
        fc.nat(text.length),
        fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '->', '<->', '/*', '//', '\\', '\n', '\r\n', '\t', '\uFEFF', 'é', '🙂', 'model', 'flow', 'boundary', 'on', '2027-13-45', '-1.5', 'true'),
      )
      .map(([at, s]) => text.slice(0, at) + s + text.slice(at)),
  );

/** Sequences of the language's tokens and near-tokens, joined by spaces. */
export const languageTokens = fc
  .array(
    fc.constantFrom(
      'system', 'import', 'data', 'boundary', 'flow', 'mitigate', 'accept', 'dismiss', 'on', 'model', 'agent', 'tool',
      'x', 'y', '"s"', '"', '{', '}', '[', ']', ':', ',', '->', '<->', '1', '2027-01-01', 'true', ' ', '\n', '/* c */', '// c\n',
    ),
    { maxLength: 80 },
  )
  .map((t) => t.join(' '));
