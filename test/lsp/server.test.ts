import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageConnection } from 'vscode-jsonrpc/node.js';
import { startLanguageServer, type LanguageClient, type PublishedDiagnostics, type Range } from './client.js';

const file = path.resolve('test/lsp/fixtures/assistant.aitm');
const uri = pathToFileURL(file).href;
const providersUri = pathToFileURL(path.resolve('test/lsp/fixtures/providers.aitm')).href;
const text = fs.readFileSync(file, 'utf8');
const lines = text.split('\n');

/** The position of the `nth` occurrence of `word` on the line that contains `lineWith`. */
function at(lineWith: string, word: string, nth = 0): { line: number; character: number } {
  const line = lines.findIndex((l) => l.includes(lineWith));
  let character = -1;
  for (let i = 0; i <= nth; i++) character = lines[line]!.indexOf(word, character + 1);
  expect(line >= 0 && character >= 0, `${word} in ${lineWith}`).toBe(true);
  return { line, character: character + 1 };
}

let client: LanguageClient;
let connection: MessageConnection;
let version = 1;

const diagnosticsAfter = (action: () => void): Promise<PublishedDiagnostics> => client.diagnosticsAfter(uri, action);

const change = (newText: string) => () =>
  void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: newText }] });

beforeAll(async () => {
  client = await startLanguageServer();
  connection = client.connection;
});

afterAll(() => client.stop());

describe('aitm lsp', () => {
  it('announces what it can do', () => {
    expect(client.capabilities).toMatchObject({ hoverProvider: true, definitionProvider: true, referencesProvider: true, documentSymbolProvider: true });
  });

  it('publishes open findings for a clean document, on the declarations they concern', async () => {
    const published = await diagnosticsAfter(
      () => void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'aitm', version, text } }),
    );
    expect(published.diagnostics.map((d) => [d.source, d.code, d.range.start.line])).toEqual([['aitm threat', 'system-prompt-leakage', at('agent bot', 'bot').line]]);
    expect(published.diagnostics[0]!.message).toMatch(/^System prompt .*\(medium\): no mitigation is in place/);
  });

  it('reports a problem as you type, with its code and help, and clears it when fixed', async () => {
    const typo = text.replace('autonomy: supervised', 'autonmy: supervised');
    const broken = await diagnosticsAfter(change(typo));
    const problem = broken.diagnostics.find((d) => d.source === 'aitm')!;
    const { line, character } = at('agent bot', 'autonomy');
    expect([problem.code, problem.severity, problem.range.start]).toEqual(['AITM400', 1, { line, character: character - 1 }]);
    expect(problem.message).toContain('help: did you mean `autonomy`?');
    const fixed = await diagnosticsAfter(change(text));
    expect(fixed.diagnostics.some((d) => d.source === 'aitm')).toBe(false);
  });

  it('reports a syntax error at once', async () => {
    const broken = await diagnosticsAfter(change(text.replace('flow ask: user -> bot', 'flow ask: user -> ')));
    expect(broken.diagnostics.map((d) => d.code)).toContain('AITM110');
    await diagnosticsAfter(change(text));
  });

  it('describes an element on hover: kind, label, boundary, trust and open findings', async () => {
    const hover = await connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: at('flow ask', 'bot') });
    expect(hover.contents.value).toContain('**agent** `bot` — Bot');
    expect(hover.contents.value).toContain('in App (trust: internal)');
    expect(hover.contents.value).toContain('medium `system-prompt-leakage`');
  });

  it('describes a threat id and a control id on hover', async () => {
    const threat = await connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri },
      position: at('mitigate', 'prompt-injection'),
    });
    expect(threat.contents.value).toMatch(/^\*\*Direct prompt injection[^*]*\*\* `prompt-injection.direct`/);
    expect(threat.contents.value).toMatch(/References: .*AML\.T0051/);
    const control = await connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: at('agent bot', 'audit_logging') });
    expect(control.contents.value).toContain('`audit_logging`');
  });

  it('goes to a definition in another file, and finds every reference', async () => {
    const definition = await connection.sendRequest<{ uri: string; range: Range }>('textDocument/definition', { textDocument: { uri }, position: at('flow bot -> llm', 'llm') });
    expect(definition).toEqual({ uri: providersUri, range: { start: { line: 2, character: 8 }, end: { line: 2, character: 11 } } });
    const references = await connection.sendRequest<{ uri: string; range: Range }[]>('textDocument/references', {
      textDocument: { uri },
      position: at('agent bot', 'bot'),
      context: { includeDeclaration: true },
    });
    expect(references.map((r) => r.range.start.line)).toEqual([at('agent bot', 'bot').line, at('flow ask', 'bot').line, at('flow bot -> llm', 'bot').line, at('mitigate', 'bot').line]);
  });

  it.each([
    ['threat ids after `mitigate`', 'mitigate prompt', 'mitigate '.length, 'prompt-injection.indirect'],
    ['element ids after an arrow', 'flow bot -> llm', 'flow bot -> '.length, 'user'],
    ['values of an enum property', 'agent bot', '  agent bot "Bot" { autonomy: '.length, 'autonomous'],
    ['control ids in `controls`', 'agent bot', '  agent bot "Bot" { autonomy: supervised, uses: [llm], controls: ['.length, 'rate_limiting'],
    ['model ids in `uses`', 'agent bot', '  agent bot "Bot" { autonomy: supervised, uses: ['.length, 'llm'],
  ])('completes %s', async (_, lineWith, character, expected) => {
    const items = await connection.sendRequest<{ label: string }[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: lines.findIndex((l) => l.includes(lineWith)), character },
    });
    expect(items.map((i) => i.label)).toContain(expected);
  });

  it('completes property names and element kinds on an empty line in a boundary, keywords at the top level', async () => {
    const inBoundary = text.replace('  trust: internal\n', '  trust: internal\n  \n');
    await diagnosticsAfter(change(inBoundary));
    const line = inBoundary.split('\n').findIndex((l, i, all) => l === '  ' && all[i - 1] === '  trust: internal');
    const items = await connection.sendRequest<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: 2 } });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['trust', 'model', 'agent', 'boundary']));
    const top = await connection.sendRequest<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line: lines.length - 1, character: 0 } });
    expect(top.map((i) => i.label)).toEqual(expect.arrayContaining(['system', 'boundary', 'flow', 'mitigate', 'accept', 'dismiss']));
    await diagnosticsAfter(change(text));
  });

  it('outlines the document, boundaries holding their members', async () => {
    const symbols = await connection.sendRequest<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.map((s) => s.name)).toEqual(['Assistant', 'question', 'internet', 'app', 'ask', 'bot -> llm', 'mitigate prompt-injection.direct']);
    expect(symbols.find((s) => s.name === 'app')!.children!.map((c) => c.name)).toEqual(['bot']);
  });

  it('formats the document in aitm fmt\'s layout', async () => {
    await diagnosticsAfter(change(text.replace('flow ask: user -> bot', 'flow   ask :user->bot')));
    const edits = await connection.sendRequest<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText).toBe(text);
  });
});
