import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node.js';

export interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { range: Range; severity: number; code: string; source: string; message: string }[];
}

export interface LanguageClient {
  readonly connection: MessageConnection;
  /** What the server answered to `initialize`. */
  readonly capabilities: Record<string, unknown>;
  /** The next diagnostics published for `uri` after `action`. */
  diagnosticsAfter(uri: string, action: () => void): Promise<PublishedDiagnostics>;
  /** The diagnostics published for `version` of `uri`, once they are. */
  diagnosticsOf(uri: string, version: number): Promise<PublishedDiagnostics>;
  /** The server process, for writing bytes that are not well-formed messages and seeing that it lives. */
  readonly process: ChildProcessWithoutNullStreams;
  /** What the server wrote to stderr. */
  stderr(): string;
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
  let stderr = '';
  server.stderr.on('data', (data: Buffer) => void (stderr += data.toString()));
  const until = async <T>(found: () => T | undefined, what: string): Promise<T> => {
    for (let i = 0; i < 400; i++) {
      const value = found();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
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
      return until(() => published.slice(seen).find((p) => p.uri === uri), `diagnostics of ${uri}`);
    },
    diagnosticsOf(uri, version) {
      return until(() => published.find((p) => p.uri === uri && p.version === version), `diagnostics of ${uri} version ${version}`);
    },
    process: server,
    stderr: () => stderr,
    async stop() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      connection.dispose();
      server.kill();
    },
  };
}
