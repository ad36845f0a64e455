/// <reference lib="dom" />
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { chromiumAbsent, chromiumPath, skipAllIf } from '../requirements.js';

/**
 * The one way the tests drive a browser: Debian's Chromium (never a downloaded one) through
 * playwright-core, and pages that record everything a hostile text could make them do.
 */
export const mermaidScriptPath = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Chromium, launched before the tests of the describe block this is called in and closed after
 * them; where it is absent, each of those tests skips and says why.
 */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  skipAllIf(chromiumAbsent);
  beforeAll(async () => {
    if (!chromiumAbsent) browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/** A page and what happened on it. `ran` lists the calls of `pwned(...)`, which every hostile payload makes if it runs. */
export interface WatchedPage {
  readonly page: Page;
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** Requests for anything but the page itself and data: URLs. */
  readonly requests: string[];
  readonly dialogs: string[];
  readonly ran: string[];
}

export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage();
  const watched: WatchedPage = { page, errors: [], requests: [], dialogs: [], ran: [] };
  await page.exposeFunction('pwned', (what: unknown) => void watched.ran.push(String(what)));
  page.on('console', (m) => {
    if (m.type() === 'error') watched.errors.push(m.text());
  });
  page.on('pageerror', (e) => watched.errors.push(String(e)));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('file:') && !url.startsWith('data:') && url !== 'about:blank') watched.requests.push(url);
  });
  page.on('dialog', async (d) => {
    watched.dialogs.push(d.message());
    await d.dismiss();
  });
  return watched;
}

/**
 * Markup under `root` that only user text could have made: elements that load or run something,
 * attributes that are event handlers, links and references to `javascript:` URLs.
 */
export function injectedMarkup(page: Page, root: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const found: string[] = [];
    for (const el of document.querySelectorAll(`${selector} *`)) {
      const tag = el.tagName.toLowerCase();
      if (['script', 'img', 'iframe', 'object', 'embed', 'link', 'meta', 'base', 'form', 'frame'].includes(tag) && !el.closest('head')) found.push(`<${tag}>`);
      for (const attribute of el.attributes) {
        if (attribute.name.toLowerCase().startsWith('on')) found.push(`${tag}[${attribute.name}]`);
        if (/^\s*javascript:/i.test(attribute.value) && /href|src|action/i.test(attribute.name)) found.push(`${tag}[${attribute.name}=${attribute.value}]`);
      }
    }
    return found;
  }, root);
}

/** The text a reader sees under `selector` (not the text of style sheets and scripts). */
export function shownText(page: Page, selector: string): Promise<string> {
  return page.evaluate((s) => {
    const out: string[] = [];
    for (const root of document.querySelectorAll(s)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement?.closest('style, script')) out.push(node.textContent ?? '');
      }
    }
    return out.join('\n');
  }, selector);
}

/**
 * Draw a Mermaid diagram as the HTML report does (strict security level, deterministic ids) into
 * `#out` of a blank page, and return the SVG; rejects when Mermaid cannot render it.
 */
export async function renderMermaid(page: Page, source: string): Promise<string> {
  if (!(await page.evaluate(() => 'mermaid' in window))) {
    await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: mermaidScriptPath });
    await page.evaluate(() =>
      (window as unknown as { mermaid: { initialize(c: object): void } }).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', deterministicIds: true, flowchart: { htmlLabels: true } }),
    );
  }
  return page.evaluate(async (text) => {
    const m = (window as unknown as { mermaid: { render(id: string, t: string): Promise<{ svg: string }> } }).mermaid;
    const { svg } = await m.render('diagram', text);
    document.getElementById('out')!.innerHTML = svg;
    return svg;
  }, source);
}
