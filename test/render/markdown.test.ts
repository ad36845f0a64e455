import { describe, expect, it } from 'vitest';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';
import { md, toMarkdown } from '../../src/render/markdown.js';

function report(file: string) {
  const catalog = prepareCatalog();
  const loaded = load(file);
  const analysis = analyze(loaded.model, { catalog, asOf: '2026-11-27' });
  return toMarkdown({ model: loaded.model, analysis, catalog: catalog.catalog, sources: loaded.sources });
}

describe('Markdown report', () => {
  // The exact bytes matter (it is pasted into design docs); review the snapshot when it changes.
  it('matches the reviewed snapshot for the RAG example', async () => {
    await expect(report('examples/rag-support-assistant.aitm')).toMatchFileSnapshot('./snapshots/rag-support-assistant.md');
  });

  it('has every section, the model digests and the catalog version', () => {
    const text = report('examples/fine-tuning-service.aitm');
    for (const heading of ['## Diagram', '## Findings', '## Disposition register', '## Mitigation plan', '## Guideline coverage (CISA / NCSC)', '## What was analysed']) {
      expect(text).toContain(heading);
    }
    expect(text).toMatch(/\| examples\/fine-tuning-service\.aitm \| `[0-9a-f]{64}` \|/);
    expect(text).toMatch(/\| examples\/shared\/providers\.aitm \| `[0-9a-f]{64}` \|/);
  });

  it('renders hostile text inert', () => {
    expect(md('<script>alert(1)</script> [x](javascript:y) | *b* `c`\nnext')).toBe(
      '&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[x\\]\\(javascript:y\\) \\| \\*b\\* \\`c\\` next',
    );
    const text = report('test/render/fixtures/hostile-labels.aitm');
    expect(text.split('```mermaid')[0]).not.toMatch(/<script|<img/);
  });

  it('puts text with any kind of line break on one line (marked ended a table row at U+2028)', () => {
    expect(md('a\r\nb\u2028c\u2029d\u0085e\vf\fg')).toBe('a b c d e f g');
  });

  it('is byte-identical run to run', () => {
    expect(report('examples/agent-with-tools.aitm')).toBe(report('examples/agent-with-tools.aitm'));
  });
});
