import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { run } from './cli/run-cli.js';

/**
 * What the repository ships for CI and editors beside the npm package: the composite GitHub
 * Action (action.yml), the pre-commit hooks (.pre-commit-hooks.yaml) and the VS Code extension
 * (editors/vscode/). Their scripts run here as the runner, pre-commit or VS Code would run them.
 */
const bin = path.resolve('bin/aitm.js');
const findings = fs.readFileSync('test/cli/fixtures/findings.aitm', 'utf8');
const sampleCatalog = fs.readFileSync('test/engine/fixtures/sample-catalog.json', 'utf8');

/** A repository with aitm installed (node_modules/.bin/aitm), two models and a project config. */
function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-project-'));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'node_modules', '.bin', 'aitm'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`, { mode: 0o755 });
  fs.mkdirSync(path.join(dir, 'threat-models'));
  fs.writeFileSync(path.join(dir, 'threat-models', 'bot.aitm'), findings);
  fs.cpSync('examples/rag-support-assistant.aitm', path.join(dir, 'threat-models', 'rag.aitm'));
  fs.writeFileSync(path.join(dir, 'threats.json'), sampleCatalog);
  fs.writeFileSync(path.join(dir, 'aitm.config.json'), JSON.stringify({ catalogs: ['threats.json'] }));
  return dir;
}

describe('the GitHub Action (action.yml)', () => {
  const action = parseYaml(fs.readFileSync('action.yml', 'utf8'));
  const steps = action.runs.steps as { name: string; id?: string; shell?: string; env?: Record<string, string>; run?: string; uses?: string; with?: Record<string, string>; if?: string }[];
  const step = (name: string) => steps.find((s) => s.name === name)!;

  /** A step's script as the runner runs it: bash, the step's env with the inputs filled in. */
  function runStep(name: string, inputs: Record<string, string>, cwd: string) {
    const s = step(name);
    const defaults = Object.fromEntries(Object.entries(action.inputs as Record<string, { default: string }>).map(([k, v]) => [k, v.default]));
    const values: Record<string, string> = { ...defaults, ...inputs };
    const env = Object.fromEntries(Object.entries(s.env ?? {}).map(([k, v]) => [k, v.replace(/^\$\{\{ inputs\.([\w-]+) \}\}$/, (_, input: string) => values[input]!)]));
    const output = path.join(cwd, 'github-output');
    fs.writeFileSync(output, '');
    const result = spawnSync('bash', ['-e', '-c', s.run!], { cwd, encoding: 'utf8', env: { ...process.env, ...env, GITHUB_OUTPUT: output, NO_COLOR: '1' } });
    return { ...result, outputs: fs.readFileSync(output, 'utf8') };
  }

  it('is a composite action whose inputs are described and reach scripts only through the environment', () => {
    expect(action.runs.using).toBe('composite');
    for (const [name, input] of Object.entries(action.inputs as Record<string, { description?: string }>)) expect(input.description, name).toBeTruthy();
    for (const s of steps.filter((s) => s.run)) {
      expect(s.shell).toBe('bash');
      expect(s.run).not.toContain('${{');
      for (const value of Object.values(s.env ?? {})) expect(value).toMatch(/^\$\{\{ inputs\.[\w-]+ \}\}$/);
    }
    const upload = step('Upload to code scanning');
    expect(upload.uses).toMatch(/^github\/codeql-action\/upload-sarif@v\d+$/);
    expect(upload.with!['sarif_file']).toBe('${{ steps.report.outputs.sarif-file }}');
  });

  it('writes the SARIF log of every model matched, with its category, using the project\'s own aitm', () => {
    const dir = project();
    const report = runStep('Write the SARIF log', { models: 'threat-models/*.aitm', category: 'aitm/models' }, dir);
    expect(report.stderr).toBe('');
    expect(report.status).toBe(0);
    expect(report.outputs).toBe('sarif-file=aitm.sarif\n');
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'aitm.sarif'), 'utf8'));
    expect(log.runs[0].automationDetails.id).toBe('aitm/models/');
    const uris = new Set(log.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri));
    expect([...uris].sort()).toEqual(['threat-models/bot.aitm', 'threat-models/rag.aitm']);
    // The project config's catalog was read: its threat is among the results.
    expect(log.runs[0].results.some((r: { ruleId: string }) => r.ruleId.startsWith('test.injection'))).toBe(true);
  });

  it('then fails the job on an open finding at or above fail-on, and on a model with errors', () => {
    const dir = project();
    expect(runStep('Check the models', { models: 'threat-models' }, dir).status).toBe(0);
    const gated = runStep('Check the models', { models: 'threat-models', 'fail-on': 'critical' }, dir);
    expect(gated.status).toBe(1);
    expect(gated.stdout).toMatch(/critical +test\.injection/);
    fs.writeFileSync(path.join(dir, 'threat-models', 'broken.aitm'), 'system "B" {}\nflow a -> b\n');
    expect(runStep('Write the SARIF log', {}, dir).status).toBe(2);
  });
});

describe('the pre-commit hooks (.pre-commit-hooks.yaml)', () => {
  const hooks = parseYaml(fs.readFileSync('.pre-commit-hooks.yaml', 'utf8')) as { id: string; entry: string; args?: string[]; files: string; language: string; pass_filenames?: boolean }[];

  it('run aitm commands on .aitm files, installed from this package', () => {
    expect(hooks.map((h) => h.id)).toEqual(['aitm-check', 'aitm-fmt']);
    for (const hook of hooks) {
      expect(hook.language).toBe('node');
      expect(new RegExp(hook.files).test('models/bot.aitm')).toBe(true);
      expect(new RegExp(hook.files).test('README.md')).toBe(false);
      expect(hook.entry).toMatch(/^aitm /);
    }
  });

  it('check the whole project, so that a file another imports is checked as part of it', () => {
    const check = hooks.find((h) => h.id === 'aitm-check')!;
    expect(check.pass_filenames).toBe(false);
    const dir = project();
    const argv = [...check.entry.split(' ').slice(1), ...(check.args ?? [])];
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      expect(run(argv).code).toBe(0);
      fs.writeFileSync(path.join(dir, 'threat-models', 'broken.aitm'), 'system "B" {}\nflow a -> b\n');
      expect(run(argv).code).toBe(2);
      const fmt = hooks.find((h) => h.id === 'aitm-fmt')!;
      fs.writeFileSync(path.join(dir, 'threat-models', 'messy.aitm'), 'system "M" {owner:"o"}\n');
      expect(run([...fmt.entry.split(' ').slice(1), 'threat-models/messy.aitm']).code).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'threat-models', 'messy.aitm'), 'utf8')).toBe('system "M" { owner: "o" }\n');
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('the VS Code extension (editors/vscode)', () => {
  const folder = 'editors/vscode';
  const manifest = JSON.parse(fs.readFileSync(`${folder}/package.json`, 'utf8'));
  let serverCommand: (folder: string | undefined, settings?: { path?: string; args?: string[] }) => { command: string; args: string[]; options: { cwd?: string } };
  beforeAll(() => {
    ({ serverCommand } = createRequire(import.meta.url)(path.resolve(folder, 'server.js')));
  });

  it('points at files that exist: its main script, the language configuration and the grammar', () => {
    for (const file of [manifest.main, ...manifest.contributes.languages.map((l: { configuration: string }) => l.configuration), ...manifest.contributes.grammars.map((g: { path: string }) => g.path)]) {
      expect(fs.existsSync(path.join(folder, file)), file).toBe(true);
    }
  });

  it('carries the generated grammar and language configuration, for the language it activates on', () => {
    const [grammar] = manifest.contributes.grammars;
    expect(fs.readFileSync(path.join(folder, grammar.path), 'utf8')).toBe(fs.readFileSync('grammar/aitm.tmLanguage.json', 'utf8'));
    expect(fs.readFileSync(path.join(folder, manifest.contributes.languages[0].configuration), 'utf8')).toBe(fs.readFileSync('grammar/language-configuration.json', 'utf8'));
    expect(grammar.scopeName).toBe(JSON.parse(fs.readFileSync('grammar/aitm.tmLanguage.json', 'utf8')).scopeName);
    expect(manifest.contributes.languages[0].extensions).toEqual(['.aitm']);
    expect(manifest.activationEvents).toEqual([`onLanguage:${grammar.language}`]);
  });

  it('needs only VS Code, its language client and its own files', () => {
    const required = [...fs.readFileSync(`${folder}/extension.js`, 'utf8').matchAll(/require\('([^']+)'\)/g)].map((m) => m[1]);
    expect(required).toEqual(['vscode', 'vscode-languageclient/node', './server.js']);
    expect(Object.keys(manifest.dependencies)).toEqual(['vscode-languageclient']);
  });

  it('starts the workspace\'s own aitm lsp in the workspace, else the configured one, else npx', () => {
    const dir = project();
    expect(serverCommand(dir)).toEqual({ command: path.join(dir, 'node_modules', '.bin', 'aitm'), args: ['lsp', '--stdio'], options: { cwd: dir } });
    expect(serverCommand(dir, { path: '/opt/aitm', args: ['--catalog', 'x.json'] })).toEqual({ command: '/opt/aitm', args: ['lsp', '--stdio', '--catalog', 'x.json'], options: { cwd: dir } });
    expect(serverCommand(os.tmpdir())).toEqual({ command: 'npx', args: ['--no', 'aitm', 'lsp', '--stdio'], options: { cwd: os.tmpdir() } });
  });

  it('starts a server that answers', async () => {
    const dir = project();
    const { command, args, options } = serverCommand(dir);
    const server = spawn(command, args, { cwd: options.cwd });
    try {
      let stdout = '';
      server.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      server.stdin.write(`Content-Length: ${Buffer.byteLength(init)}\r\n\r\n${init}`);
      for (let i = 0; i < 400 && !stdout.includes('"capabilities"'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(stdout).toMatch(/"id":1,"result":\{"capabilities":\{/);
    } finally {
      server.kill();
    }
  });
});
