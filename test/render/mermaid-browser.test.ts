/// <reference lib="dom" />
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../src/node/load.js';
import { toMermaid } from '../../src/render/mermaid.js';
import { analyze } from '../../src/engine/analyze.js';
import { chromiumAbsent, chromiumPath, skipAllIf } from '../requirements.js';

/**
 * Diagrams rendered to SVG by mermaid in a real Chromium (Debian's, never a downloaded one), with
 * the strict security level: every label shows as text and nothing from a label runs.
 */
const mermaidScript = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
const files = [...fs.readdirSync('examples').filter((f) => f.endsWith('.aitm')).map((f) => `examples/${f}`), 'test/render/fixtures/hostile-labels.aitm'];

let browser: Browser;

describe('mermaid diagrams in Chromium', () => {
  skipAllIf(chromiumAbsent);
  beforeAll(async () => {
    if (chromiumAbsent) return;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(files)('%s renders every label as text and runs nothing', async (file) => {
    const { model } = load(file);
    const text = toMermaid(model, { findings: analyze(model, { asOf: '2026-11-27' }).findings });
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
    });
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: mermaidScript });
    const svg = await page.evaluate(async (source) => {
      const m = (window as unknown as { mermaid: { initialize(c: object): void; render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
      m.initialize({ startOnLoad: false, securityLevel: 'strict', deterministicIds: true, flowchart: { htmlLabels: true } });
      const { svg } = await m.render('diagram', source);
      document.getElementById('out')!.innerHTML = svg;
      return svg;
    }, text);
    const shown = await page.evaluate(() => document.getElementById('out')!.textContent ?? '');
    const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();
    for (const element of model.elements) expect(normalize(shown)).toContain(normalize(element.label));
    for (const boundary of model.boundaries) expect(normalize(shown)).toContain(normalize(`${boundary.label} (${boundary.trust})`));
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    // Hostile labels are text: no element or event handler came out of them.
    const injected = await page.evaluate(
      () => [...document.querySelectorAll('#out *')].filter((el) => ['SCRIPT', 'IMG', 'IFRAME'].includes(el.tagName) || [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    );
    expect(injected).toBe(0);
    expect(svg.length).toBeGreaterThan(1000);
    await page.close();
  });
});
