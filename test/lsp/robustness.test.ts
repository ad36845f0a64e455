import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLanguageServer, type LanguageClient } from './client.js';

/**
 * The language server as a hostile or broken client meets it: bytes that are not messages,
 * messages that are not requests, methods it does not know, positions outside the document, and
 * edits faster than it can check them. After each, it must still answer.
 */
const file = path.resolve('test/lsp/fixtures/assistant.aitm');
const uri = pathToFileURL(file).href;
const text = fs.readFileSync(file, 'utf8');

let client: LanguageClient;
let next = 1000;

beforeAll(async () => {
  client = await startLanguageServer();
  await client.diagnosticsAfter(uri, () => void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'aitm', version: 1, text } }));
});
afterAll(() => client.stop());

/** Still alive and answering: an outline of the open document. */
async function answers(): Promise<void> {
  const symbols = await client.connection.sendRequest<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
  expect(symbols.length).toBeGreaterThan(0);
  expect(client.process.exitCode).toBeNull();
}

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const message = (value: object) => frame(JSON.stringify({ jsonrpc: '2.0', ...value }));

describe('aitm lsp survives malformed JSON-RPC', () => {
  it.each([
    ['a body that is not JSON', frame('{"jsonrpc": "2.0", "id": 1, "method":')],
    ['a header without Content-Length', 'X-Header: 1\r\n\r\n{}'],
    ['a Content-Length that is not a number', 'Content-Length: twelve\r\n\r\n{"jsonrpc":"2.0"}'],
    ['a header line without a colon', 'Content-Length 12\r\n\r\n'],
    ['a Content-Length past any message', `Content-Length: ${2 ** 40}\r\n\r\n`],
    ['garbage with no header end', 'x'.repeat(20_000)],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0d, 0x0a]).toString('latin1')],
    ['a JSON array (a batch)', frame('[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]')],
    ['JSON null', frame('null')],
    ['a string', frame('"hello"')],
    ['a message with no method and no id', message({ params: {} })],
    ['a request whose id is an object', message({ id: { nested: true }, method: 'textDocument/hover', params: {} })],
    ['a response to nothing', message({ id: 77, result: {} })],
  ])('%s', async (_, bytes) => {
    client.process.stdin.write(bytes);
    await answers();
  });

  it('says on stderr what it dropped, and why', () => {
    expect(client.stderr()).toContain('a header block without a valid Content-Length');
  });

  it('answers a request for a method it does not know with MethodNotFound, and ignores such a notification', async () => {
    await expect(client.connection.sendRequest('aitm/noSuchMethod', {})).rejects.toMatchObject({ code: -32601 });
    await client.connection.sendNotification('aitm/noSuchNotification', { x: 1 });
    await answers();
  });

  it('answers requests with missing or wrong parameters with an error, not a crash', async () => {
    for (const [method, params] of [
      ['textDocument/hover', null],
      ['textDocument/hover', { textDocument: {}, position: {} }],
      ['textDocument/definition', { textDocument: { uri: 42 }, position: 'here' }],
      ['textDocument/completion', { textDocument: { uri }, position: { line: 'one', character: null } }],
      ['textDocument/references', { textDocument: { uri }, position: { line: 0, character: 0 } }],
    ] as const) {
      // InvalidParams or InternalError; the library answers for the handler that could not run.
      await client.connection.sendRequest(method, params).catch((error: { code: number }) => expect([-32602, -32603]).toContain(error.code));
    }
    await answers();
  });
});

describe('aitm lsp survives positions outside the document', () => {
  const positions = [
    { line: -1, character: -1 },
    { line: 0, character: -5 },
    { line: 3, character: 1_000_000 },
    { line: 1_000_000, character: 0 },
    { line: 2 ** 31, character: 2 ** 31 },
    { line: 0.5, character: 1.5 },
  ];
  it.each(['textDocument/hover', 'textDocument/definition', 'textDocument/references', 'textDocument/completion'])('%s', async (method) => {
    for (const position of positions) {
      await client.connection.sendRequest(method, { textDocument: { uri }, position, context: { includeDeclaration: true } });
    }
    await answers();
  });

  it('edits whose ranges lie outside the document are applied clamped, and the document checked', async () => {
    const published = await client.diagnosticsAfter(uri, () =>
      void client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++next },
        contentChanges: [{ range: { start: { line: 10_000, character: 0 }, end: { line: -3, character: -3 } }, text: '// appended\n' }],
      }),
    );
    expect(published.version).toBe(next);
    await client.diagnosticsAfter(uri, () => void client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++next }, contentChanges: [{ text }] }));
    await answers();
  });

  it('documents with malformed URIs are checked too', async () => {
    const odd = 'file:///%zz.aitm';
    const published = await client.diagnosticsAfter(odd, () => void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: odd, languageId: 'aitm', version: 1, text: 'data x {}\n' } }));
    expect(published.diagnostics.map((d) => d.code)).toContain('AITM502');
    await answers();
  });
});

describe('aitm lsp survives a burst of 1,000 edits', () => {
  it('typed one character at a time, the last version is checked and reported as a fresh open of it would be', async () => {
    const burst = pathToFileURL(path.resolve('test/lsp/fixtures/burst.aitm')).href;
    const typed = text.slice(0, 1000);
    await client.diagnosticsAfter(burst, () => void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: burst, languageId: 'aitm', version: 0, text: '' } }));
    for (let i = 0; i < typed.length; i++) {
      const before = typed.slice(0, i).split('\n');
      void client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: burst, version: i + 1 },
        contentChanges: [{ range: { start: { line: before.length - 1, character: before.at(-1)!.length }, end: { line: before.length - 1, character: before.at(-1)!.length } }, text: typed[i] }],
      });
    }
    const last = await client.diagnosticsOf(burst, typed.length);
    const fresh = pathToFileURL(path.resolve('test/lsp/fixtures/fresh.aitm')).href;
    const expected = await client.diagnosticsAfter(fresh, () => void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fresh, languageId: 'aitm', version: 1, text: typed } }));
    expect(last.diagnostics.length).toBeGreaterThan(0);
    expect(last.diagnostics).toEqual(expected.diagnostics);
    await answers();
  });
});
