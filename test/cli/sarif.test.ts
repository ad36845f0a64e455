import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * `aitm report --format sarif` as CI runs it: the built executable, started in different working
 * directories, on a model (with an import) that lives in a subfolder of a git repository. Code
 * scanning resolves each artifact URI against the repository's root, so the URIs must be the same
 * whichever way the model is named.
 */
const bin = path.resolve('bin/aitm.js');
let repo: string;

function sarif(args: string[], cwd: string) {
  const run = spawnSync(process.execPath, [bin, 'report', '--format', 'sarif', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stderr: run.stderr, log: run.status === 0 ? JSON.parse(run.stdout) : undefined, stdout: run.stdout };
}

function uris(log: { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[] }[] }): string[] {
  const locations = log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
  for (const l of locations) expect(l.uriBaseId).toBe('%SRCROOT%');
  return [...new Set(locations.map((l) => l.uri))].sort();
}

beforeAll(() => {
  // A repository with the examples in models/, and the RAG example split in two: app.aitm
  // imports its production boundary from parts/cloud.aitm, where most of its findings are.
  repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-sarif-')));
  fs.mkdirSync(path.join(repo, '.git'));
  fs.cpSync('examples', path.join(repo, 'models'), { recursive: true });
  const lines = fs.readFileSync('examples/rag-support-assistant.aitm', 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('boundary acme_cloud'));
  const end = lines.findIndex((l, i) => i > start && l === '}');
  fs.mkdirSync(path.join(repo, 'models', 'parts'));
  fs.writeFileSync(path.join(repo, 'models', 'parts', 'cloud.aitm'), lines.slice(start, end + 1).join('\n') + '\n');
  fs.writeFileSync(path.join(repo, 'models', 'app.aitm'), [...lines.slice(0, start), 'import "parts/cloud.aitm"', ...lines.slice(end + 1)].join('\n'));
});

describe('SARIF artifact URIs: relative to the repository root, whatever the working directory', () => {
  const expected = ['models/app.aitm', 'models/parts/cloud.aitm'];

  it.each([
    ['from the subfolder, by a relative path', () => [['app.aitm'], path.join(repo, 'models')] as const],
    ['from the repository root', () => [['models/app.aitm'], repo] as const],
    ['from a nested folder, with ../', () => [['../app.aitm'], path.join(repo, 'models', 'parts')] as const],
    ['from outside the repository, by absolute path', () => [[path.join(repo, 'models', 'app.aitm')], os.tmpdir()] as const],
  ])('%s', (_, setup) => {
    const [args, cwd] = setup();
    const { code, stderr, log } = sarif([...args], cwd);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const found = uris(log);
    expect(found).toEqual(expected);
    for (const uri of found) {
      expect(uri).not.toMatch(/^\/|^[a-z]+:|\.\.|\\/i);
      expect(fs.existsSync(path.join(repo, decodeURIComponent(uri)))).toBe(true);
    }
  });

  it('percent-encodes what a URI cannot hold as written', () => {
    fs.cpSync(path.join(repo, 'models', 'rag-support-assistant.aitm'), path.join(repo, 'models', 'rag #1 (draft).aitm'));
    const { log } = sarif(['rag #1 (draft).aitm'], path.join(repo, 'models'));
    expect(uris(log)).toEqual(['models/rag%20%231%20(draft).aitm']);
  });

  it('takes --sarif-root for a root other than the repository', () => {
    const { log } = sarif(['--sarif-root', '.', 'app.aitm'], path.join(repo, 'models'));
    expect(uris(log)).toEqual(['app.aitm', 'parts/cloud.aitm']);
  });

  it('refuses a model outside the root rather than write `../` or an absolute path', () => {
    const { code, stdout, stderr } = sarif(['--sarif-root', 'parts', 'app.aitm'], path.join(repo, 'models'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^aitm: app\.aitm is outside .*parts, which SARIF paths are relative to: give --sarif-root a folder that holds every model\n$/);
  });

  it('uses the working directory where there is no repository', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-sarif-norepo-'));
    fs.mkdirSync(path.join(dir, 'threats'));
    fs.cpSync('examples/rag-support-assistant.aitm', path.join(dir, 'threats', 'rag.aitm'));
    expect(uris(sarif(['threats/rag.aitm'], dir).log)).toEqual(['threats/rag.aitm']);
  });
});

describe('SARIF category', () => {
  it('sets automationDetails.id from --category, so that several models upload side by side', () => {
    const cwd = path.join(repo, 'models');
    const one = sarif(['--category', 'aitm/fine-tuning', 'fine-tuning-service.aitm'], cwd).log;
    const two = sarif(['--category', 'aitm/rag', 'rag-support-assistant.aitm'], cwd).log;
    expect(one.runs[0].automationDetails.id).toBe('aitm/fine-tuning/');
    expect(two.runs[0].automationDetails.id).toBe('aitm/rag/');
    expect(sarif(['rag-support-assistant.aitm'], cwd).log.runs[0].automationDetails.id).toBe('aitm/');
  });
});
