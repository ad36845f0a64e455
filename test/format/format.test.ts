import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateModel } from '../../bench/generate.js';
import { parse } from '../../src/compile.js';
import { format } from '../../src/format/format.js';
import { withoutSpans } from '../helpers.js';

function formatted(text: string): string {
  const result = format(text);
  expect(result.diagnostics).toEqual([]);
  return result.text!;
}

const lines = (...l: string[]) => l.join('\n') + '\n';

describe('format', () => {
  it.each([
    [
      'normalises spacing and indentation',
      'system   "S"{owner:"o"}\nboundary b{trust:internal\n      model   m "M"{type:llm,hosting:self_hosted}}',
      lines('system "S" { owner: "o" }', 'boundary b {', '  trust: internal', '  model m "M" { type: llm, hosting: self_hosted }', '}'),
    ],
    [
      'puts a declaration on one line when it fits, with commas',
      'boundary b {\n  trust: internal\n  service s {\n    type: backend\n    exposure: internal\n  }\n}',
      lines('boundary b {', '  trust: internal', '  service s { type: backend, exposure: internal }', '}'),
    ],
    [
      'breaks a declaration that does not fit into one property per line, without commas',
      `data d "${'x'.repeat(60)}" { classification: internal, origin: untrusted, kind: prompt }`,
      lines(`data d "${'x'.repeat(60)}" {`, '  classification: internal', '  origin: untrusted', '  kind: prompt', '}'),
    ],
    [
      'breaks a list that does not fit into one item per line',
      `system "S" { owner: "o", practices: [threat_modeling, secure_design_review, supply_chain_review, red_teaming, incident_response] }`,
      lines(
        'system "S" {',
        '  owner: "o"',
        '  practices: [',
        '    threat_modeling,',
        '    secure_design_review,',
        '    supply_chain_review,',
        '    red_teaming,',
        '    incident_response,',
        '  ]',
        '}',
      ),
    ],
    [
      'keeps at most one blank line, and none where there was none',
      'data a\n\n\n\ndata b\ndata c',
      lines('data a', '', 'data b', 'data c'),
    ],
    [
      'keeps leading, trailing and closing comments in place',
      '// head\ndata a // after a\nboundary b { // opens\n  trust: internal // trust\n  // before s\n  service s\n  // at the end\n}\n// last',
      lines('// head', 'data a // after a', 'boundary b { // opens', '  trust: internal // trust', '  // before s', '  service s', '  // at the end', '}', '// last'),
    ],
    [
      'writes a declaration holding a comment on several lines',
      'data a { classification: internal, /* why */ kind: prompt }',
      lines('data a {', '  classification: internal /* why */', '  kind: prompt', '}'),
    ],
    [
      'moves a comment from inside a list to before its property',
      'data a {\n  classification: internal\n  kind: [prompt, /* odd */ general]\n}',
      lines('data a {', '  classification: internal', '  /* odd */', '  kind: [prompt, general]', '}'),
    ],
    ['writes literals exactly as written', 'data a "caf\\u00e9 \\"q\\"\\n" { note: -1.50, since: 2027-01-01 }', lines('data a "caf\\u00e9 \\"q\\"\\n" { note: -1.50, since: 2027-01-01 }')],
    ['drops an empty block but keeps the system\'s', 'system "S" {   }\ndata a {}', lines('system "S" {}', 'data a')],
    [
      'writes flows and dispositions',
      'flow  ask :a<->b "L"{carries:[q]}\nflow a->b\naccept  x.y  on a  ->  b {reason:"r", owner:"o", expires:2027-01-01}',
      lines('flow ask: a <-> b "L" { carries: [q] }', 'flow a -> b', 'accept x.y on a -> b { reason: "r", owner: "o", expires: 2027-01-01 }'),
    ],
    ['turns CRLF into LF and drops a byte-order mark', '\uFEFFdata a\r\n\r\ndata b\r\n', lines('data a', '', 'data b')],
    ['formats an empty file as empty', '  \n\n', ''],
  ])('%s', (_, input, expected) => {
    expect(formatted(input)).toBe(expected);
    expect(formatted(expected)).toBe(expected);
  });

  it('refuses a file with syntax errors, and says why', () => {
    const result = format('boundary b { trust: internal', { file: 'bad.aitm' });
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.span?.file])).toEqual([['AITM110', 'bad.aitm']]);
  });
});

/** Every comment's text, in order: formatting may move a comment, never lose or change one. */
function commentTexts(text: string): string[] {
  return [...text.matchAll(/\/\/[^\r\n]*|\/\*[\s\S]*?\*\//g)].map((m) => m[0].trimEnd()).filter((c) => !/^\/\/ ?$/.test(c));
}

/** The resolved model without positions: what the file means, not where it says it. */
function meaning(text: string) {
  const result = parse(text, { file: 'm.aitm' });
  return { model: withoutSpans(result.model), diagnostics: result.diagnostics.map((d) => `${d.code} ${d.message}`) };
}

const examples = fs
  .readdirSync('examples', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.aitm'))
  .map((f) => fs.readFileSync(`examples/${f}`, 'utf8'));
const corpus = [...examples, generateModel(300), generateModel(60, { dense: true })];

/** Edits that change layout and comments but not meaning, applied at line boundaries. */
const relayout = (text: string) =>
  fc
    .array(
      fc.record({
        line: fc.nat(),
        edit: fc.constantFrom('comment-line', 'trailing-comment', 'block-comment', 'blank', 'dedent', 'indent', 'crlf'),
      }),
      { maxLength: 12 },
    )
    .map((edits) => {
      const out = text.split('\n');
      for (const { line, edit } of edits) {
        const i = line % out.length;
        const current = out[i]!;
        // Inside a multi-line block comment an edit could change the comment itself; leave those lines alone.
        if (current.includes('*') && !current.includes('//')) continue;
        if (edit === 'comment-line') out.splice(i, 0, '// inserted note');
        if (edit === 'trailing-comment' && current.trim() && !current.includes('//')) out[i] = `${current} // trailing note`;
        if (edit === 'block-comment') out.splice(i, 0, '/* inserted block */');
        if (edit === 'blank') out.splice(i, 0, '');
        if (edit === 'dedent') out[i] = current.trimStart();
        if (edit === 'indent') out[i] = `      ${current}`;
        if (edit === 'crlf') out[i] = `${current}\r`;
      }
      return out.join('\n');
    });

describe('format over real and generated models', () => {
  it.each(fs.readdirSync('examples', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.aitm')))('examples/%s is formatted', (file) => {
    const text = fs.readFileSync(`examples/${file}`, 'utf8');
    expect(formatted(text)).toBe(text);
  });

  it.each(corpus.map((text, i) => [i, text] as const))('model %i: idempotent, same meaning, same comments', (_, text) => {
    const once = formatted(text);
    expect(formatted(once)).toBe(once);
    expect(meaning(once)).toEqual(meaning(text));
    expect(commentTexts(once)).toEqual(commentTexts(text));
  });

  it('stays idempotent and meaning-preserving under random relayout and comments', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples).chain(relayout), (text) => {
        const once = formatted(text);
        expect(formatted(once)).toBe(once);
        expect(meaning(once)).toEqual(meaning(text));
        expect(commentTexts(once).sort()).toEqual(commentTexts(text).sort());
      }),
      { numRuns: 150 },
    );
  });
});
