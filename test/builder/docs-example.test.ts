import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse } from '../../src/compile.js';
import { built } from './docs-shim.js';
import { withoutSpans } from './helpers.js';

/**
 * docs/api.md has one runnable program: the first ```ts block after `## Example`. This test runs it
 * as written, with `from 'aitm'` pointing at the sources, type-checks it, and compares what it
 * prints and builds with the output and the .aitm text the page shows after it.
 */
const page = fs.readFileSync('docs/api.md', 'utf8');
const section = page.slice(page.indexOf('\n## Example\n'));
const fence = (lang: string) => new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section)?.[1];
const program = fence('ts');
const shownOutput = fence('text');
const shownSource = fence('aitm');

const shim = path.resolve('test/builder/docs-shim.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-api-example-'));
// An ES module, as a user's program importing the ESM-only package would be.
fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the example in docs/api.md', () => {
  it('is there, importing from the package', () => {
    expect(section.length).toBeLessThan(page.length);
    expect(program).toContain("from 'aitm'");
    expect(shownOutput).toBeDefined();
    expect(shownSource).toBeDefined();
  });

  it('runs, and prints what the page says', async () => {
    const file = path.join(dir, 'example.ts');
    fs.writeFileSync(file, rewrite(program!));
    const printed: string[] = [];
    const errors: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    try {
      await import(pathToFileURL(file).href);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
    expect(errors).toEqual([]);
    expect(printed.join('\n') + '\n').toBe(shownOutput);
    expect(printed[0]).toMatch(/^[1-9]\d* open, 1 mitigated$/);
  });

  it('builds the model whose .aitm text the page shows', () => {
    const review = built.at(-1);
    expect(review?.ok).toBe(true);
    expect(review?.file).toBe('support-assistant.aitm');
    expect(review?.source).toBe(shownSource);
    const reparsed = parse(shownSource!, { file: 'support-assistant.aitm' });
    expect(reparsed.diagnostics).toEqual([]);
    expect(withoutSpans(reparsed.model)).toStrictEqual(withoutSpans(review?.model));
  });

  it('type-checks', () => {
    const file = path.join(dir, 'typed.ts');
    fs.writeFileSync(file, rewrite(program!));
    const config = path.join(dir, 'tsconfig.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        extends: path.resolve('tsconfig.json'),
        compilerOptions: { noEmit: true, rootDir: '/', typeRoots: [path.resolve('node_modules/@types')] },
        files: [file],
        include: [],
      }),
    );
    const tsc = path.resolve('node_modules/.bin/tsc');
    let output = '';
    try {
      execFileSync(tsc, ['-p', config, '--pretty', 'false'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const failure = e as { stdout?: string; stderr?: string };
      output = `${failure.stdout ?? ''}${failure.stderr ?? ''}` || String(e);
    }
    expect(output).toBe('');
  });
});

/** The program with `from 'aitm'` pointing at the sources (through the shim). */
function rewrite(text: string): string {
  const rewritten = text.replaceAll("from 'aitm'", `from ${JSON.stringify(shim)}`);
  expect(rewritten).not.toBe(text);
  return rewritten;
}
