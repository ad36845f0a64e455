import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWithSyntax } from '../../src/compile.js';
import { loadWithSyntax } from '../../src/node/load.js';
import { fileSystemArtifactHost, verifyArtifactsOnDisk } from '../../src/node/verify.js';
import { parseArtifactEntry, verifyArtifacts, type ArtifactHost, type VerifyResult } from '../../src/verify/verify.js';

const project = 'test/verify/fixtures/project';
const sha256 = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex');
const digestOf = (file: string) => sha256(fs.readFileSync(file));

/** Each result as `element path status line:column`, for readable assertions. */
const outcomes = (result: VerifyResult) => result.results.map((r) => `${r.element} ${r.path} ${r.status} ${r.span.line}:${r.span.column}`);
const problems = (result: VerifyResult) => result.diagnostics.map((d) => `${d.code} ${d.span?.line}:${d.span?.column} ${d.message}`);

/** A host over the disk that records every path it is asked to read. */
function spyHost(): ArtifactHost & { readonly read: string[] } {
  const read: string[] = [];
  return {
    read,
    digest: (file) => {
      read.push(file);
      return fileSystemArtifactHost.digest(file);
    },
    realPath: fileSystemArtifactHost.realPath!,
  };
}

function loadClean(file: string) {
  const loaded = loadWithSyntax(file);
  expect(loaded.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return loaded;
}

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});
function tempProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-verify-'));
  temporary.push(dir);
  fs.mkdirSync(path.join(dir, 'project'));
  return dir;
}
const model = (entries: readonly string[]) =>
  `system "T" {}\nboundary lab {\n  trust: internal\n  model m {\n    artifacts: [\n${entries.map((e) => `      "${e}",\n`).join('')}    ]\n  }\n}\n`;

describe('the fixtures are what they say', () => {
  it('the digests written in match.aitm are the files\' real SHA-256', () => {
    expect(digestOf(`${project}/weights/model.safetensors`)).toBe('07cb109d3d8b8cba54db4d8ab9e4cea39b168f3271d0bd50e22d577d9745979b');
    expect(digestOf(`${project}/weights/config.json`)).toBe('a751d69f08cc8a441092a80222b026147609e0b47a588260639cbe5042e8d0a4');
    expect(digestOf(`${project}/data/train.jsonl`)).toBe('46d7f3ef692f16367717fc7b08b5f9d664af91765cc12bc15f4c17858eb5d45b');
    expect(digestOf(`${project}/data/eval.jsonl`)).toBe('4e01eabc39ff5d69775ab6cb03f64d1faf115eac47eff2ccc68258ffbe83b40d');
    expect(digestOf('test/verify/fixtures/outside.txt')).toBe('f8ef54e5e6328a39dac532e61508da38b39ce8858c91af6e3cac5313acf26d63');
  });
});

describe('verifyArtifacts on disk', () => {
  it('match: every entry of a model, a dataset and an imported dataset, paths relative to the declaring file', () => {
    const result = verifyArtifactsOnDisk(loadClean(`${project}/match.aitm`));
    expect(outcomes(result)).toEqual([
      'ranker weights/model.safetensors match 12:7',
      'ranker weights/config.json match 13:7',
      'train_set data/train.jsonl match 16:34',
      'eval_set ../data/eval.jsonl match 4:34',
    ]);
    expect(result.diagnostics).toEqual([]);
    const imported = result.results.find((r) => r.element === 'eval_set')!;
    expect(imported.span.file).toBe(path.normalize(`${project}/shared/datasets.aitm`));
    expect(imported.file).toBe(path.normalize(`${project}/data/eval.jsonl`));
    expect(imported.actual).toBe(imported.expected);
  });

  it('several artifacts on one model: each outcome, and each problem at its own entry', () => {
    const result = verifyArtifactsOnDisk(loadClean(`${project}/several.aitm`));
    expect(outcomes(result)).toEqual([
      'ranker weights/model.safetensors match 8:7',
      'ranker weights/config.json mismatch 9:7',
      'ranker weights/missing.safetensors missing 10:7',
      'ranker weights missing 11:7',
    ]);
    expect(problems(result)).toEqual([
      'AITM810 9:7 SHA-256 mismatch for `weights/config.json`: expected 000000000000…, found a751d69f08cc…',
      'AITM811 10:7 cannot read artifact `weights/missing.safetensors`: no such file',
      'AITM811 11:7 cannot read artifact `weights`: it is a directory',
    ]);
    const [mismatch, missing, directory] = result.diagnostics;
    // The whole entry, quotes included, on its own line.
    expect(mismatch!.span).toMatchObject({ file: path.normalize(`${project}/several.aitm`), line: 9, column: 7, length: 87, endLine: 9, endColumn: 94 });
    expect(mismatch!.severity).toBe('error');
    expect(mismatch!.help).toBe(
      'the file\'s SHA-256 is a751d69f08cc8a441092a80222b026147609e0b47a588260639cbe5042e8d0a4; if the new file is the right one, write the entry as "a751d69f08cc8a441092a80222b026147609e0b47a588260639cbe5042e8d0a4  weights/config.json"',
    );
    expect(result.results[1]).toMatchObject({ expected: '0'.repeat(64), actual: 'a751d69f08cc8a441092a80222b026147609e0b47a588260639cbe5042e8d0a4' });
    expect(missing!.label).toBe('no such file');
    expect(missing!.help).toBe(`looked for \`${path.normalize(`${project}/weights/missing.safetensors`)}\`; the path is relative to the .aitm file that declares it`);
    expect(directory!.label).toBe('unreadable');
  });

  it('escape attempts: `..` out of the root, absolute paths and URLs are refused without a read', () => {
    const host = spyHost();
    const result = verifyArtifacts(loadClean(`${project}/escape.aitm`), host);
    expect(outcomes(result)).toEqual([
      'leaks ../outside.txt outside 8:7',
      'leaks weights/../../outside.txt outside 9:7',
      'leaks /etc/hostname outside 10:7',
      'leaks file:///etc/hostname outside 11:7',
      'leaks ./weights/../weights/model.safetensors match 12:7',
    ]);
    expect(problems(result)).toEqual([
      'AITM812 8:7 artifact path `../outside.txt` leaves the project root',
      'AITM812 9:7 artifact path `weights/../../outside.txt` leaves the project root',
      'AITM812 10:7 artifact path `/etc/hostname` is not relative',
      'AITM812 11:7 artifact path `file:///etc/hostname` is not relative',
    ]);
    expect(host.read).toEqual([path.normalize(`${project}/weights/model.safetensors`)]);
    expect(result.results.filter((r) => r.status === 'outside').every((r) => r.file === undefined && r.actual === undefined)).toBe(true);
  });

  it('a wider root lets a path climb into it', () => {
    const result = verifyArtifactsOnDisk(loadClean(`${project}/escape.aitm`), { root: 'test/verify/fixtures' });
    expect(outcomes(result).slice(0, 2)).toEqual(['leaks ../outside.txt match 8:7', 'leaks weights/../../outside.txt match 9:7']);
  });

  it('hashes a file once however many entries name it', () => {
    const host = spyHost();
    const loaded = parseWithSyntax(model([`${'0'.repeat(64)}  a.bin`, `${'1'.repeat(64)}  ./a.bin`]), { file: path.join(project, 'inline.aitm') });
    const result = verifyArtifacts(loaded, host);
    expect(result.results.map((r) => r.status)).toEqual(['missing', 'missing']);
    expect(host.read).toEqual([path.join(project, 'a.bin')]);
  });

  it('hashes a file of several chunks without reading it whole', () => {
    const dir = tempProject();
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 5, 7);
    fs.writeFileSync(path.join(dir, 'project', 'big.bin'), bytes);
    fs.writeFileSync(path.join(dir, 'project', 'm.aitm'), model([`${sha256(bytes)}  big.bin`]));
    expect(outcomes(verifyArtifactsOnDisk(loadClean(path.join(dir, 'project', 'm.aitm'))))).toEqual(['m big.bin match 6:7']);
  });

  it.skipIf(process.platform === 'win32')('symbolic links: one leading out is refused unread, one staying inside is followed', () => {
    const dir = tempProject();
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'secret\n');
    fs.mkdirSync(path.join(dir, 'elsewhere'));
    fs.writeFileSync(path.join(dir, 'elsewhere', 'w.bin'), 'w\n');
    fs.writeFileSync(path.join(dir, 'project', 'real.bin'), 'real\n');
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'project', 'link.txt'));
    fs.symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'project', 'weights'));
    fs.symlinkSync('real.bin', path.join(dir, 'project', 'inside.bin'));
    const file = path.join(dir, 'project', 'm.aitm');
    fs.writeFileSync(
      file,
      model([`${sha256('secret\n')}  link.txt`, `${sha256('w\n')}  weights/w.bin`, `${sha256('real\n')}  inside.bin`, `${sha256('x')}  weights/missing.bin`]),
    );
    const host = spyHost();
    const result = verifyArtifacts(loadClean(file), host);
    expect(outcomes(result)).toEqual([
      'm link.txt outside 6:7',
      'm weights/w.bin outside 7:7',
      'm inside.bin match 8:7',
      // Missing, through a link that leads out: refused before anything is looked up.
      'm weights/missing.bin outside 9:7',
    ]);
    expect(problems(result)[0]).toBe('AITM812 6:7 artifact path `link.txt` leads outside the project root through a symbolic link');
    expect(result.diagnostics[0]!.label).toBe('a link to outside the project');
    expect(host.read).toEqual([path.join(dir, 'project', 'inside.bin')]);
  });

  it.skipIf(process.platform === 'win32' || spawnSync('mkfifo', ['--version']).error !== undefined)(
    'a FIFO is reported, not read (and does not block)',
    () => {
      const dir = tempProject();
      expect(spawnSync('mkfifo', [path.join(dir, 'project', 'pipe')]).status).toBe(0);
      const file = path.join(dir, 'project', 'm.aitm');
      fs.writeFileSync(file, model([`${sha256('')}  pipe`]));
      expect(problems(verifyArtifactsOnDisk(loadClean(file)))).toEqual(['AITM811 6:7 cannot read artifact `pipe`: not a regular file']);
    },
  );

  it('loadWithSyntax reports an unreadable entry file like load()', () => {
    const loaded = loadWithSyntax(`${project}/no-such.aitm`);
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['AITM205']);
    expect(verifyArtifactsOnDisk(loaded)).toEqual({ results: [], diagnostics: [] });
  });
});

describe('verifyArtifacts without the disk', () => {
  const digest = sha256('weights');
  const files: Record<string, Uint8Array> = { [path.join('proj', 'w.bin')]: Buffer.from('weights') };
  const read = (file: string) => files[file];

  it('takes a plain reader of bytes', () => {
    const loaded = parseWithSyntax(model([`${digest}  w.bin`, `${sha256('other')}  w.bin`, `${digest}  gone.bin`]), { file: path.join('proj', 'm.aitm') });
    const result = verifyArtifacts(loaded, read);
    expect(result.results.map((r) => r.status)).toEqual(['match', 'mismatch', 'missing']);
    expect(problems(result).map((p) => p.slice(0, 12))).toEqual(['AITM810 7:7 ', 'AITM811 8:7 ']);
  });

  it('skips entries the language rejected, and elements that did not resolve', () => {
    const text = `system "T" {}\nboundary lab {\n  trust: internal\n  model m { artifacts: ["${digest.toUpperCase()}  w.bin", "${digest}  w.bin"] }\n  dataset m { artifacts: ["${digest}  gone.bin"] }\n}\n`;
    const loaded = parseWithSyntax(text, { file: path.join('proj', 'm.aitm') });
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['AITM403', 'AITM300']);
    expect(verifyArtifacts(loaded, read)).toEqual({ results: [], diagnostics: [] });
  });

  it('verifies nothing in a model without artifacts', () => {
    const loaded = parseWithSyntax('system "T" {}\nboundary lab { trust: internal\n  model m { type: llm }\n}\n', { file: 'm.aitm' });
    expect(verifyArtifacts(loaded, () => undefined)).toEqual({ results: [], diagnostics: [] });
  });
});

describe('parseArtifactEntry', () => {
  const digest = 'a'.repeat(64);
  it.each([
    [`${digest}  w.bin`, { sha256: digest, path: 'w.bin' }],
    [`${digest}  dir with spaces/w 1.bin`, { sha256: digest, path: 'dir with spaces/w 1.bin' }],
    [`${digest} w.bin`, undefined],
    [`${digest} *w.bin`, undefined],
    [`${digest}   w.bin`, undefined],
    [`${'A'.repeat(64)}  w.bin`, undefined],
    [`${'a'.repeat(40)}  w.bin`, undefined],
    [`${digest}  `, undefined],
    [`${digest}  a\nb`, undefined],
  ])('%j', (entry, expected) => {
    expect(parseArtifactEntry(entry)).toEqual(expected);
  });

  it('agrees with the language\'s pattern', async () => {
    const { elementProperties } = await import('../../src/semantics/vocabulary.js');
    const pattern = new RegExp(elementProperties.model.artifacts.pattern, 'u');
    for (const entry of [`${digest}  w.bin`, `${digest} w.bin`, `${digest}  `, `${digest}   w`, `${digest}  a\nb`, `x${digest}  w`]) {
      expect(pattern.test(entry), entry).toBe(parseArtifactEntry(entry) !== undefined);
    }
  });
});
