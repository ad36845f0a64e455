import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { load } from '../../src/node/load.js';

/**
 * `.aitm` imports stay inside the project root (the entry file's directory): not through `..`, an
 * absolute path, a URL, a drive or UNC path, or a symbolic link (to a file or a directory, direct,
 * chained or relative). Outside the project lies a file declaring `leak`, which must never be read.
 */
const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-root-')));
const project = path.join(tmp, 'project');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const outside = 'data leak "read from outside the project" { classification: restricted }\n';
fs.mkdirSync(path.join(tmp, 'outside-dir'));
fs.mkdirSync(path.join(project, 'sub'), { recursive: true });
fs.writeFileSync(path.join(tmp, 'outside.aitm'), outside);
fs.writeFileSync(path.join(tmp, 'outside-dir', 'x.aitm'), outside);
fs.writeFileSync(path.join(project, 'inside.aitm'), 'data inside "inside" { classification: public }\n');
fs.writeFileSync(path.join(project, 'sub', 'importer.aitm'), 'import "../../outside.aitm"\n');
fs.symlinkSync(path.join(tmp, 'outside.aitm'), path.join(project, 'link-out.aitm'));
fs.symlinkSync(path.join(tmp, 'outside-dir'), path.join(project, 'dir-out'));
fs.symlinkSync('inside.aitm', path.join(project, 'link-in.aitm'));
fs.symlinkSync('link-out.aitm', path.join(project, 'chain.aitm'));
fs.symlinkSync('../../outside.aitm', path.join(project, 'sub', 'up.aitm'));

/** Load a main file that imports `written`; what was read and what was said. */
function importing(written: string) {
  const main = path.join(project, 'main.aitm');
  const text = `system "S" { owner: "o" }\nimport ${JSON.stringify(written)}\n`;
  fs.writeFileSync(main, text);
  const loaded = load(main);
  return { loaded, column: text.split('\n')[1]!.indexOf('"') + 1 };
}

function expectNothingFromOutside(loaded: ReturnType<typeof load>): void {
  expect(loaded.model.data.map((d) => d.id)).not.toContain('leak');
  for (const file of loaded.sources.keys()) expect(fs.realpathSync(file).startsWith(project + path.sep)).toBe(true);
}

describe('imports that would leave the project are refused where they are written', () => {
  it.each([
    ['`..`', '../outside.aitm', 'AITM202'],
    ['`..` after a directory', 'sub/../../outside.aitm', 'AITM202'],
    ['an absolute path', path.join(tmp, 'outside.aitm'), 'AITM203'],
    ['a drive letter', 'C:/outside.aitm', 'AITM203'],
    ['a backslash path', '\\\\server\\share\\outside.aitm', 'AITM203'],
    ['a file: URL', `file://${path.join(tmp, 'outside.aitm')}`, 'AITM203'],
    ['a symbolic link to a file outside', 'link-out.aitm', 'AITM202'],
    ['a symbolic link to a directory outside', 'dir-out/x.aitm', 'AITM202'],
    ['a chain of symbolic links', 'chain.aitm', 'AITM202'],
    ['a relative symbolic link in a subdirectory', 'sub/up.aitm', 'AITM202'],
    ['a NUL in the path', 'inside.aitm\u0000/../../outside.aitm', 'AITM202'],
    ['a NUL in a name inside', 'in\u0000side.aitm', 'AITM200'],
  ])('%s: %s', (_, written, code) => {
    const { loaded, column } = importing(written);
    const problem = loaded.diagnostics.find((d) => d.severity === 'error')!;
    expect([problem.code, problem.span?.line, problem.span?.column]).toEqual([code, 2, column]);
    expectNothingFromOutside(loaded);
  });

  it('an imported file is held to the same root as the entry file', () => {
    const { loaded } = importing('sub/importer.aitm');
    expect(loaded.diagnostics.find((d) => d.code === 'AITM202')?.span?.file).toBe(path.join(project, 'sub', 'importer.aitm'));
    expectNothingFromOutside(loaded);
  });

  it.each([
    ['`..` that stays inside', 'sub/../inside.aitm'],
    ['`./`', './inside.aitm'],
    ['a symbolic link that stays inside', 'link-in.aitm'],
  ])('%s is allowed: %s', (_, written) => {
    const { loaded } = importing(written);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.model.data.map((d) => d.id)).toEqual(['inside']);
  });

  it('whatever path is written, nothing outside the project is read (property test)', () => {
    const segment = fc.constantFrom('..', '.', '', 'sub', 'dir-out', 'inside.aitm', 'link-out.aitm', 'link-in.aitm', 'chain.aitm', 'up.aitm', 'x.aitm', 'outside.aitm', 'project', '...', '%2e%2e');
    const written = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.constantFrom('/', '\\', '//')).map(([parts, separator]) => parts.join(separator));
    fc.assert(
      fc.property(written, (path) => {
        expectNothingFromOutside(importing(path).loaded);
      }),
      { seed: 17, numRuns: 200 },
    );
  });
});
