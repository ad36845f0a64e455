import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseWithSyntax } from '../../src/compile.js';
import { diagnosticCodes, type DiagnosticCode } from '../../src/diagnostics/codes.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { analyze, prepareCatalog, type AnalyzeOptions } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';
import { loadWithSyntax } from '../../src/node/load.js';
import { verifyArtifactsOnDisk } from '../../src/node/verify.js';
import { limits } from '../../src/syntax/limits.js';
import { verifyArtifacts } from '../../src/verify/verify.js';
import { fromOtm } from '../../src/interop/otm-import.js';
import { parseProjectConfig } from '../../src/cli/project-config.js';

/**
 * One case per way of triggering each diagnostic code: the input (a fixture in ./fixtures, or text
 * generated here for the limits), the exact set of codes it must produce, and the first diagnostic
 * of the code under test: its message, primary span, label and help. Every code must have a case
 * and a section in docs/diagnostics.md.
 */

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const docsPath = fileURLToPath(new URL('../../docs/diagnostics.md', import.meta.url));
const fixture = (...parts: string[]) => path.join(fixtures, ...parts);
const read = (name: string) => fs.readFileSync(fixture(name), 'utf8');
/** Fixtures used by the known-bug tests at the end rather than by the table. */
const knownBugFixtures = new Set(['AITM700-trailing-comma.json']);

/** The date analysis runs as of, so that AITM603 does not depend on today's date. */
const asOf = '2026-06-01';

interface ExpectedSpan {
  /** Default: the fixture's name (or `generated.aitm` for generated input). */
  readonly file?: string | RegExp;
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

interface Case {
  readonly code: DiagnosticCode;
  /** What the case shows, for the test name. */
  readonly name: string;
  /** A fixture in ./fixtures whose name starts with the code, or undefined for generated input. */
  readonly fixture?: string;
  readonly run: () => readonly Diagnostic[];
  /** Every code reported, in order. Default: just `code`. */
  readonly codes?: readonly DiagnosticCode[];
  readonly message: string | RegExp;
  /** `null`: the diagnostic has no place in a file. */
  readonly span: ExpectedSpan | null;
  readonly label?: string;
  readonly help?: string | RegExp;
  readonly related?: readonly { readonly line: number; readonly column: number; readonly message: string }[];
  /** The span is wrong today: the span check is expected to fail until the bug is fixed. */
}

/** parse() a fixture, named as its file name, with no way to read imports. */
function parseFixture(name: string): readonly Diagnostic[] {
  return parse(read(name), { file: name }).diagnostics;
}

/** Parse a fixture that must resolve cleanly, then analyse it against the built-in catalog. */
function analyzeFixture(name: string, options: AnalyzeOptions = {}): readonly Diagnostic[] {
  const parsed = parse(read(name), { file: name });
  expect(parsed.diagnostics.map((d) => `${d.code} ${d.message}`), `${name} must resolve cleanly`).toEqual([]);
  return analyze(parsed.model, { asOf, ...options }).diagnostics;
}

/** Import an OTM fixture as `aitm import` does. */
function importFixture(name: string): readonly Diagnostic[] {
  return fromOtm(read(name), { file: name }).diagnostics;
}

/** Load a fixture that must resolve cleanly, then verify its artifacts against the files next to it. */
function verifyFixture(name: string): readonly Diagnostic[] {
  const loaded = loadWithSyntax(fixture(name));
  expect(loaded.diagnostics.map((d) => `${d.code} ${d.message}`), `${name} must resolve cleanly`).toEqual([]);
  return verifyArtifactsOnDisk(loaded).diagnostics;
}

/** Load a catalog fixture next to the built-in catalog. */
function catalogFixture(name: string): readonly Diagnostic[] {
  return prepareCatalog({ catalogs: [{ name, text: read(name) }] }).diagnostics;
}

function generated(text: string, options: { files?: Record<string, string> } = {}): readonly Diagnostic[] {
  return parse(text, { file: 'generated.aitm', ...options }).diagnostics;
}

const system = 'system "X" {}\n';

// ---- generated inputs for the limits ---------------------------------------------------------

function tooLarge(): { text: string; diagnostics: readonly Diagnostic[] } {
  const padding = '// padding that pushes the file past the size limit\n';
  const text = system + padding.repeat(Math.ceil((limits.maxFileLength - system.length) / padding.length) + 1);
  return { text, diagnostics: generated(text) };
}

const longString = 'a'.repeat(limits.maxTokenLength - 1);
const longName = 's'.repeat(limits.maxTokenLength + 1);

/** Lists nested one level deeper than allowed, counting the system's braces. */
const deepLists = `system "X" { tags: ${'['.repeat(limits.maxNestingDepth)}${']'.repeat(limits.maxNestingDepth)} }\n`;

/** Boundaries nested one level deeper than allowed. */
const deepBoundaries =
  system +
  Array.from({ length: limits.maxNestingDepth + 1 }, (_, i) => `boundary b${i + 1} {${i === 0 ? ' trust: internal' : ''}\n`).join('') +
  '}'.repeat(limits.maxNestingDepth + 1) +
  '\n';

/** An entry file importing one file more than the limit allows (the entry file counts). */
function tooManyFiles(): readonly Diagnostic[] {
  const names = Array.from({ length: limits.maxFiles }, (_, i) => `f${i}.aitm`);
  const text = system + names.map((n) => `import "${n}"\n`).join('');
  return generated(text, { files: Object.fromEntries(names.map((n) => [n, ''])) });
}

// ---- a symbolic link that leaves the root, made in a temporary directory -----------------------

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});

function symlinkEscape(): readonly Diagnostic[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-symlink-'));
  temporary.push(dir);
  fs.mkdirSync(path.join(dir, 'project'));
  fs.writeFileSync(path.join(dir, 'outside.aitm'), 'boundary vendors { trust: external }\n');
  fs.writeFileSync(path.join(dir, 'project', 'main.aitm'), `${system}import "vendors.aitm"\n`);
  fs.symlinkSync(path.join(dir, 'outside.aitm'), path.join(dir, 'project', 'vendors.aitm'));
  return load(path.join(dir, 'project', 'main.aitm')).diagnostics;
}

/** An artifact reached through a symbolic link that leads out of the project. */
function artifactSymlinkEscape(): readonly Diagnostic[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-artifact-symlink-'));
  temporary.push(dir);
  fs.mkdirSync(path.join(dir, 'project'));
  fs.writeFileSync(path.join(dir, 'weights.bin'), 'weights\n');
  fs.symlinkSync(path.join(dir, 'weights.bin'), path.join(dir, 'project', 'weights.bin'));
  const file = path.join(dir, 'project', 'generated.aitm');
  fs.writeFileSync(file, `${system}boundary ml {\n  trust: internal\n  model m { artifacts: ["${'0'.repeat(64)}  weights.bin"] }\n}\n`);
  return verifyArtifactsOnDisk(loadWithSyntax(file)).diagnostics;
}

// ---- the table ---------------------------------------------------------------------------------

const cases: Case[] = [
  // Lexical and syntax
  {
    code: 'AITM100',
    name: 'a stray `;`',
    fixture: 'AITM100-unexpected-character.aitm',
    run: () => parseFixture('AITM100-unexpected-character.aitm'),
    message: 'unexpected character `;`',
    span: { line: 4, column: 32, length: 1 },
    label: 'not part of the language',
  },
  {
    code: 'AITM100',
    name: 'single quotes, with a hint',
    fixture: 'AITM100-single-quotes.aitm',
    run: () => parseFixture('AITM100-single-quotes.aitm'),
    codes: ['AITM100', 'AITM100'],
    message: "unexpected character `'`",
    span: { line: 3, column: 10, length: 1 },
    help: 'strings use double quotes: "like this"',
  },
  {
    code: 'AITM101',
    name: 'a string open at the end of its line',
    fixture: 'AITM101-unterminated-string.aitm',
    run: () => parseFixture('AITM101-unterminated-string.aitm'),
    message: 'string is not closed before the end of the line',
    span: { line: 3, column: 10, length: 7 },
    label: 'missing closing `"`',
    help: 'strings fit on one line; write a line break inside one as `\\n`',
  },
  {
    code: 'AITM102',
    name: '`\\p` in a string',
    fixture: 'AITM102-invalid-escape.aitm',
    run: () => parseFixture('AITM102-invalid-escape.aitm'),
    message: 'invalid escape sequence `\\p` in string',
    span: { line: 3, column: 25, length: 2 },
    label: 'not an escape',
    help: 'valid escapes are \\" \\\\ \\n \\r \\t \\0 \\uXXXX and \\u{X...}; write a backslash as \\\\',
  },
  {
    code: 'AITM103',
    name: 'a `/*` never closed',
    fixture: 'AITM103-unterminated-block-comment.aitm',
    run: () => parseFixture('AITM103-unterminated-block-comment.aitm'),
    message: 'block comment is never closed',
    span: { line: 4, column: 1, length: 2 },
    label: 'opened here',
    help: 'close it with `*/`',
  },
  {
    code: 'AITM110',
    name: 'a misspelt keyword, with a suggestion',
    fixture: 'AITM110-misspelt-keyword.aitm',
    run: () => parseFixture('AITM110-misspelt-keyword.aitm'),
    message:
      'expected a declaration (`system`, `import`, `data`, `boundary`, an element kind, `flow`, `mitigate`, `accept` or `dismiss`), found `servce`',
    span: { line: 4, column: 1, length: 6 },
    label: 'unexpected here',
    help: 'did you mean `service`?',
  },
  {
    code: 'AITM110',
    name: 'a property without `:`',
    fixture: 'AITM110-missing-colon.aitm',
    run: () => parseFixture('AITM110-missing-colon.aitm'),
    message: 'expected `:`, found `web_app`',
    span: { line: 6, column: 22, length: 7 },
    label: 'unexpected here',
  },
  {
    code: 'AITM110',
    name: 'a block still open at the end of the file',
    fixture: 'AITM110-unclosed-brace.aitm',
    run: () => parseFixture('AITM110-unclosed-brace.aitm'),
    message: 'expected `}`, found the end of the file',
    span: { line: 3, column: 18, length: 0 },
    label: 'input ends here',
  },

  // Limits
  {
    code: 'AITM150',
    name: 'a file one chunk past the size limit',
    run: () => tooLarge().diagnostics,
    message: new RegExp(`^file is \\d+ characters long; the limit is ${limits.maxFileLength}$`),
    span: { line: 1, column: 1, length: 0 },
    help: 'split the model into several files joined with `import`',
  },
  {
    code: 'AITM151',
    name: 'a string past the token limit',
    run: () => generated(`system "X" {\n  description: "${longString}x"\n}\n`),
    message: `token is ${limits.maxTokenLength + 2} characters long; the limit is ${limits.maxTokenLength}`,
    span: { line: 2, column: 16, length: limits.maxTokenLength + 2 },
  },
  {
    code: 'AITM151',
    name: 'a name past the token limit',
    run: () => generated(`${system}service ${longName}\n`),
    message: `token is ${limits.maxTokenLength + 1} characters long; the limit is ${limits.maxTokenLength}`,
    span: { line: 2, column: 9, length: limits.maxTokenLength + 1 },
  },
  {
    code: 'AITM152',
    name: 'lists nested too deep',
    run: () => generated(deepLists),
    message: `nesting is deeper than ${limits.maxNestingDepth} levels`,
    // The system's `{` is the first level, so the last `[` is the one too many.
    span: { line: 1, column: 'system "X" { tags: '.length + limits.maxNestingDepth, length: 1 },
    label: 'too deep',
    help: 'flatten the nested boundaries or lists',
  },
  {
    code: 'AITM152',
    name: 'boundaries nested too deep',
    run: () => generated(deepBoundaries),
    message: `nesting is deeper than ${limits.maxNestingDepth} levels`,
    span: { line: limits.maxNestingDepth + 2, column: `boundary b${limits.maxNestingDepth + 1} `.length + 1, length: 1 },
    label: 'too deep',
  },
  {
    code: 'AITM153',
    name: 'an entry file importing as many files as the limit',
    run: tooManyFiles,
    message: `a model may have at most ${limits.maxFiles} files`,
    // The entry file is the first file, so the last import is one too many.
    span: { line: limits.maxFiles + 1, column: 8, length: `"f${limits.maxFiles - 1}.aitm"`.length },
  },

  // Imports
  {
    code: 'AITM200',
    name: 'a missing file, from disk',
    fixture: 'imports/missing/main.aitm',
    run: () => load(fixture('imports', 'missing', 'main.aitm')).diagnostics,
    message: /^cannot find imported file `.*imports[\\/]missing[\\/]shared[\\/]vendors\.aitm`$/,
    span: { file: fixture('imports', 'missing', 'main.aitm'), line: 4, column: 8, length: 21 },
    label: 'no such file',
    help: 'paths are relative to the importing file',
  },
  {
    code: 'AITM200',
    name: 'a file missing from `files`',
    run: () => generated(`${system}import "shared/vendors.aitm"\n`, { files: {} }),
    message: 'cannot find imported file `shared/vendors.aitm`',
    span: { line: 2, column: 8, length: 21 },
  },
  {
    code: 'AITM201',
    name: 'a → b → a, from disk',
    fixture: 'imports/cycle/main.aitm',
    run: () => load(fixture('imports', 'cycle', 'main.aitm')).diagnostics,
    message: /^import cycle: \S*cycle[\\/]a\.aitm → \S*cycle[\\/]b\.aitm → \S*cycle[\\/]a\.aitm$/,
    span: { file: fixture('imports', 'cycle', 'b.aitm'), line: 2, column: 8, length: 8 },
    label: 'imports a file that imports this one',
    help: 'move what both files need into a third file that imports neither',
  },
  {
    code: 'AITM201',
    name: 'a file importing itself, in memory',
    run: () => parse(`${system}import "main.aitm"\n`, { file: 'main.aitm', files: {} }).diagnostics,
    message: 'import cycle: main.aitm → main.aitm',
    span: { file: 'main.aitm', line: 2, column: 8, length: 11 },
  },
  {
    code: 'AITM202',
    name: '`../outside.aitm`, from disk',
    fixture: 'imports/escape/project/main.aitm',
    run: () => load(fixture('imports', 'escape', 'project', 'main.aitm')).diagnostics,
    message: 'import `../outside.aitm` leaves the project root',
    span: { file: fixture('imports', 'escape', 'project', 'main.aitm'), line: 4, column: 8, length: 17 },
    label: 'outside the project',
    help: /^imports stay inside \S*escape[\\/]project; move the file there or pass a wider root$/,
  },
  {
    code: 'AITM202',
    name: '`../outside.aitm`, in memory',
    run: () => parse(`${system}import "../outside.aitm"\n`, { file: 'project/main.aitm', files: { 'outside.aitm': '' } }).diagnostics,
    message: 'import `../outside.aitm` leaves the project root',
    span: { file: path.normalize('project/main.aitm'), line: 2, column: 8, length: 17 },
  },
  {
    code: 'AITM202',
    name: 'a symbolic link to a file outside the root',
    run: symlinkEscape,
    message: 'import `vendors.aitm` leaves the project root',
    span: { file: /project[\\/]main\.aitm$/, line: 2, column: 8, length: 14 },
  },
  {
    code: 'AITM203',
    name: 'a path that is not an .aitm file',
    fixture: 'AITM203-not-an-aitm-file.aitm',
    run: () => parseFixture('AITM203-not-an-aitm-file.aitm'),
    message: 'import path `shared/vendors.txt` is not an .aitm file',
    span: { line: 4, column: 8, length: 20 },
    label: 'invalid path',
    help: 'only .aitm files can be imported',
  },
  {
    code: 'AITM203',
    name: 'an absolute path',
    run: () => generated(`${system}import "/etc/vendors.aitm"\n`, { files: {} }),
    message: 'import path `/etc/vendors.aitm` is not relative',
    span: { line: 2, column: 8, length: 19 },
    help: 'imports name files relative to the importing file, e.g. "shared/vendors.aitm"',
  },
  {
    code: 'AITM203',
    name: 'a URL',
    run: () => generated(`${system}import "https://example.com/vendors.aitm"\n`, { files: {} }),
    message: 'import path `https://example.com/vendors.aitm` is not relative',
    span: { line: 2, column: 8, length: 34 },
  },
  {
    code: 'AITM203',
    name: 'an empty path',
    run: () => generated(`${system}import ""\n`, { files: {} }),
    message: 'import path is empty',
    span: { line: 2, column: 8, length: 2 },
  },
  {
    code: 'AITM204',
    name: 'parse() with no `files` or host',
    fixture: 'AITM204-no-file-reader.aitm',
    run: () => parseFixture('AITM204-no-file-reader.aitm'),
    message: 'cannot import `shared/vendors.aitm` here: no file reader was given',
    span: { line: 4, column: 8, length: 21 },
    help: 'use load(path) to read a model from disk, or pass `files` to parse()',
  },
  {
    code: 'AITM205',
    name: 'load() of a path that does not exist',
    run: () => load(fixture('does-not-exist.aitm')).diagnostics,
    message: /^cannot read `.*does-not-exist\.aitm`: no such file$/,
    span: null,
  },
  {
    code: 'AITM205',
    name: 'load() of a directory',
    run: () => load(fixture('imports')).diagnostics,
    message: /^cannot read `.*imports`: it is a directory$/,
    span: null,
  },

  // Declarations and references
  {
    code: 'AITM300',
    name: 'a service and a store with the same id',
    fixture: 'AITM300-duplicate-identifier.aitm',
    run: () => parseFixture('AITM300-duplicate-identifier.aitm'),
    message: '`web` is declared more than once',
    span: { line: 7, column: 9, length: 3 },
    label: 'declared again here as a store',
    help: 'give each element, boundary, data asset and flow its own id',
    related: [{ line: 6, column: 11, message: 'first declared here as a service' }],
  },
  {
    code: 'AITM301',
    name: 'a misspelt reference, with a suggestion',
    fixture: 'AITM301-unknown-reference.aitm',
    run: () => parseFixture('AITM301-unknown-reference.aitm'),
    message: 'unknown model `lm`',
    span: { line: 6, column: 25, length: 2 },
    label: 'not declared',
    help: 'did you mean `llm`?',
  },
  {
    code: 'AITM301',
    name: 'a disposition on `a -> b` when the flow goes the other way',
    fixture: 'AITM301-no-such-flow.aitm',
    run: () => parseFixture('AITM301-no-such-flow.aitm'),
    message: 'no flow from `helper` to `search`',
    span: { line: 12, column: 42, length: 16 },
    label: 'no such flow',
    help: 'there is a flow the other way: `search -> helper`',
  },
  {
    code: 'AITM302',
    name: 'a store where a model is expected',
    fixture: 'AITM302-wrong-kind.aitm',
    run: () => parseFixture('AITM302-wrong-kind.aitm'),
    message: '`kb` is a store, but `uses` must be a model',
    span: { line: 6, column: 25, length: 2 },
    label: 'a store',
    related: [{ line: 7, column: 9, message: 'declared here' }],
  },
  {
    code: 'AITM302',
    name: 'a model based on itself',
    fixture: 'AITM302-refers-to-itself.aitm',
    run: () => parseFixture('AITM302-refers-to-itself.aitm'),
    message: '`base` of `llm` refers to itself',
    span: { line: 6, column: 21, length: 3 },
    label: 'itself',
  },
  {
    code: 'AITM302',
    name: 'a disposition on a data asset',
    fixture: 'AITM302-data-asset-target.aitm',
    run: () => parseFixture('AITM302-data-asset-target.aitm'),
    message: '`notes` is a data asset; a disposition names an element, boundary or flow',
    span: { line: 11, column: 39, length: 5 },
    help: 'name the element that holds it or the flow that carries it',
  },
  {
    code: 'AITM303',
    name: '`helper -> helper`',
    fixture: 'AITM303-flow-to-itself.aitm',
    run: () => parseFixture('AITM303-flow-to-itself.aitm'),
    message: 'flow from `helper` to itself',
    span: { line: 9, column: 6, length: 16 },
    label: 'same element at both ends',
  },
  {
    code: 'AITM304',
    name: '`on a -> b` with two flows from a to b',
    fixture: 'AITM304-ambiguous-flow.aitm',
    run: () => parseFixture('AITM304-ambiguous-flow.aitm'),
    message: '2 flows go from `helper` to `llm`',
    span: { line: 13, column: 39, length: 13 },
    label: 'which one?',
    help: 'name the flows (`flow ask: a -> b`) and refer to one by its name',
    related: [
      { line: 10, column: 1, message: 'flow `helper->llm`' },
      { line: 11, column: 1, message: 'flow `helper->llm#2`' },
    ],
  },
  {
    code: 'AITM305',
    name: 'two `system` declarations',
    fixture: 'AITM305-second-system.aitm',
    run: () => parseFixture('AITM305-second-system.aitm'),
    message: 'a model has one `system` declaration',
    span: { line: 4, column: 1, length: 6 },
    label: 'another system declared here',
    related: [{ line: 2, column: 1, message: 'first declared here' }],
  },
  {
    code: 'AITM305',
    name: 'an imported file that declares a system',
    run: () => generated(`${system}import "vendors.aitm"\n`, { files: { 'vendors.aitm': 'system "Vendors" {}\n' } }),
    message: 'a model has one `system` declaration',
    span: { file: 'vendors.aitm', line: 1, column: 1, length: 6 },
    help: 'merge the two into one; imported files should not declare a system',
  },
  {
    code: 'AITM306',
    name: '`owner` twice',
    fixture: 'AITM306-duplicate-property.aitm',
    run: () => parseFixture('AITM306-duplicate-property.aitm'),
    message: 'property `owner` is set twice',
    span: { line: 4, column: 3, length: 5 },
    label: 'set again here',
    help: 'remove one of them',
    related: [{ line: 3, column: 3, message: 'first set here' }],
  },
  {
    code: 'AITM307',
    name: 'an id with a dot',
    fixture: 'AITM307-invalid-id.aitm',
    run: () => parseFixture('AITM307-invalid-id.aitm'),
    message: '`web.search` is not a valid id',
    span: { line: 6, column: 8, length: 10 },
    label: 'invalid id',
    help: 'ids use letters, digits, `_` and `-`; dots are kept for threat ids',
  },
  {
    code: 'AITM307',
    name: 'a threat id in the wrong form',
    fixture: 'AITM307-invalid-threat-id.aitm',
    run: () => parseFixture('AITM307-invalid-threat-id.aitm'),
    message: '`Prompt_Injection` is not a valid threat id',
    span: { line: 9, column: 10, length: 16 },
    label: 'invalid threat id',
    help: 'threat ids are lower-case words joined by `-` and `.`, e.g. `prompt-injection.indirect`',
  },
  {
    code: 'AITM308',
    name: 'a `mitigate` and a `dismiss` for the same threat and target',
    fixture: 'AITM308-duplicate-disposition.aitm',
    run: () => parseFixture('AITM308-duplicate-disposition.aitm'),
    message: '`prompt-injection.direct` on `helper` already has a disposition',
    span: { line: 10, column: 9, length: 23 },
    label: 'second disposition',
    help: 'keep one `mitigate`, `accept` or `dismiss` per threat and target',
    related: [{ line: 9, column: 10, message: 'first disposition here' }],
  },

  // Properties
  {
    code: 'AITM400',
    name: 'a misspelt property, with a suggestion',
    fixture: 'AITM400-unknown-property.aitm',
    run: () => parseFixture('AITM400-unknown-property.aitm'),
    message: 'unknown property `ratelimit` on an api',
    span: { line: 6, column: 17, length: 9 },
    label: 'unknown property',
    help: 'did you mean `rate_limit`?',
  },
  {
    code: 'AITM400',
    name: 'a property of another element kind',
    fixture: 'AITM400-property-of-another-kind.aitm',
    run: () => parseFixture('AITM400-property-of-another-kind.aitm'),
    message: 'unknown property `autonomy` on a service',
    span: { line: 6, column: 17, length: 8 },
    help: '`autonomy` is a property of agent elements, not of service',
  },
  {
    code: 'AITM401',
    name: 'a quoted boolean',
    fixture: 'AITM401-wrong-value-type.aitm',
    run: () => parseFixture('AITM401-wrong-value-type.aitm'),
    message: '`encrypted` on a store expects `true` or `false`, found a string',
    span: { line: 6, column: 25, length: 5 },
    label: 'expected `true` or `false`',
    help: 'write `encrypted: true` or `encrypted: false` without quotes',
  },
  {
    code: 'AITM401',
    name: 'a list where one value is expected',
    fixture: 'AITM401-list-for-single-value.aitm',
    run: () => parseFixture('AITM401-list-for-single-value.aitm'),
    message: '`hosting` takes a single value, not a list',
    span: { line: 6, column: 24, length: 22 },
    help: 'keep one value',
  },
  {
    code: 'AITM402',
    name: 'a misspelt value, with a suggestion',
    fixture: 'AITM402-value-not-allowed.aitm',
    run: () => parseFixture('AITM402-value-not-allowed.aitm'),
    message: '`self_host` is not a valid `hosting`',
    span: { line: 6, column: 24, length: 9 },
    label: 'not allowed here',
    help: 'did you mean `self_hosted`?',
  },
  {
    code: 'AITM403',
    name: 'a rate limit not written as N/unit',
    fixture: 'AITM403-invalid-rate-limit.aitm',
    run: () => parseFixture('AITM403-invalid-rate-limit.aitm'),
    message: '`30 per minute` is not a valid `rate_limit`',
    span: { line: 6, column: 29, length: 15 },
    label: 'wrong format',
    help: 'write it as "N/unit", e.g. "30/min" (units: s, min, h, day)',
  },
  {
    code: 'AITM403',
    name: 'an `artifacts` entry with one space instead of two',
    fixture: 'AITM403-invalid-artifact.aitm',
    run: () => parseFixture('AITM403-invalid-artifact.aitm'),
    message: '`84df2515a293522f8613cdb9191e5883296649ee…facts/churn.onnx` is not a valid `artifacts` entry',
    span: { line: 6, column: 29, length: 87 },
    label: 'wrong format',
    help: 'write it as sha256sum prints it: `<digest>  <path>` (64 lowercase hex digits, two spaces, then the path relative to this file)',
  },
  {
    code: 'AITM403',
    name: 'a date not on the calendar',
    fixture: 'AITM403-invalid-date.aitm',
    run: () => parseFixture('AITM403-invalid-date.aitm'),
    message: '`2027-02-30` is not a valid `expires`',
    span: { line: 12, column: 12, length: 10 },
    label: 'no such date',
    help: 'write a real calendar date as YYYY-MM-DD',
  },
  {
    code: 'AITM404',
    name: 'a boundary without `trust`',
    fixture: 'AITM404-boundary-without-trust.aitm',
    run: () => parseFixture('AITM404-boundary-without-trust.aitm'),
    message: 'boundary `corp` has no `trust` level',
    span: { line: 4, column: 10, length: 4 },
    label: 'needs `trust`',
    help: 'add `trust: untrusted`, `external`, `partner`, `internal` or `restricted` (nested boundaries inherit it)',
  },
  {
    code: 'AITM404',
    name: 'an `accept` without `owner` and `expires`',
    fixture: 'AITM404-accept-missing-properties.aitm',
    run: () => parseFixture('AITM404-accept-missing-properties.aitm'),
    message: '`accept` needs `owner` and `expires`',
    span: { line: 9, column: 8, length: 23 },
    label: 'missing owner, expires',
    help: 'an accepted risk needs `reason: "..."`, `owner: "..."` and `expires: YYYY-MM-DD`',
  },

  // Model structure
  {
    code: 'AITM500',
    name: 'a service at the top level',
    fixture: 'AITM500-outside-boundary.aitm',
    run: () => parseFixture('AITM500-outside-boundary.aitm'),
    message: 'service `web` is not inside any boundary',
    span: { line: 4, column: 9, length: 3 },
    label: 'outside every boundary',
    help: 'declare it inside a `boundary` so that its trust level is known',
  },
  {
    code: 'AITM501',
    name: 'a data asset nothing refers to',
    fixture: 'AITM501-unused-data.aitm',
    run: () => parseFixture('AITM501-unused-data.aitm'),
    message: 'data asset `notes` is never used',
    span: { line: 4, column: 6, length: 5 },
    label: 'declared but never carried or held',
  },
  {
    code: 'AITM502',
    name: 'a model without `system`',
    fixture: 'AITM502-no-system.aitm',
    run: () => parseFixture('AITM502-no-system.aitm'),
    message: 'the model has no `system` declaration',
    span: { line: 2, column: 1, length: 0 },
    help: 'start the file with `system "Name" { owner: "team@example.com" }`',
  },
  {
    code: 'AITM503',
    name: 'the same model twice in `uses`',
    fixture: 'AITM503-duplicate-list-item.aitm',
    run: () => parseFixture('AITM503-duplicate-list-item.aitm'),
    message: '`llm` is listed twice in `uses`',
    span: { line: 6, column: 30, length: 3 },
    label: 'listed again',
    help: 'remove the repeat',
  },

  // Analysis
  {
    code: 'AITM600',
    name: 'a misspelt control on an element',
    fixture: 'AITM600-unknown-control.aitm',
    run: () => analyzeFixture('AITM600-unknown-control.aitm'),
    message: 'unknown control `rate_limitng`: no catalog declares it, so it mitigates nothing',
    // The control itself, not the whole `controls: [...]` property.
    span: { line: 6, column: 28, length: 12 },
    label: 'unknown control',
    help: 'did you mean `rate_limiting`?',
  },
  {
    code: 'AITM600',
    name: 'a misspelt control in a `mitigate`',
    fixture: 'AITM600-unknown-control-in-disposition.aitm',
    run: () => analyzeFixture('AITM600-unknown-control-in-disposition.aitm'),
    message: 'unknown control `model_scaning`: no catalog declares it, so it mitigates nothing',
    span: { line: 11, column: 14, length: 13 },
    help: 'did you mean `model_scanning`?',
  },
  {
    code: 'AITM601',
    name: 'a misspelt threat id, with a suggestion',
    fixture: 'AITM601-unknown-threat.aitm',
    run: () => analyzeFixture('AITM601-unknown-threat.aitm'),
    message: 'unknown threat `supply-chain.unsafe-serialisation`',
    span: { line: 9, column: 10, length: 33 },
    label: 'not in the catalog',
    help: 'did you mean `supply-chain.unsafe-serialization`?',
  },
  {
    code: 'AITM602',
    name: 'a mitigation for a threat that does not fire',
    fixture: 'AITM602-disposition-matches-nothing.aitm',
    run: () => analyzeFixture('AITM602-disposition-matches-nothing.aitm'),
    message: '`supply-chain.unsafe-serialization` does not apply to `churn`',
    span: { line: 9, column: 47, length: 5 },
    label: 'no such finding',
    help: 'the threat does not fire here, so the disposition has no effect; remove it or check the target',
  },
  {
    code: 'AITM603',
    name: 'an acceptance past its `expires`',
    fixture: 'AITM603-expired-acceptance.aitm',
    run: () => analyzeFixture('AITM603-expired-acceptance.aitm'),
    message: 'the acceptance of `supply-chain.unsafe-serialization` on `churn` expired on 2026-01-31',
    span: { line: 9, column: 8, length: 33 },
    label: 'expired',
    help: 'review the risk: mitigate it, or renew the acceptance with a new `expires`',
  },
  {
    code: 'AITM604',
    name: '`disable` with a misspelt threat id',
    fixture: 'AITM604-disable-unknown-threat.aitm',
    run: () => analyzeFixture('AITM604-disable-unknown-threat.aitm', { disable: ['supply-chain.unsafe-serialisation'] }),
    message: 'cannot disable unknown threat `supply-chain.unsafe-serialisation`',
    span: null,
    help: 'did you mean `supply-chain.unsafe-serialization`?',
  },

  // Catalogs
  {
    code: 'AITM700',
    name: 'a missing comma',
    fixture: 'AITM700-invalid-json.json',
    run: () => catalogFixture('AITM700-invalid-json.json'),
    message: 'invalid JSON: comma expected',
    span: { line: 3, column: 3, length: 9 },
    label: 'here',
  },
  {
    code: 'AITM701',
    name: 'a category not in the schema, with a suggestion',
    fixture: 'AITM701-schema-mismatch.json',
    run: () => catalogFixture('AITM701-schema-mismatch.json'),
    message: '$.threats[0].category: `injectoin` is not allowed',
    span: { line: 9, column: 19, length: 11 },
    help: 'did you mean `injection`?',
  },
  {
    code: 'AITM702',
    name: 'a condition on a property agents do not have',
    fixture: 'AITM702-unknown-condition-property.json',
    run: () => catalogFixture('AITM702-unknown-condition-property.json'),
    message: '`autonomi` is not a property of agent (threat `custom.autonomous-agent`)',
    span: { line: 14, column: 29, length: 10 },
    help: 'did you mean `autonomy`?',
  },
  {
    code: 'AITM703',
    name: 'a threat id defined twice in one file',
    fixture: 'AITM703-duplicate-id.json',
    run: () => catalogFixture('AITM703-duplicate-id.json'),
    message: 'threat `custom.autonomous-agent` is defined more than once',
    span: { line: 19, column: 13, length: 25 },
    help: 'give each threat its own id; to change a built-in threat, disable it and add your own under a new id',
    related: [{ line: 6, column: 13, message: 'first defined here' }],
  },
  {
    code: 'AITM704',
    name: 'a misspelt control in a mitigation',
    fixture: 'AITM704-unknown-control.json',
    run: () => catalogFixture('AITM704-unknown-control.json'),
    message: 'threat `custom.autonomous-agent` is mitigated by unknown control `human_aproval`',
    span: { line: 15, column: 38, length: 15 },
    help: 'did you mean `human_approval`?',
  },
  {
    code: 'AITM705',
    name: 'a flow predicate in an agent threat',
    fixture: 'AITM705-predicate-target-mismatch.json',
    run: () => catalogFixture('AITM705-predicate-target-mismatch.json'),
    message: 'predicate `carries-data` is about flows, but threat `custom.unencrypted-agent-traffic` also targets agent',
    span: { line: 14, column: 30, length: 14 },
    help: 'split the threat by target, or use a predicate that fits every target',
  },

  // Open Threat Model import
  {
    code: 'AITM800',
    name: 'a missing comma in an OTM document',
    fixture: 'AITM800-invalid-otm-json.json',
    run: () => importFixture('AITM800-invalid-otm-json.json'),
    message: 'invalid JSON: comma expected',
    span: { line: 3, column: 3, length: 9 },
    label: 'here',
    help: 'an OTM document is one JSON object; aitm reads OTM as JSON, not YAML',
  },
  {
    code: 'AITM801',
    name: 'a project without an id',
    fixture: 'AITM801-otm-missing-field.json',
    run: () => importFixture('AITM801-otm-missing-field.json'),
    message: '$.project: missing field `id`',
    span: { line: 3, column: 14, length: 18 },
    help: 'see the Open Threat Model 0.2.0 specification for the fields each object needs',
  },
  {
    code: 'AITM802',
    name: 'a dataflow to a component that does not exist',
    fixture: 'AITM802-otm-dangling-dataflow.json',
    run: () => importFixture('AITM802-otm-dangling-dataflow.json'),
    message: '$.dataflows[0].destination: no component has the id `payment-api`',
    span: { line: 9, column: 81, length: 13 },
    label: 'unknown component',
    help: 'a dataflow joins two components declared under `components`',
  },
  {
    code: 'AITM803',
    name: 'two components with one id',
    fixture: 'AITM803-otm-duplicate-id.json',
    run: () => importFixture('AITM803-otm-duplicate-id.json'),
    message: 'component id `web` is used more than once',
    span: { line: 7, column: 13, length: 5 },
    label: 'used again here',
    help: 'give each component its own id; references to it would be ambiguous',
    related: [{ line: 6, column: 13, message: 'first used here' }],
  },
  {
    code: 'AITM804',
    name: 'a dataflow from a component to itself',
    fixture: 'AITM804-otm-flow-to-itself.json',
    run: () => importFixture('AITM804-otm-flow-to-itself.json'),
    message: '$.dataflows[0]: dataflow `retry` goes from `worker` to itself, which aitm cannot model; it is left out',
    span: { line: 9, column: 74, length: 8 },
    label: 'same component as the source',
    help: 'in aitm a flow joins two different elements; model the inner parts as separate components',
  },

  // Artifact verification
  {
    code: 'AITM810',
    name: 'a file whose SHA-256 is not the one written',
    fixture: 'AITM810-artifact-mismatch.aitm',
    run: () => verifyFixture('AITM810-artifact-mismatch.aitm'),
    message: 'SHA-256 mismatch for `artifacts/churn.onnx`: expected 0f343b093112…, found 84df2515a293…',
    span: { file: /AITM810-artifact-mismatch\.aitm$/, line: 8, column: 17, length: 88 },
    label: 'the file has changed',
    help: 'the file\'s SHA-256 is 84df2515a293522f8613cdb9191e5883296649ee394f7723a4d3bbec84ad3ca6; if the new file is the right one, write the entry as "84df2515a293522f8613cdb9191e5883296649ee394f7723a4d3bbec84ad3ca6  artifacts/churn.onnx"',
  },
  {
    code: 'AITM811',
    name: 'an artifact file that does not exist',
    fixture: 'AITM811-missing-artifact.aitm',
    run: () => verifyFixture('AITM811-missing-artifact.aitm'),
    message: 'cannot read artifact `artifacts/churn-v2.onnx`: no such file',
    span: { file: /AITM811-missing-artifact\.aitm$/, line: 8, column: 17, length: 91 },
    label: 'no such file',
    help: /^looked for `.*fixtures[\\/]artifacts[\\/]churn-v2\.onnx`; the path is relative to the \.aitm file that declares it$/,
  },
  {
    code: 'AITM811',
    name: 'an artifact path that names a directory',
    run: () =>
      verifyArtifactsOnDisk(
        parseWithSyntax(`${system}boundary ml {\n  trust: internal\n  dataset d { artifacts: ["${'0'.repeat(64)}  artifacts"] }\n}\n`, { file: fixture('generated.aitm') }),
      ).diagnostics,
    message: 'cannot read artifact `artifacts`: it is a directory',
    span: { file: /generated\.aitm$/, line: 4, column: 27, length: 77 },
    label: 'unreadable',
  },
  {
    code: 'AITM812',
    name: 'a path that climbs out of the root with `..`',
    fixture: 'AITM812-artifact-outside-root.aitm',
    run: () => verifyFixture('AITM812-artifact-outside-root.aitm'),
    message: 'artifact path `../shared/churn.onnx` leaves the project root',
    span: { file: /AITM812-artifact-outside-root\.aitm$/, line: 8, column: 17, length: 88 },
    label: 'outside the project',
    help: /^artifacts stay inside .*fixtures; move the file there, or the \.aitm file up to a directory that contains both$/,
  },
  {
    code: 'AITM812',
    name: 'an absolute path',
    run: () =>
      verifyArtifacts(
        parseWithSyntax(`${system}boundary ml {\n  trust: internal\n  model m { artifacts: ["${'0'.repeat(64)}  /etc/passwd"] }\n}\n`, { file: 'generated.aitm' }),
        () => {
          throw new Error('must not be read');
        },
      ).diagnostics,
    message: 'artifact path `/etc/passwd` is not relative',
    span: { line: 4, column: 25, length: 79 },
    label: 'not a relative path',
    help: 'write the path relative to the .aitm file that declares it; aitm verify reads only files inside the project, so pin a local copy of a remote file',
  },
  {
    code: 'AITM812',
    name: 'a symbolic link inside the root that points outside it',
    run: artifactSymlinkEscape,
    message: 'artifact path `weights.bin` leads outside the project root through a symbolic link',
    span: { file: /generated\.aitm$/, line: 4, column: 25, length: 79 },
    label: 'a link to outside the project',
  },
  {
    code: 'AITM900',
    name: 'a config file that is not JSON',
    run: () => parseProjectConfig('aitm.config.json', '{ "failOn": "high", }\n', '.')!.diagnostics,
    message: 'invalid JSON: property name expected',
    span: { file: 'aitm.config.json', line: 1, column: 21, length: 1 },
  },
  {
    code: 'AITM901',
    name: 'a misspelt setting',
    run: () => parseProjectConfig('aitm.config.json', '{\n  "failon": "high"\n}\n', '.')!.diagnostics,
    message: 'unknown setting `failon`',
    span: { file: 'aitm.config.json', line: 2, column: 13, length: 6 },
    help: 'did you mean `failOn`?',
  },
  {
    code: 'AITM901',
    name: 'a value of the wrong kind, in the `aitm` key of package.json',
    run: () => parseProjectConfig('package.json', '{ "name": "x", "aitm": { "catalogs": "threats.json" } }\n', '.')!.diagnostics,
    message: '`catalogs` must be a list of catalog files, written as a JSON array of strings',
    span: { file: 'package.json', line: 1, column: 38, length: 14 },
  },
];

// ---- the checks --------------------------------------------------------------------------------

function matches(actual: string | undefined, expected: string | RegExp): void {
  if (typeof expected === 'string') expect(actual).toBe(expected);
  else expect(actual).toMatch(expected);
}

function primary(c: Case): Diagnostic {
  const diagnostics = c.run();
  expect(diagnostics.map((d) => d.code), diagnostics.map((d) => `${d.code} ${d.message}`).join('\n')).toEqual(c.codes ?? [c.code]);
  const found = diagnostics.find((d) => d.code === c.code)!;
  expect(found.severity).toBe(diagnosticCodes[c.code].severity);
  return found;
}

function checkSpan(c: Case, d: Diagnostic): void {
  if (c.span === null) {
    expect(d.span).toBeUndefined();
    return;
  }
  expect(d.span).toBeDefined();
  const span = d.span!;
  matches(span.file, c.span.file ?? (c.fixture ? path.basename(c.fixture) : 'generated.aitm'));
  expect({ line: span.line, column: span.column, length: span.length }).toEqual({
    line: c.span.line,
    column: c.span.column,
    length: c.span.length,
  });
  // One-line spans: the end column agrees with the length.
  if (span.endLine === span.line) expect(span.endColumn).toBe(span.column + span.length);
}

describe('every diagnostic code, from a minimal input', () => {
  describe.each(cases.map((c) => [`${c.code}: ${c.name}`, c] as const))('%s', (_, c) => {
    it('reports exactly the expected codes, message, label and help', () => {
      const d = primary(c);
      matches(d.message, c.message);
      if (c.label !== undefined) expect(d.label).toBe(c.label);
      if (c.help !== undefined) matches(d.help, c.help);
      if (c.related) {
        expect(d.related?.map((r) => ({ line: r.span.line, column: r.span.column, message: r.message }))).toEqual(c.related);
      }
    });

    // A known bug (reported, not fixed here): the correct expectation is kept and expected to fail.
    it('points at the right span', () => {
      checkSpan(c, primary(c));
    });
  });
});

describe('the table of cases', () => {
  it('covers every code in diagnosticCodes', () => {
    const covered = new Set(cases.map((c) => c.code));
    expect(Object.keys(diagnosticCodes).filter((code) => !covered.has(code as DiagnosticCode))).toEqual([]);
  });

  it('names each fixture after the code it demonstrates, and uses every fixture', () => {
    for (const c of cases) {
      if (c.fixture && !c.fixture.startsWith('imports/')) expect(path.basename(c.fixture).slice(0, 7), c.fixture).toBe(c.code);
      if (c.fixture) expect(fs.existsSync(fixture(c.fixture)), c.fixture).toBe(true);
    }
    const used = new Set(cases.flatMap((c) => (c.fixture ? [c.fixture] : [])));
    const onDisk = fs.readdirSync(fixtures).filter((f) => /^AITM\d{3}-.+\.(aitm|json)$/.test(f));
    expect(onDisk.filter((f) => !used.has(f) && !knownBugFixtures.has(f))).toEqual([]);
    expect(onDisk.filter((f) => !/^AITM\d{3}-[a-z0-9-]+\.(aitm|json)$/.test(f))).toEqual([]);
  });

  it('starts each .aitm fixture with a comment saying what it demonstrates', () => {
    const files = [
      ...fs.readdirSync(fixtures).filter((f) => f.endsWith('.aitm')),
      ...fs.readdirSync(fixture('imports'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.aitm')).map((f) => path.join('imports', f)),
    ];
    expect(files.filter((f) => !read(f).startsWith('// '))).toEqual([]);
  });
});

describe('docs/diagnostics.md', () => {
  // Read in the tests, so that a missing file fails them rather than the whole suite.
  const docs = () => (fs.existsSync(docsPath) ? fs.readFileSync(docsPath, 'utf8') : '');

  it('has one section per code, headed `## CODE — Title` with the title from codes.ts', () => {
    const headings = [...docs().matchAll(/^## (AITM\d{3})\b.*$/gm)].map((m) => ({ code: m[1]!, line: m[0] }));
    expect(headings.map((h) => h.line)).toEqual(
      Object.entries(diagnosticCodes).map(([code, info]) => `## ${code} — ${info.title}`),
    );
  });

  it('gives the severity from codes.ts, an example and a fix in each section', () => {
    const sections = docs().split(/^(?=## AITM)/m).slice(1);
    const problems: string[] = [];
    for (const section of sections) {
      const code = /^## (AITM\d{3})/.exec(section)![1] as DiagnosticCode;
      const info = diagnosticCodes[code];
      if (!info) continue;
      if (!section.includes(`**Severity:** ${info.severity}`)) problems.push(`${code}: no "**Severity:** ${info.severity}"`);
      if (!/```/.test(section)) problems.push(`${code}: no example`);
      if (!/\*\*Fix/.test(section)) problems.push(`${code}: no fix`);
    }
    expect(problems).toEqual([]);
  });
});

// ---- regressions: bugs found while writing these cases, now fixed -------------------------------

describe('regressions', () => {
  // jsonc-parser reports a trailing comma twice at the same offset ("property name expected",
  // then "value expected"); the .aitm parser already reports one error per position.
  it('AITM700: a trailing comma in a catalog is reported once', () => {
    const diagnostics = catalogFixture('AITM700-trailing-comma.json');
    expect(diagnostics.map((d) => [d.code, d.span?.line, d.span?.column])).toEqual([['AITM700', 5, 1]]);
  });

  // read-files.ts `outside()` treats any relative path starting with `..` as leaving the root,
  // so a file inside the root whose name starts with two dots is refused.
  it('AITM202: a file inside the root whose name starts with `..` may be imported', () => {
    const diagnostics = parse(`${system}import "..shared.aitm"\n`, { file: 'main.aitm', files: { '..shared.aitm': '' } }).diagnostics;
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  // read-files.ts compares the real path of the root with the real path of the target, but a missing
  // target has no real path and falls back to the unresolved one. When the project directory is
  // reached through a symbolic link (as os.tmpdir() is on macOS), the two disagree and a missing
  // import is reported as leaving the root.
  it('AITM200: a missing import in a project reached through a symbolic link is "not found", not "outside the root"', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-symlinked-root-'));
    temporary.push(dir);
    fs.mkdirSync(path.join(dir, 'real'));
    fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    fs.writeFileSync(path.join(dir, 'real', 'main.aitm'), `${system}import "missing.aitm"\n`);
    const diagnostics = load(path.join(dir, 'link', 'main.aitm')).diagnostics;
    expect(diagnostics.map((d) => d.code)).toEqual(['AITM200']);
  });
});
