// The editor's waits: the time from a one-character edit (an incremental textDocument/didChange,
// as editors send it) to the diagnostics the real `aitm lsp` process publishes for it, and the time
// hover, completion and go-to-definition take, on a generated model. Run by bench/run.js; prints JSON.
//   node bench/lsp.js <elements>   (AITM_BENCH_PROF=<dir>: the server writes a CPU profile there)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { generateModel } from './generate.js';

const elements = Number(process.argv[2] ?? 10000);
const rounds = 25;
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-bench-')), 'model.aitm');
let text = generateModel(elements);
fs.writeFileSync(file, text);
const uri = pathToFileURL(file).href;

const server = spawn(process.execPath, [...(process.env.AITM_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.AITM_BENCH_PROF] : []), 'bin/aitm.js', 'lsp', '--stdio'], { stdio: 'pipe' });
const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
let waiting;
connection.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && waiting?.(p));
connection.listen();
const published = (send) =>
  new Promise((resolve) => {
    waiting = resolve;
    send();
  });

/** Line and character of an offset in the current text. */
function position(offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

let version = 1;
/** Replace `length` characters at `offset` with `insert`, as an editor sends it, and time the diagnostics. */
async function edit(offset, length, insert) {
  const range = { start: position(offset), end: position(offset + length) };
  text = text.slice(0, offset) + insert + text.slice(offset + length);
  const start = performance.now();
  await published(() =>
    connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range, text: insert }] }),
  );
  return performance.now() - start;
}

const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
const max = (samples) => Math.max(...samples);

await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
await connection.sendNotification('initialized', {});
await published(() => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'aitm', version, text } }));

// Typing in a label: a character added, then taken away. The findings cannot change.
const label = [];
for (let i = 0; i < rounds; i++) {
  const at = text.indexOf('"Zone 0"') + 5;
  label.push(await edit(at, 0, 'x'));
  label.push(await edit(at, 1, ''));
}
// A digit of a rate limit: the model means something else, and is analysed again.
const semantic = [];
for (let i = 0; i < rounds; i++) {
  const at = text.indexOf('rate_limit: "3') + 'rate_limit: "'.length;
  semantic.push(await edit(at, 1, i % 2 === 0 ? '4' : '3'));
}
// Requests on the same file, somewhere in the middle.
const middle = text.indexOf(`agent${Math.floor(elements / 2)}`);
const at = position(middle + 2);
const timed = async (method, params) => {
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await connection.sendRequest(method, params);
    samples.push(performance.now() - start);
  }
  return samples;
};
const hover = await timed('textDocument/hover', { textDocument: { uri }, position: at });
const definition = await timed('textDocument/definition', { textDocument: { uri }, position: at });
const completion = await timed('textDocument/completion', { textDocument: { uri }, position: at });

await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();
process.stdout.write(
  JSON.stringify({
    elements,
    edits: label.length + semantic.length,
    label: { median: median(label), max: max(label), count: label.length },
    semantic: { median: median(semantic), max: max(semantic), count: semantic.length },
    hover: median(hover),
    definition: median(definition),
    completion: median(completion),
  }),
);
