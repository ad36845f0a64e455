import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { toHtml } from '../../src/render/html.js';

describe('HTML report: the findings data block', () => {
  // The findings fixture with the agent's label made of what could end a script element or open a
  // comment, and line separators that some JavaScript parsers took as line ends.
  const hostile = '</script><script>alert(1)</script><!-- \u2028\u2029 </SCRIPT >';
  const text = fs.readFileSync('test/cli/fixtures/findings.aitm', 'utf8').replace('agent bot "Bot"', `agent bot "${hostile}"`);
  const catalog = prepareCatalog({ catalogs: [{ name: 'sample', text: fs.readFileSync('test/engine/fixtures/sample-catalog.json', 'utf8') }] });
  const { model } = parse(text, { file: 'hostile.aitm' });
  const analysis = analyze(model, { catalog, asOf: '2026-11-27' });
  const page = toHtml({ model, analysis, catalog: catalog.catalog, mermaidScript: '/* mermaid */' });

  it('cannot end its element or open a comment, and reads back exactly', () => {
    const block = /<script type="application\/json" id="aitm-findings">([^]*?)<\/script>/.exec(page)![1]!;
    expect(block).not.toMatch(/<|\u2028|\u2029/);
    const data = JSON.parse(block) as { target: string; threat: string }[];
    expect(data.filter((f) => f.threat === 'test.injection').map((f) => f.target)).toEqual([hostile]);
    // Three script elements (data, mermaid, the page's own), each ended once.
    expect(page.match(/<\/script/gi)).toHaveLength(3);
  });
});
