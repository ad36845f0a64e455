import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { run } from './run-cli.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-interop-'));

describe('aitm export', () => {
  it('writes Open Threat Model JSON for a model', () => {
    const { code, stdout } = run(['export', '--format', 'otm', '--as-of', '2026-11-27', 'examples/agent-with-tools.aitm']);
    expect(code).toBe(0);
    const otm = JSON.parse(stdout) as { otmVersion: string; project: { name: string }; components: unknown[] };
    expect(otm.otmVersion).toBe('0.2.0');
    expect(otm.project.name).toBe('Opsbot — on-call operations agent');
    expect(otm.components.length).toBeGreaterThan(0);
  });

  it('writes a CycloneDX BOM whose threat-model reference is relative to where the BOM is written', () => {
    const out = path.join(tempDir(), 'sbom', 'ai-bom.json');
    fs.mkdirSync(path.dirname(out));
    expect(run(['export', '--format', 'cyclonedx', '-o', out, 'examples/fine-tuning-service.aitm']).code).toBe(0);
    const bom = JSON.parse(fs.readFileSync(out, 'utf8')) as { bomFormat: string; metadata: { component: { externalReferences: { type: string; url: string }[] } } };
    expect(bom.bomFormat).toBe('CycloneDX');
    const reference = bom.metadata.component.externalReferences.find((r) => r.type === 'threat-model')!;
    expect(path.resolve(path.dirname(out), decodeURI(reference.url))).toBe(path.resolve('examples/fine-tuning-service.aitm'));
  });

  it('refuses a model with errors and a bad command line', () => {
    expect(run(['export', '--format', 'otm', 'test/cli/fixtures/broken.aitm']).code).toBe(2);
    expect(run(['export', 'examples/agent-with-tools.aitm']).stderr).toBe('aitm: export needs --format otm or cyclonedx (got `nothing`)\n');
  });
});

describe('aitm import', () => {
  it('turns an exported model back into an .aitm model that checks, and says why bad OTM is refused', () => {
    const dir = tempDir();
    const otm = path.join(dir, 'model.otm.json');
    fs.writeFileSync(otm, run(['export', '--format', 'otm', 'examples/rag-support-assistant.aitm']).stdout);
    const imported = run(['import', otm]);
    expect(imported.code).toBe(0);
    const model = parse(imported.stdout, { file: 'imported.aitm' });
    expect(model.ok).toBe(true);
    expect(model.model.elements.length).toBe(parse(fs.readFileSync('examples/rag-support-assistant.aitm', 'utf8'), { file: 'x.aitm' }).model.elements.length);

    fs.writeFileSync(otm, '{ "otmVersion": "0.2.0", ');
    const bad = run(['import', otm]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`aitm: ${otm}: not imported`);
    expect(run(['import']).stderr).toBe('aitm: import takes one OTM JSON file\n');
  });
});

describe('aitm import --catalog', () => {
  it('maps threats that a catalog given on the command line knows, as export does', () => {
    const dir = tempDir();
    const sample = ['--catalog', 'test/engine/fixtures/sample-catalog.json'];
    const otm = path.join(dir, 'findings.otm.json');
    expect(run(['export', '--format', 'otm', ...sample, '-o', otm, 'test/cli/fixtures/findings.aitm']).code).toBe(0);
    const unknownThreat = 'OTM threat "Cleartext flow" ("test.cleartext") on attacker->bot is "exposed", mitigations: "TLS" (recommended): aitm\'s catalog has no threat with this id.';
    expect(run(['import', otm]).stdout).toContain(unknownThreat);
    const imported = run(['import', ...sample, otm]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).not.toContain('no threat with this id');
  });
});

describe('aitm verify', () => {
  /** A copy of the fine-tuning example with its artifacts, so that files can be changed. */
  function copy(): string {
    const dir = tempDir();
    fs.cpSync('examples', dir, { recursive: true });
    return path.join(dir, 'fine-tuning-service.aitm');
  }

  it('exits 0 when every declared artifact matches its digest', () => {
    const { code, stdout } = run(['verify', 'examples/fine-tuning-service.aitm']);
    expect(code).toBe(0);
    expect(stdout).toBe('✓ examples/fine-tuning-service.aitm: 2 of 2 declared artifacts match their digests\n');
  });

  it('exits 1 on a changed or missing artifact, pointing at its line', () => {
    const model = copy();
    const artifact = path.join(path.dirname(model), 'artifacts/base-model/config.json');
    fs.appendFileSync(artifact, ' ');
    const changed = run(['verify', model]);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('error[AITM810]');
    expect(changed.stdout).toContain(`✗ ${model}: 1 of 2 declared artifacts match their digests`);
    fs.rmSync(artifact);
    const missing = run(['verify', model]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error[AITM811]');
  });

  it('exits 2 when the model has errors', () => {
    expect(run(['verify', 'test/cli/fixtures/broken.aitm']).code).toBe(2);
  });
});
