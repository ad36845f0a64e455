import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { analyze, analyzeAgain, prepareCatalog } from '../../src/engine/analyze.js';
import { sameForAnalysis } from '../../src/engine/same-for-analysis.js';

/**
 * Issue 16: an editor re-analyses only what an edit can change. `analyzeAgain` reuses the previous
 * analysis when the edit cannot change any finding (a label, a description, a comment, a line
 * moved) and must give exactly what a fresh `analyze` gives, places and labels included.
 */
const catalog = prepareCatalog();
const options = { catalog, asOf: '2026-12-05' };
const examples = ['rag-support-assistant', 'agent-with-tools', 'mcp-agent', 'hardened-rag-assistant'];

type Edit = [name: string, edit: (text: string) => string, reusable: boolean];
const edits: Edit[] = [
  ['a label retyped', (t) => t.replace(/(model \w+ ")([^"]*)"/, '$1$2 (v2)"'), true],
  ['a description changed', (t) => t.replace(/description: "[^"]*"/, 'description: "Rewritten."'), true],
  ['a comment and blank lines added at the top', (t) => `// reviewed\n\n\n${t}`, true],
  ['an autonomy level changed', (t) => t.replace('autonomy: supervised', 'autonomy: autonomous'), false],
  ['a trust level changed', (t) => t.replace('trust: internal', 'trust: partner'), false],
];

describe.each(examples)('analyzeAgain on examples/%s.aitm', (name) => {
  const file = `examples/${name}.aitm`;
  const text = fs.readFileSync(file, 'utf8');
  const before = parse(text, { file });
  const previous = { model: before.model, analysis: analyze(before.model, options), asOf: options.asOf };

  it.each(edits)('after %s gives what a fresh analysis gives', (_, edit, reusable) => {
    const edited = edit(text);
    expect(edited).not.toBe(text);
    const after = parse(edited, { file });
    expect(after.ok).toBe(true);
    expect(sameForAnalysis(before.model, after.model)).toBe(reusable);
    // Another day may lapse an acceptance: never reused across dates.
    expect(JSON.stringify(analyzeAgain(previous, after.model, { ...options, asOf: '2099-01-01' }))).toBe(JSON.stringify(analyze(after.model, { ...options, asOf: '2099-01-01' })));
    expect(JSON.parse(JSON.stringify(analyzeAgain(previous, after.model, options)))).toEqual(JSON.parse(JSON.stringify(analyze(after.model, options))));
  });
});
