import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLanguageServer } from '../lsp/client.js';
import { run } from './run-cli.js';

/**
 * A project keeps its catalogs, disabled threats and fail-on level in aitm.config.json (or under
 * `aitm` in package.json), found upward from the model, so that every command, and the editor,
 * analyse as CI does without each repeating the flags.
 *
 * The sample catalog's `test.injection` is open and critical on the agent `bot` of the findings
 * fixture; `test.cleartext` is open on its flows.
 */
const sampleCatalog = fs.readFileSync('test/engine/fixtures/sample-catalog.json', 'utf8');
const findings = fs.readFileSync('test/cli/fixtures/findings.aitm', 'utf8');
const cwd = process.cwd();
let project: string;

/** A repository with the model in models/, the catalog in security/, and `settings` in aitm.config.json. */
function layout(settings: object | undefined, where = 'aitm.config.json') {
  fs.writeFileSync(path.join(project, where), JSON.stringify(where === 'package.json' ? { name: 'app', aitm: settings } : settings, null, 2));
}

beforeEach(() => {
  project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-config-')));
  fs.mkdirSync(path.join(project, '.git'));
  fs.mkdirSync(path.join(project, 'models'));
  fs.mkdirSync(path.join(project, 'security'));
  fs.writeFileSync(path.join(project, 'models', 'bot.aitm'), findings);
  fs.writeFileSync(path.join(project, 'security', 'threats.json'), sampleCatalog);
  process.chdir(project);
});
afterEach(() => process.chdir(cwd));

describe('project config', () => {
  it('gives check its catalogs, disabled threats and fail-on level, with catalog paths relative to the config file', () => {
    layout({ catalogs: ['security/threats.json'], disable: ['test.cleartext'], failOn: 'critical' });
    process.chdir(path.join(project, 'models'));
    const { code, stdout } = run(['check', 'bot.aitm']);
    expect(stdout).toMatch(/critical +test\.injection +bot/);
    expect(stdout).not.toContain('test.cleartext');
    expect(code).toBe(1);
  });

  it('is read from the `aitm` key of package.json too', () => {
    layout({ catalogs: ['security/threats.json'] }, 'package.json');
    expect(run(['check', 'models/bot.aitm']).stdout).toMatch(/critical +test\.injection +bot/);
  });

  it('is read by report, diagram, export and diff as by check', () => {
    layout({ catalogs: ['security/threats.json'], disable: ['test.cleartext'] });
    const sarif = JSON.parse(run(['report', '--format', 'sarif', 'models/bot.aitm']).stdout);
    const rules = sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId.split('/')[0]);
    expect(rules).toContain('test.injection');
    expect(rules).not.toContain('test.cleartext');
    expect(run(['diagram', 'models/bot.aitm']).stdout).toMatch(/^ {2}class n1,l0 critical$/m);
    expect(run(['export', '--format', 'otm', 'models/bot.aitm']).stdout).toContain('"test.injection"');
    fs.writeFileSync(path.join(project, 'models', 'empty.aitm'), 'system "Findings" { owner: "team" }\n');
    const diff = run(['diff', 'models/empty.aitm', 'models/bot.aitm']);
    expect(diff.stdout).toContain('test.injection');
  });

  it('gives way to the command line: --catalog and --disable add, --fail-on wins', () => {
    layout({ failOn: 'critical' });
    const catalog = ['--catalog', 'security/threats.json'];
    expect(run(['check', 'models/bot.aitm']).code).toBe(0);
    expect(run(['check', ...catalog, 'models/bot.aitm']).code).toBe(1);
    expect(run(['check', ...catalog, '--disable', 'test.injection', 'models/bot.aitm']).code).toBe(0);
    expect(run(['check', ...catalog, '--disable', 'test.injection', '--fail-on', 'low', 'models/bot.aitm']).code).toBe(1);
    expect(run(['check', ...catalog, '--no-config', 'models/bot.aitm']).code).toBe(0);
  });

  it('takes --config FILE in place of the one found', () => {
    fs.writeFileSync(path.join(project, 'security', 'ci.json'), JSON.stringify({ catalogs: ['threats.json'] }));
    expect(run(['check', '--config', 'security/ci.json', 'models/bot.aitm']).stdout).toMatch(/test\.injection/);
    expect(run(['check', '--config', 'security/none.json', 'models/bot.aitm']).stderr).toContain('error[AITM205]: cannot read config `security/none.json`: no such file');
  });

  it('stops a command with a diagnostic at the line of a bad setting', () => {
    fs.writeFileSync(path.join(project, 'aitm.config.json'), '{\n  "catalogs": ["security/threats.json"],\n  "fail_on": "high"\n}\n');
    const { code, stdout, stderr } = run(['report', '--format', 'md', 'models/bot.aitm']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('error[AITM901]: unknown setting `fail_on`');
    expect(stderr).toContain('--> aitm.config.json:3:14');
    expect(stderr).toContain('= help: did you mean `failOn`?');
    expect(stderr).toMatch(/aitm: nothing done, the project config has errors\n$/);
  });

  it('is looked for no higher than the top of the repository', () => {
    // A repository inside the project: the project's config, above it, must not apply there.
    const inner = path.join(project, 'inner');
    fs.mkdirSync(path.join(inner, '.git'), { recursive: true });
    fs.writeFileSync(path.join(inner, 'bot.aitm'), findings);
    layout({ catalogs: ['security/threats.json'], failOn: 'low' });
    expect(run(['check', 'inner/bot.aitm']).code).toBe(0);
    expect(run(['check', 'models/bot.aitm']).code).toBe(1);
  });

  it('refuses one run over models under different configs', () => {
    const other = path.join(project, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'aitm.config.json'), '{}');
    fs.writeFileSync(path.join(other, 'bot.aitm'), findings);
    layout({});
    expect(run(['check', 'models/bot.aitm', 'other/bot.aitm']).stderr).toBe(
      'aitm: the models are under different project configs (aitm.config.json, other/aitm.config.json): run aitm once per project\n',
    );
  });

  it('is read by the language server at start-up, from the folder the editor starts it in', async () => {
    layout({ catalogs: ['security/threats.json'], disable: ['test.cleartext'] });
    process.chdir(cwd);
    const client = await startLanguageServer([], { cwd: project });
    try {
      const uri = pathToFileURL(path.join(project, 'models', 'bot.aitm')).href;
      const published = await client.diagnosticsAfter(uri, () => void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'aitm', version: 1, text: findings } }));
      const codes = published.diagnostics.map((d) => d.code);
      expect(codes).toContain('test.injection');
      expect(codes).not.toContain('test.cleartext');
    } finally {
      await client.stop();
    }
  });
});
