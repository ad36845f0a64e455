import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoadedCatalog } from '../../src/catalog/load-catalog.js';
import { parse, type LoadResult } from '../../src/compile.js';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';
import { findingsPerPage, toHtml } from '../../src/render/html.js';
import { generateModel } from '../../bench/generate.js';
import { injectedMarkup, mermaidScriptPath, shownText, useChromium, watchedPage } from './browser.js';
import { hostileModel, skeleton } from './hostile-model.js';

const mermaidScript = fs.readFileSync(mermaidScriptPath, 'utf8');
const hostile = hostileModel();

function page(loaded: LoadResult, catalog: LoadedCatalog = prepareCatalog()): { file: string; html: string } {
  const analysis = analyze(loaded.model, { catalog, asOf: '2026-11-27' });
  const html = toHtml({ model: loaded.model, analysis, catalog: catalog.catalog, mermaidScript });
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-html-')), 'report.html');
  fs.writeFileSync(out, html);
  return { file: out, html };
}

const reports: [string, () => { loaded: LoadResult; catalog?: LoadedCatalog }][] = [
  ['test/render/fixtures/hostile-labels.aitm', () => ({ loaded: load('test/render/fixtures/hostile-labels.aitm') })],
  ['examples/rag-support-assistant.aitm', () => ({ loaded: load('examples/rag-support-assistant.aitm') })],
  [
    'the hostile model (a hostile text in every string field, and in the catalog)',
    () => ({ loaded: parse(hostile.text, { file: 'hostile.aitm' }), catalog: prepareCatalog({ catalogs: [{ name: 'hostile-catalog.json', text: hostile.catalog }] }) }),
  ],
];

describe('HTML report in Chromium', () => {
  const browser = useChromium();

  it.each(reports)('%s: renders offline, every diagram drawn, user text as text, nothing run, working filters', async (_, make) => {
    const { loaded, catalog } = make();
    const { file, html } = page(loaded, catalog);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    const { page: tab, errors, requests, dialogs, ran } = await watchedPage(browser());
    await tab.goto(`file://${file}`);
    await tab.waitForSelector('body[data-rendered="yes"]', { timeout: 30_000 });
    // A diagram is drawn when its section opens: open them all.
    const sections = tab.locator('details.diagram');
    const diagrams = await sections.count();
    expect(diagrams).toBeGreaterThan(0);
    for (let i = 1; i < diagrams; i++) await sections.nth(i).locator('summary').click();
    await tab.waitForFunction((n) => document.querySelectorAll('.mermaid-out svg').length === n, diagrams);
    expect(await tab.locator('.mermaid-out').filter({ hasText: 'Syntax error' }).count()).toBe(0);
    const text = await shownText(tab, 'body');
    for (const element of loaded.model.elements) expect(skeleton(text)).toContain(skeleton(element.label));
    // The page's own scripts (its findings as data, mermaid, its own code) are children of <body>;
    // user text is always inside some other element.
    expect(await tab.locator('script').count()).toBe(3);
    expect(await injectedMarkup(tab, 'body > :not(script)')).toEqual([]);
    // The only links are the page's own, to the details of a finding.
    expect(await tab.evaluate(() => [...document.querySelectorAll('a[href]')].filter((a) => !/^#f-[0-9a-f]+$/.test(a.getAttribute('href')!)).length)).toBe(0);
    const rows = await tab.locator('#findings tbody tr').count();
    if (rows > 0) {
      const first = await tab.locator('#findings tbody tr').first().getAttribute('data-severity');
      await tab.selectOption('#severity', first!);
      const visible = await tab.locator('#findings tbody tr:not([hidden])').count();
      const expected = await tab.locator(`#findings tbody tr[data-severity="${first}"]`).count();
      expect(visible).toBe(expected);
    }
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(ran).toEqual([]);
    await tab.close();
  });

  it('shows every hostile text of the hostile model and its catalog, in a table that keeps its columns', async () => {
    const { file } = page(parse(hostile.text, { file: 'hostile.aitm' }), prepareCatalog({ catalogs: [{ name: 'hostile-catalog.json', text: hostile.catalog }] }));
    const { page: tab, ran } = await watchedPage(browser());
    await tab.goto(`file://${file}`);
    await tab.waitForSelector('body[data-rendered="yes"]', { timeout: 30_000 });
    const text = skeleton(await shownText(tab, 'body'));
    expect(hostile.payloads.filter((p) => !text.includes(skeleton(p)))).toEqual([]);
    const cells = await tab.evaluate(() => [...document.querySelectorAll('#findings tbody tr')].map((tr) => tr.children.length));
    expect(new Set(cells)).toEqual(new Set([5]));
    expect(ran).toEqual([]);
    await tab.close();
  });

  it('opens a large model a page of findings at a time, drawing each diagram when its section opens', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-html-'));
    const model = path.join(dir, 'big.aitm');
    fs.writeFileSync(model, generateModel(2000));
    const { model: loaded } = load(model);
    const { file } = page({ model: loaded } as LoadResult);
    const findings = analyze(loaded, { asOf: '2026-11-27' }).findings;
    expect(findings.length).toBeGreaterThan(2 * findingsPerPage);
    const { page: tab, errors } = await watchedPage(browser());
    await tab.goto(`file://${file}`);
    await tab.waitForSelector('body[data-rendered="yes"]', { timeout: 30_000 });

    // Only the overview is drawn at first; a part is drawn when its section opens.
    const sections = tab.locator('details.diagram');
    expect(await sections.count()).toBeGreaterThan(2);
    expect(await tab.locator('.mermaid-out svg').count()).toBe(1);
    await sections.nth(1).locator('summary').click();
    await tab.waitForFunction(() => document.querySelectorAll('.mermaid-out svg').length === 2);

    // The first page of rows, and its details; then the next page.
    const rows = tab.locator('#findings tbody tr');
    const labels = async () => (await rows.locator('td:nth-child(4)').allTextContents()).join('|');
    expect(await rows.count()).toBe(findingsPerPage);
    expect(await tab.locator('#details details').count()).toBe(findingsPerPage);
    expect(await tab.textContent('#page')).toBe(`findings 1–${findingsPerPage} of ${findings.length} (page 1 of ${Math.ceil(findings.length / findingsPerPage)})`);
    expect(await labels()).toBe(findings.slice(0, findingsPerPage).map((f) => f.target.label).join('|'));
    expect(await tab.isDisabled('#previous')).toBe(true);
    await tab.click('#next');
    expect(await labels()).toBe(findings.slice(findingsPerPage, 2 * findingsPerPage).map((f) => f.target.label).join('|'));
    expect(await tab.getAttribute(`#details details >> nth=0`, 'id')).toBe(`f-${findings[findingsPerPage]!.fingerprint}`);

    // A filter applies to every finding, not the page shown, and starts again at its first page.
    const medium = findings.filter((f) => f.severity === 'medium');
    await tab.selectOption('#severity', 'medium');
    expect(await rows.count()).toBe(Math.min(findingsPerPage, medium.length));
    expect(await tab.textContent('#page')).toMatch(new RegExp(`^findings 1–\\d+ of ${medium.length} `));
    expect(errors).toEqual([]);
    await tab.close();
  });

  it('is byte-identical run to run', () => {
    expect(page(load('examples/agent-with-tools.aitm')).html).toBe(page(load('examples/agent-with-tools.aitm')).html);
  });
});
