/// <reference lib="dom" />
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';
import { findingsPerPage, toHtml } from '../../src/render/html.js';
import { generateModel } from '../../bench/generate.js';
import { chromiumAbsent, chromiumPath, skipAllIf } from '../requirements.js';

const mermaidScript = fs.readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8');

function page(file: string): { file: string; html: string; labels: string[] } {
  const catalog = prepareCatalog();
  const loaded = load(file);
  const analysis = analyze(loaded.model, { catalog, asOf: '2026-11-27' });
  const html = toHtml({ model: loaded.model, analysis, catalog: catalog.catalog, mermaidScript });
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-html-')), 'report.html');
  fs.writeFileSync(out, html);
  return { file: out, html, labels: loaded.model.elements.map((e) => e.label) };
}

let browser: Browser;

describe('HTML report in Chromium', () => {
  skipAllIf(chromiumAbsent);
  beforeAll(async () => {
    if (chromiumAbsent) return;
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(['test/render/fixtures/hostile-labels.aitm', 'examples/rag-support-assistant.aitm'])(
    '%s: renders offline with no console errors, hostile labels as text, working filters',
    async (model) => {
      const { file, html, labels } = page(model);
      expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
      const tab = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      const dialogs: string[] = [];
      tab.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      tab.on('pageerror', (e) => errors.push(String(e)));
      tab.on('request', (r) => {
        if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
      });
      tab.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await tab.goto(`file://${file}`);
      await tab.waitForSelector('body[data-rendered="yes"]', { timeout: 30_000 });
      expect(await tab.locator('.mermaid-out svg').count()).toBeGreaterThan(0);
      const text = (await tab.textContent('body'))!.replace(/\s+/g, ' ');
      for (const label of labels) expect(text).toContain(label.replace(/\s+/g, ' '));
      const injected = await tab.evaluate(
        () => [...document.querySelectorAll('body *')].filter((el) => ['IMG', 'IFRAME'].includes(el.tagName) || [...el.attributes].some((a) => a.name.startsWith('on'))).length,
      );
      expect(injected).toBe(0);
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
      await tab.close();
    },
  );

  it('opens a large model a page of findings at a time, drawing each diagram when its section opens', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-html-'));
    const model = path.join(dir, 'big.aitm');
    fs.writeFileSync(model, generateModel(2000));
    const { file } = page(model);
    const { model: loaded } = load(model);
    const findings = analyze(loaded, { asOf: '2026-11-27' }).findings;
    expect(findings.length).toBeGreaterThan(2 * findingsPerPage);
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    tab.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
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
    expect(page('examples/agent-with-tools.aitm').html).toBe(page('examples/agent-with-tools.aitm').html);
  });
});
