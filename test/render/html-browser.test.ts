/// <reference lib="dom" />
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, prepareCatalog } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';
import { toHtml } from '../../src/render/html.js';

const executablePath = '/usr/bin/chromium';
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

describe.skipIf(!fs.existsSync(executablePath))('HTML report in Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
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
      expect(await tab.locator('pre.mermaid svg').count()).toBeGreaterThan(0);
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

  it('is byte-identical run to run', () => {
    expect(page('examples/agent-with-tools.aitm').html).toBe(page('examples/agent-with-tools.aitm').html);
  });
});
