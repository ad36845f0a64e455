import { spawn } from 'node:child_process';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';

export interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
export interface PublishedDiagnostics {
  uri: string;
  diagnostics: { range: Range; severity: number; code: string; source: string; message: string }[];
}

export interface LanguageClient {
  readonly connection: MessageConnection;
  /** What the server answered to `initialize`. */
  readonly capabilities: Record<string, unknown>;
  /** The next diagnostics published for `uri` after `action`. */
  diagnosticsAfter(uri: string, action: () => void): Promise<PublishedDiagnostics>;
  stop(): Promise<void>;
}

/**
 * The language server as an editor sees it: the real `aitm lsp` process (with `args` after
 * `lsp --stdio`, started in `cwd` as an editor starts it in the workspace), spoken to in LSP
 * JSON-RPC over its stdin and stdout, and initialised.
 */
export async function startLanguageServer(args: readonly string[] = [], options: { cwd?: string } = {}): Promise<LanguageClient> {
  const server = spawn(process.execPath, [path.resolve('bin/aitm.js'), 'lsp', '--stdio', ...args], { stdio: 'pipe', cwd: options.cwd });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const published: PublishedDiagnostics[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => void published.push(p));
  connection.listen();
  const { capabilities } = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    capabilities,
    async diagnosticsAfter(uri, action) {
      const seen = published.length;
      action();
      for (let i = 0; i < 200; i++) {
        const next = published.slice(seen).find((p) => p.uri === uri);
        if (next) return next;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error('no diagnostics published');
    },
    async stop() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      connection.dispose();
      server.kill();
    },
  };
}
