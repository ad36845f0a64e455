// Re-analysis in the editor: the time from an edit (textDocument/didChange) to the diagnostics the
// real `aitm lsp` process publishes for it, on a generated model. Run by bench/run.js; prints JSON.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { generateModel } from './generate.js';

const elements = Number(process.argv[2] ?? 1000);
const edits = 25;
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-bench-')), 'model.aitm');
const text = generateModel(elements);
fs.writeFileSync(file, text);
const uri = pathToFileURL(file).href;

const server = spawn(process.execPath, ['bin/aitm.js', 'lsp', '--stdio'], { stdio: 'pipe' });
const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
let waiting;
connection.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && waiting?.(p));
connection.listen();
const published = (send) =>
  new Promise((resolve) => {
    waiting = resolve;
    send();
  });

await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
await connection.sendNotification('initialized', {});
await published(() => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'aitm', version: 1, text } }));

const samples = [];
for (let i = 0; i < edits; i++) {
  // An edit a person makes: retype a label.
  const edited = text.replace('"Zone 0"', `"Zone 0 (${i})"`);
  const start = performance.now();
  await published(() => connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ text: edited }] }));
  samples.push(performance.now() - start);
}
samples.sort((a, b) => a - b);
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();
process.stdout.write(JSON.stringify({ elements, edits, median: samples[Math.floor(samples.length / 2)], max: samples.at(-1) }));
