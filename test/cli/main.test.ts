import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run-cli.js';

const fixture = (name: string) => `test/cli/fixtures/${name}.aitm`;

describe('aitm check', () => {
  it('exits 0 on a clean model and says so on stdout, with nothing on stderr', () => {
    const { code, stderr, stdout } = run(['check', fixture('clean')]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(`✓ ${fixture('clean')}: no problems\n  findings: 0 open\n`);
  });

  it('exits 0 on warnings, 2 on warnings with --strict', () => {
    expect(run(['check', fixture('warning')]).code).toBe(0);
    expect(run(['check', '--strict', fixture('warning')]).code).toBe(2);
  });

  it('exits 2 on errors and prints a code frame with the suggestion', () => {
    const { code, stderr } = run(['check', fixture('broken')]);
    expect(code).toBe(2);
    expect(stderr).toContain('error[AITM400]: unknown property `ratelimit` on an api');
    expect(stderr).toContain(`--> ${fixture('broken')}:3:17`);
    expect(stderr).toContain('3 |   api gateway { ratelimit: "30/min" }');
    expect(stderr).toContain('  |                 ^^^^^^^^^ unknown property');
    expect(stderr).toContain('= help: did you mean `rate_limit`?');
  });

  it('checks several files and fails when any fails', () => {
    const { code, stdout, stderr } = run(['check', fixture('clean'), fixture('broken')]);
    expect(code).toBe(2);
    expect(stdout).toContain(`✓ ${fixture('clean')}`);
    expect(stdout).toContain(`✗ ${fixture('broken')}: 1 error`);
    expect(stderr).toContain('error[AITM400]');
    expect(stderr).not.toContain('✓');
  });

  it('writes JSON diagnostics to stdout with --format json', () => {
    const { code, stdout, stderr } = run(['check', '--format', 'json', fixture('broken')]);
    expect(code).toBe(2);
    expect(stderr).toBe('');
    const json = JSON.parse(stdout);
    expect(json.files[0].ok).toBe(false);
    expect(json.files[0].diagnostics[0]).toMatchObject({
      code: 'AITM400',
      severity: 'error',
      file: fixture('broken'),
      line: 3,
      column: 17,
      endColumn: 26,
      help: 'did you mean `rate_limit`?',
    });
  });

  it('reports a missing file in one line with its path, without a stack trace', () => {
    const { code, stderr } = run(['check', 'no/such/file.aitm']);
    expect(code).toBe(2);
    expect(stderr).toContain('error[AITM205]: cannot read `no/such/file.aitm`: no such file');
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('colours only on a terminal, and never with NO_COLOR', () => {
    const esc = '\u001b[';
    expect(run(['check', fixture('broken')], { tty: false }).stderr).not.toContain(esc);
    expect(run(['check', fixture('broken')], { tty: true }).stderr).toContain(esc);
    expect(run(['check', fixture('broken')], { tty: true, env: { NO_COLOR: '1' } }).stderr).not.toContain(esc);
  });
});

describe('aitm check: analysis', () => {
  const sample = ['--catalog', 'test/engine/fixtures/sample-catalog.json'];

  it('lists open findings with severity, threat, target and location', () => {
    const { code, stdout } = run(['check', ...sample, fixture('findings')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}findings: \d+ open \(.*critical.*\)/m);
    expect(stdout).toMatch(/^ {2}critical +test\.injection +bot +test\/cli\/fixtures\/findings\.aitm:7:9$/m);
  });

  it('exits 1 when an open finding is at or above --fail-on', () => {
    expect(run(['check', ...sample, '--fail-on', 'critical', fixture('findings')]).code).toBe(1);
    expect(run(['check', '--fail-on', 'critical', fixture('clean')]).code).toBe(0);
  });

  it('skips disabled threats', () => {
    const { stdout } = run(['check', ...sample, '--disable', 'test.injection', fixture('findings')]);
    expect(stdout).not.toContain('test.injection');
  });

  it('reports a broken catalog with a code frame in the catalog file, and exits 2', () => {
    const { code, stderr } = run(['check', '--catalog', 'test/cli/fixtures/bad-catalog.json', fixture('clean')]);
    expect(code).toBe(2);
    expect(stderr).toContain('error[AITM701]: $.threats[0].when.predicate: `receives-untrusted-contnet` is not allowed');
    expect(stderr).toContain('--> test/cli/fixtures/bad-catalog.json:4:52');
    expect(stderr).toContain('= help: did you mean `receives-untrusted-content`?');
  });

  it('puts findings in the JSON output', () => {
    const json = JSON.parse(run(['check', ...sample, '--format', 'json', fixture('findings')]).stdout);
    const finding = json.files[0].findings.find((f: { threat: string }) => f.threat === 'test.injection');
    expect(finding).toMatchObject({ status: 'open', severity: 'critical', target: { id: 'bot' } });
  });

  it.each([
    [['check', '--fail-on', 'severe', 'x.aitm'], 'aitm: unknown severity `severe` for --fail-on (low, medium, high or critical)\n'],
    [['check', '--as-of', 'tomorrow', 'x.aitm'], 'aitm: --as-of takes a date as YYYY-MM-DD, not `tomorrow`\n'],
  ])('rejects %j', (argv, message) => {
    expect(run(argv)).toMatchObject({ code: 2, stderr: message });
  });
});

describe('aitm report', () => {
  it('writes SARIF for every file; a model with errors is left out and fails the run', () => {
    const ok = run(['report', '--format', 'sarif', '--as-of', '2026-11-27', 'examples/rag-support-assistant.aitm']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).runs[0].results.length).toBeGreaterThan(0);
    const bad = run(['report', '--format', 'sarif', fixture('findings'), fixture('broken')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`aitm: ${fixture('broken')}: left out of the report, the model has errors`);
    expect(run(['report', fixture('findings')]).stderr).toBe('aitm: report needs --format md, json, sarif or html (got `nothing`)\n');
  });
});

describe('aitm diagram', () => {
  it('writes a Mermaid flowchart to stdout, or to a file with -o', () => {
    const { code, stdout } = run(['diagram', '--direction', 'TB', fixture('clean')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^flowchart TB\n {2}subgraph b0\["App #40;internal#41;"\]\n/);
    const out = `${fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-'))}/clean.mmd`;
    expect(run(['diagram', '-o', out, fixture('clean')]).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(stdout.replace('flowchart TB', 'flowchart LR'));
  });

  it('refuses a model with errors, explaining why, and a bad direction', () => {
    const broken = run(['diagram', fixture('broken')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`aitm: ${fixture('broken')}: not drawn, the model has errors`);
    expect(run(['diagram', '--direction', 'UP', fixture('clean')]).stderr).toBe('aitm: unknown direction `UP` (LR, TB, RL or BT)\n');
  });
});

describe('--catalog, --disable and --as-of on every command that analyses', () => {
  const sample = ['--catalog', 'test/engine/fixtures/sample-catalog.json'];
  // Each command, and what its output shows when the sample catalog's `test.injection` applies
  // (open and critical, on the agent `bot`).
  const commands: [string, string[], (stdout: string) => boolean][] = [
    ['report --format sarif', ['report', '--format', 'sarif', fixture('findings')], (out) => JSON.parse(out).runs[0].results.some((r: { ruleId: string }) => r.ruleId.split('/')[0] === 'test.injection')],
    ['report --format md', ['report', '--format', 'md', fixture('findings')], (out) => out.includes('test.injection')],
    ['report --format json', ['report', '--format', 'json', fixture('findings')], (out) => out.includes('"test.injection"')],
    ['export --format otm', ['export', '--format', 'otm', fixture('findings')], (out) => out.includes('"test.injection"')],
    ['diagram', ['diagram', fixture('findings')], (out) => /^ {2}class n1,l0 critical$/m.test(out)],
    ['diff', ['diff', fixture('clean'), fixture('findings')], (out) => out.includes('test.injection')],
  ];

  it.each(commands)('%s reads the catalogs given, and leaves out disabled threats', (_, argv, showsInjection) => {
    const [command, ...rest] = argv;
    const withCatalog = run([command!, ...sample, ...rest]);
    expect(withCatalog.code).toBe(0);
    expect(showsInjection(withCatalog.stdout)).toBe(true);
    expect(showsInjection(run(argv).stdout)).toBe(false);
    expect(showsInjection(run([command!, ...sample, '--disable', 'test.injection', ...rest]).stdout)).toBe(false);
  });

  it.each(commands)('%s writes nothing when a catalog has errors, and says where', (_, argv) => {
    const [command, ...rest] = argv;
    const { code, stdout, stderr } = run([command!, '--catalog', 'test/cli/fixtures/bad-catalog.json', ...rest]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('error[AITM701]');
    expect(stderr).toContain('--> test/cli/fixtures/bad-catalog.json:4:52');
    expect(stderr).toMatch(/aitm: nothing written, a catalog has errors\n$/);
  });

  it('refuses a disabled id that no catalog has, with a suggestion, as check does', () => {
    const argv = [...sample, '--disable', 'test.injecton', fixture('findings')];
    const { code, stdout, stderr } = run(['report', '--format', 'md', ...argv]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('error[AITM604]: cannot disable unknown threat `test.injecton`');
    expect(stderr).toContain('= help: did you mean `test.injection`?');
    expect(stderr).toMatch(/aitm: nothing written, `--disable` names a threat no catalog has\n$/);
    expect(run(['check', ...argv]).code).toBe(2);
  });

  it('reads --as-of in the diagram as in the report: an expired acceptance colours its element again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-'));
    const model = path.join(dir, 'accepted.aitm');
    const accept = 'accept test.injection on bot { reason: "pilot", owner: "team", expires: 2026-06-30 }\n';
    fs.writeFileSync(model, fs.readFileSync(fixture('findings'), 'utf8') + accept);
    const colour = (asOf: string) => /^ {2}class n1,l0 critical$/m.test(run(['diagram', ...sample, '--as-of', asOf, model]).stdout);
    expect(colour('2026-06-01')).toBe(false);
    expect(colour('2026-07-01')).toBe(true);
  });
});

describe('options a command does not read', () => {
  it.each([
    [['fmt', '--catalog', 'c.json', 'a.aitm'], 'aitm: `--catalog` does not apply to `fmt` (see `aitm fmt --help`)\n'],
    [['verify', '--as-of', '2026-01-01', 'a.aitm'], 'aitm: `--as-of` does not apply to `verify` (see `aitm verify --help`)\n'],
    [['import', '--disable', 'x', 'a.otm.json'], 'aitm: `--disable` does not apply to `import` (see `aitm import --help`)\n'],
    [['report', '--format', 'md', '--watch', 'a.aitm'], 'aitm: `--watch` does not apply to `report` (see `aitm report --help`)\n'],
    [['init', '-o', 'x.aitm'], 'aitm: `--output` does not apply to `init` (see `aitm init --help`)\n'],
    [['check', '--template', 'rag', 'a.aitm'], 'aitm: `--template` does not apply to `check` (see `aitm check --help`)\n'],
    [['report', '--format', 'md', '--category', 'x', 'a.aitm'], 'aitm: --category is for --format sarif\n'],
  ])('refuses %j in one line with exit 2, rather than ignoring it', (argv, message) => {
    expect(run(argv)).toMatchObject({ code: 2, stdout: '', stderr: message });
  });
});

describe('command line', () => {
  it('prints the version from package.json', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default;
    expect(run(['--version']).stdout).toBe(`${pkg.version}\n`);
  });

  it('prints help', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^aitm — threat modeling for AI systems/);
    expect(stdout).toMatch(/^ {2}check +Check models/m);
  });

  it.each([
    [['frobnicate'], 'aitm: unknown command `frobnicate` (see `aitm --help`)\n'],
    [['chek', 'x.aitm'], 'aitm: unknown command `chek`; did you mean `check`? (see `aitm --help`)\n'],
    [['check'], 'aitm: check needs at least one .aitm file\n'],
    [['check', '--format', 'xml', 'x.aitm'], 'aitm: unknown format `xml` for check (text or json)\n'],
    [['check', '--bogus'], 'aitm: unknown option `--bogus` for `check` (see `aitm check --help`)\n'],
    [['check', '--fial-on', 'high', 'x.aitm'], 'aitm: unknown option `--fial-on` for `check`; did you mean `--fail-on`? (see `aitm check --help`)\n'],
    [['report', '--formt=md', 'x.aitm'], 'aitm: unknown option `--formt` for `report`; did you mean `--format`? (see `aitm report --help`)\n'],
    [['check', '--format'], 'aitm: option `--format` needs a value (see `aitm check --help`)\n'],
    [['--catalog', 'c.json', 'check', 'x.aitm'], 'aitm: the command comes first: `aitm <command> --catalog ...`, with `aitm --help` for the commands\n'],
    [['check', 'no-such-dir/*.aitm'], 'aitm: no file matches `no-such-dir/*.aitm`\n'],
    [['check', '-', '-'], 'aitm: `-` (standard input) is given more than once\n'],
  ])('rejects %j in one line with exit 2', (argv, message) => {
    const { code, stderr } = run(argv);
    expect(code).toBe(2);
    expect(stderr).toBe(message);
  });
});

describe('the installed bin', () => {
  it('knows its version when bundled (it finds package.json from the bundle\'s own directory)', async () => {
    const pkg = (await import('../../package.json', { with: { type: 'json' } })).default;
    expect(execFileSync('node', ['bin/aitm.js', '--version'], { encoding: 'utf8' })).toBe(`${pkg.version}\n`);
  });

  it('runs as a process with the right exit codes', () => {
    expect(execFileSync('node', ['bin/aitm.js', 'check', fixture('clean')], { encoding: 'utf8', stdio: 'pipe' })).toBe(`✓ ${fixture('clean')}: no problems\n  findings: 0 open\n`);
    const failed = spawnSync('node', ['bin/aitm.js', 'check', fixture('broken')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(failed.status).toBe(2);
    expect(failed.stderr).toContain('error[AITM400]');
  });
});

describe('mermaid, an optional dependency', () => {
  it('is needed by the HTML report only: without it, the report says how to get it, and the rest works', () => {
    // The bundled CLI needs no installed package but mermaid, which it reads for the HTML report.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-no-mermaid-'));
    for (const part of ['bin', 'dist/bundle', 'package.json']) fs.cpSync(part, path.join(dir, part), { recursive: true });
    const aitm = (...args: string[]) => spawnSync(process.execPath, [path.join(dir, 'bin/aitm.js'), ...args], { encoding: 'utf8' });
    const html = aitm('report', '--format', 'html', 'examples/rag-support-assistant.aitm');
    expect(html.status).toBe(2);
    expect(html.stdout).toBe('');
    expect(html.stderr).toBe('aitm: the HTML report draws its diagrams with mermaid, an optional dependency that is not installed here: `npm install mermaid` next to aitm\n');
    expect(aitm('check', 'examples/rag-support-assistant.aitm').status).toBe(0);
    expect(aitm('report', '--format', 'md', 'examples/rag-support-assistant.aitm').stdout).toContain('```mermaid');
  });
});

describe('shell habits', () => {
  it('ends quietly when the reader of its output stops early (`| head`), with no stack trace', () => {
    // About 400 KB, far more than a pipe holds: aitm is still writing when head has gone.
    const result = spawnSync('sh', ['-c', 'node bin/aitm.js report --format json examples/*.aitm | head -c 100 > /dev/null'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('reads `-` as standard input, with imports relative to the working directory', () => {
    const text = fs.readFileSync(fixture('findings'), 'utf8');
    const checked = run(['check', '-'], { stdin: text });
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/^✓ <stdin>: no problems$/m);
    const broken = run(['check', '-'], { stdin: fs.readFileSync(fixture('broken'), 'utf8') });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('--> <stdin>:3:17');
    expect(run(['diagram', '-'], { stdin: text }).stdout).toMatch(/^flowchart LR\n/);
    const formatted = run(['fmt', '-'], { stdin: 'system "S" {owner:"o"}\n' });
    expect(formatted).toEqual({ code: 0, stdout: 'system "S" { owner: "o" }\n', stderr: '' });
    const spawned = spawnSync(process.execPath, ['bin/aitm.js', 'check', '-'], { input: text, encoding: 'utf8' });
    expect(spawned.status).toBe(0);
    expect(spawned.stdout).toContain('✓ <stdin>: no problems');
  });

  it('takes folders (their .aitm files, sorted) and quoted glob patterns as input', () => {
    const folder = run(['check', 'examples']);
    const files = (out: string) => [...out.matchAll(/^[✓✗] (\S+?)(?: \(\d+ files\))?:/gm)].map((m) => m[1]);
    const listed = files(folder.stdout);
    expect(listed).toEqual([
      'examples/agent-with-tools.aitm',
      'examples/fine-tuning-service.aitm',
      'examples/fraud-detection-pipeline.aitm',
      'examples/hardened-rag-assistant.aitm',
      'examples/mcp-agent.aitm',
      'examples/rag-support-assistant.aitm',
    ]);
    // examples/shared/providers.aitm is a fragment that the fine-tuning model imports: it is
    // checked as part of that model, not alone (where it would have no system and unused data).
    expect(folder.stdout).toContain('✓ examples/fine-tuning-service.aitm (2 files): no problems');
    expect(folder.stderr).toBe('');
    expect(files(run(['check', 'examples/shared/providers.aitm']).stdout)).toEqual(['examples/shared/providers.aitm']);
    const glob = run(['check', 'examples/*.aitm']);
    expect(files(glob.stdout)).toEqual(listed);
    // A file named twice, or in a folder and by name, is checked once.
    const twice = run(['check', 'examples/*.aitm', 'examples/rag-support-assistant.aitm']);
    expect(files(twice.stdout)).toEqual(listed);
    expect(run(['check', 'test/cli/fixtures/no-models-here']).stderr).toBe('aitm: no .aitm file in the folder `test/cli/fixtures/no-models-here`\n');
  });

  it('--quiet leaves out summaries and notes, keeping errors and results', () => {
    const sample = ['--catalog', 'test/engine/fixtures/sample-catalog.json'];
    const quiet = run(['check', '--quiet', ...sample, fixture('findings')]);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(/^ {2}critical +test\.injection +bot/);
    expect(quiet.stdout).not.toContain('✓');
    expect(run(['check', '-q', fixture('warning')])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(run(['check', '-q', '--strict', fixture('warning')]).stderr).toContain('warning[');
    expect(run(['check', '-q', fixture('broken')]).stderr).toContain('error[AITM400]');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-'));
    expect(run(['init', '-q', path.join(dir, 'm.aitm')])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('has help for each command, with its own options only', () => {
    const check = run(['check', '--help']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^Usage:\n {2}aitm check /);
    expect(check.stdout).toMatch(/^ {6}--fail-on SEVERITY +exit 1 when/m);
    expect(check.stdout).not.toContain('--template');
    expect(run(['help', 'init']).stdout).toContain('--template NAME');
    expect(run(['fmt', '-h']).stdout).not.toContain('--catalog');
    expect(run(['help', 'chek'])).toMatchObject({ code: 2, stderr: 'aitm: unknown command `chek`; did you mean `check`? (see `aitm --help`)\n' });
  });

  it('-o makes the folders it writes into', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-')), 'reports', 'q3', 'model.sarif');
    expect(run(['report', '--format', 'sarif', '-o', out, fixture('clean')]).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });
});
