import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';
import { attackPathMermaid, toMermaidDiagrams } from '../../src/render/mermaid.js';
import type { SystemModel } from '../../src/semantics/model.js';
import { injectedMarkup, renderMermaid, shownText, useChromium, watchedPage } from './browser.js';
import { hostileModel, skeleton } from './hostile-model.js';

/**
 * Diagrams rendered to SVG by mermaid in a real Chromium, with the strict security level: every
 * diagram renders, every label shows as text, and nothing from a label runs.
 */
const files = [...fs.readdirSync('examples').filter((f) => f.endsWith('.aitm')).map((f) => `examples/${f}`), 'test/render/fixtures/hostile-labels.aitm'];
const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

const hostile = hostileModel();
const hostileCatalog = prepareCatalog({ catalogs: [{ name: 'hostile-catalog.json', text: hostile.catalog }] });
const hostileParsed = parse(hostile.text, { file: 'hostile.aitm' });


describe('mermaid diagrams in Chromium', () => {
  const browser = useChromium();

  /** Render each diagram on one page; what the page saw, and the text it showed. */
  async function render(diagrams: readonly string[]) {
    const watched = await watchedPage(browser());
    const shown: string[] = [];
    for (const text of diagrams) {
      const svg = await renderMermaid(watched.page, text);
      expect(svg).not.toContain('Syntax error');
      expect(await injectedMarkup(watched.page, '#out')).toEqual([]);
      shown.push(await shownText(watched.page, '#out'));
    }
    expect(watched.ran).toEqual([]);
    expect(watched.dialogs).toEqual([]);
    expect(watched.requests).toEqual([]);
    await watched.page.close();
    return shown.join('\n');
  }

  function expectLabelsShown(model: SystemModel, shown: string): void {
    for (const element of model.elements) expect(normalize(shown)).toContain(normalize(element.label));
    for (const boundary of model.boundaries) expect(normalize(shown)).toContain(normalize(`${boundary.label} (${boundary.trust})`));
  }

  it.each(files)('%s renders every label as text and runs nothing', async (file) => {
    const { model } = load(file);
    const diagrams = toMermaidDiagrams(model, { findings: analyze(model, { asOf: '2026-11-27' }).findings });
    expectLabelsShown(model, await render(diagrams.map((d) => d.text)));
  });

  it('the hostile model (a hostile text in every label): the diagram and attack paths render, labels as text, nothing runs', async () => {
    const { model } = hostileParsed;
    const { findings } = analyze(model, { catalog: hostileCatalog, asOf: '2026-06-01' });
    // Attack paths of several steps, through hostile labels; the longest few are enough.
    const paths = findings
      .filter((f) => f.evidence.path.length > 1)
      .sort((a, b) => b.evidence.path.length - a.evidence.path.length)
      .slice(0, 5)
      .map(attackPathMermaid);
    expect(paths.length).toBeGreaterThan(0);
    const shown = await render([...toMermaidDiagrams(model, { findings }).map((d) => d.text), ...paths]);
    // Control characters and lone surrogates are not drawn alike by every font: compare what is left of each label.
    const drawn = skeleton(shown);
    expect(hostile.payloads.filter((payload) => !drawn.includes(skeleton(payload)))).toEqual([]);
  });
});
