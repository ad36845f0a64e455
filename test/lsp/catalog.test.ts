import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLanguageServer, type LanguageClient } from './client.js';

/**
 * The editor must show what CI reports: a team that checks with its own catalog starts the
 * server with it too (`aitm lsp --catalog FILE`), or every control and threat of that catalog
 * would read as unknown while typing.
 */
const file = path.resolve('test/cli/fixtures/findings.aitm');
const uri = pathToFileURL(file).href;
// The sample catalog's control `fence` mitigates its threat `test.injection` on the agent `bot`.
const fenced = fs.readFileSync(file, 'utf8').replace('autonomy: supervised', 'autonomy: supervised, controls: [fence]');
const sample = ['--catalog', 'test/engine/fixtures/sample-catalog.json'];

async function openedWith(client: LanguageClient, text: string) {
  return client.diagnosticsAfter(uri, () => void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'aitm', version: 1, text } }));
}

describe('aitm lsp --catalog', () => {
  let client: LanguageClient;
  beforeAll(async () => {
    client = await startLanguageServer(sample);
  });
  afterAll(() => client.stop());

  it('knows the catalog\'s controls, and raises its threats where they apply', async () => {
    const published = await openedWith(client, fenced);
    expect(published.diagnostics.find((d) => d.message.includes('fence'))).toBeUndefined();
    expect(published.diagnostics.map((d) => d.code)).toContain('test.cleartext');
    expect(published.diagnostics.map((d) => d.code)).not.toContain('test.injection');
  });

  it('describes the catalog\'s controls on hover', async () => {
    const line = fenced.split('\n').findIndex((l) => l.includes('controls: [fence]'));
    const character = fenced.split('\n')[line]!.indexOf('fence') + 1;
    const hover = await client.connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    expect(hover.contents.value).toContain('Fence untrusted text.');
  });
});

describe('aitm lsp without --catalog, with --disable', () => {
  let client: LanguageClient;
  beforeAll(async () => {
    client = await startLanguageServer(['--disable', 'system-prompt-leakage']);
  });
  afterAll(() => client.stop());

  it('warns, as check does, that a control no catalog declares mitigates nothing', async () => {
    const published = await openedWith(client, fenced);
    const unknown = published.diagnostics.find((d) => d.code === 'AITM600')!;
    expect(unknown.message).toContain('unknown control `fence`');
    expect(unknown.range.start.line).toBe(fenced.split('\n').findIndex((l) => l.includes('controls: [fence]')));
    expect(published.diagnostics.map((d) => d.code)).not.toContain('test.cleartext');
  });

  it('leaves out a disabled threat (test/lsp/server.test.ts sees it open on the same document)', async () => {
    const assistant = path.resolve('test/lsp/fixtures/assistant.aitm');
    const assistantUri = pathToFileURL(assistant).href;
    const published = await client.diagnosticsAfter(assistantUri, () =>
      void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: assistantUri, languageId: 'aitm', version: 1, text: fs.readFileSync(assistant, 'utf8') } }),
    );
    expect(published.diagnostics.filter((d) => d.source === 'aitm threat')).toEqual([]);
  });
});

describe('aitm lsp with a broken catalog', () => {
  it('does not start, and says why on stderr', () => {
    const run = spawnSync(process.execPath, ['bin/aitm.js', 'lsp', '--stdio', '--catalog', 'test/cli/fixtures/bad-catalog.json'], { encoding: 'utf8', input: '' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error[AITM701]');
    expect(run.stderr).toMatch(/aitm: the language server did not start, a catalog has errors\n$/);
  });
});
