// The VS Code extension: the language, its grammar and configuration (package.json), and a client
// that starts `aitm lsp` for the workspace, which gives problems, open findings, hover,
// completion, definitions, references, symbols and formatting.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { serverCommand } = require('./server.js');

let client;

exports.activate = async () => {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const settings = vscode.workspace.getConfiguration('aitm.server');
  const server = serverCommand(folder, { path: settings.get('path'), args: settings.get('args') });
  client = new LanguageClient('aitm', 'aitm', server, {
    documentSelector: [{ scheme: 'file', language: 'aitm' }, { scheme: 'untitled', language: 'aitm' }],
  });
  await client.start();
};

exports.deactivate = () => client?.stop();
