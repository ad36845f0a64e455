import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { diffModels } from '../../src/diff/diff.js';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { diffToMarkdown } from '../../src/render/diff-markdown.js';
import { toMarkdown } from '../../src/render/markdown.js';
import { injectedMarkup, shownText, useChromium, watchedPage } from './browser.js';
import { hostileModel, skeleton } from './hostile-model.js';
import { markdownTableProblems } from './markdown-tables.js';

/**
 * The Markdown report and the diff comment of a model with a hostile text in every string field,
 * read as GitHub reads them (GitHub-flavoured Markdown, here by `marked`) and shown in Chromium: no
 * table gains a column, no script runs, nothing is fetched, and each cell shows the text it was given.
 */
const hostile = hostileModel();
const catalog = prepareCatalog({ catalogs: [{ name: 'hostile-catalog.json', text: hostile.catalog }] });
const analysed = (text: string) => {
  const loaded = parse(text, { file: 'hostile.aitm' });
  expect(loaded.ok).toBe(true);
  return { loaded, analysis: analyze(loaded.model, { catalog, asOf: '2026-06-01' }) };
};
const after = analysed(hostile.text);
const before = analysed(hostileModel(7).text);

const documents: [string, string][] = [
  ['the report', toMarkdown({ model: after.loaded.model, analysis: after.analysis, catalog: catalog.catalog, sources: after.loaded.sources })],
  [
    'the diff comment',
    diffToMarkdown({ diff: diffModels({ model: before.loaded.model, analysis: before.analysis }, { model: after.loaded.model, analysis: after.analysis }), before: hostile.payloads[0]!, after: hostile.payloads[1]! }),
  ],
];


describe('Markdown with a hostile text in every field', () => {
  it.each(documents)('%s: every table row has its header\'s number of cells', (_, markdown) => {
    expect(markdown).toMatch(/^\| .* \|$/m);
    expect(markdownTableProblems(markdown)).toEqual([]);
  });

  it('(the table check is not vacuous: it finds a row with an unescaped pipe)', () => {
    expect(markdownTableProblems('| a | b |\n| --- | --- |\n| x | y \\\\| z |\n')).toHaveLength(1);
  });
});

describe('Markdown in Chromium', () => {
  const browser = useChromium();

  it.each(documents)('%s: nothing runs or loads, links are only the URLs written, every text shows in its own cell', async (name, markdown) => {
    const { page, errors, requests, dialogs, ran } = await watchedPage(browser());
    await page.setContent(`<!doctype html><html><body>${await marked.parse(markdown, { gfm: true })}</body></html>`);
    expect(await injectedMarkup(page, 'body')).toEqual([]);
    // GitHub-flavoured Markdown links a bare URL to itself; any other link would be one that user text made.
    const links = await page.evaluate(() => [...document.querySelectorAll('a')].map((a) => [a.getAttribute('href')!, a.textContent!] as const));
    for (const [href, text] of links) {
      expect(href).toMatch(/^https?:\/\//);
      expect(decodeURI(href)).toBe(text);
    }
    // Every cell of a table row is where the header says: rows as long as the header, and the
    // target, owner and reason of each disposition in their own cells.
    const tables = await page.evaluate(() =>
      [...document.querySelectorAll('table')].map((t) => ({
        header: [...t.querySelectorAll('thead th')].map((th) => th.textContent ?? ''),
        rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent ?? '')),
      })),
    );
    for (const table of tables) for (const row of table.rows) expect(row).toHaveLength(table.header.length);
    const register = tables.find((t) => t.header.join('|') === 'threat|target|status|owner|expires|reason');
    if (name === 'the report') expect(register).toBeDefined();
    if (register) {
      const dispositions = after.analysis.findings.filter((f) => f.disposition?.kind === 'accept' || f.status === 'dismissed');
      expect(register.rows.length).toBe(dispositions.length);
      register.rows.forEach((cells, i) => {
        const f = dispositions[i]!;
        expect(skeleton(cells[1]!)).toBe(skeleton(f.target.label));
        expect(skeleton(cells[3]!)).toBe(skeleton(f.disposition!.owner ?? '—'));
        expect(skeleton(cells[5]!)).toBe(skeleton(f.disposition!.reason ?? f.statusReason));
      });
    }
    const shown = skeleton(await shownText(page, 'body'));
    for (const element of after.loaded.model.elements) expect(shown).toContain(skeleton(element.label));
    expect([errors, requests, dialogs, ran]).toEqual([[], [], [], []]);
    await page.close();
  });
});
