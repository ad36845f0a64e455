// How long the HTML report of a large model takes to open in a browser (issue #18): the page of a
// generated model, written by the CLI as a user would, opened in Debian's Chromium (never a
// downloaded one) until it is usable: loaded, the first diagram drawn and the first page of
// findings shown (the page marks that with body[data-rendered]). Run by bench/run.js:
//   node bench/html.js <elements> <runs>   prints JSON: the page's size and each run's times in ms
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { generateModel } from './generate.js';

const elements = Number(process.argv[2] ?? 50000);
const runs = Number(process.argv[3] ?? 3);
const executablePath = '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) {
  process.stdout.write(JSON.stringify({ skipped: `${executablePath} is absent` }));
  process.exit(0);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-bench-html-'));
const model = path.join(dir, 'model.aitm');
const page = path.join(dir, 'report.html');
fs.writeFileSync(model, generateModel(elements));
execFileSync(process.execPath, ['bin/aitm.js', 'report', '--format', 'html', '--as-of', '2026-11-27', '-o', page, model]);
const bytes = fs.statSync(page).size;

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    // A new context each time: nothing cached from the previous run.
    const context = await browser.newContext();
    const tab = await context.newPage();
    const start = performance.now();
    await tab.goto(`file://${page}`, { waitUntil: 'load', timeout: 120_000 });
    const loaded = performance.now() - start;
    await tab.waitForSelector('body[data-rendered="yes"]', { state: 'attached', timeout: 120_000 });
    times.push({ loaded, usable: performance.now() - start });
    await context.close();
  }
} finally {
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify({ elements, bytes, times }));
