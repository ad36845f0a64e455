// Which `aitm` the extension starts, kept apart from the VS Code glue in extension.js so that it
// can be tested without VS Code.
const fs = require('node:fs');
const path = require('node:path');

/**
 * The command that runs `aitm lsp` for a workspace folder: the configured executable; else the
 * workspace's own install, so that the editor checks with the version CI uses; else npx. It runs
 * in the folder, where the server finds the project's aitm.config.json.
 */
function serverCommand(folder, settings = {}) {
  const args = ['lsp', '--stdio', ...(settings.args ?? [])];
  const local = folder && path.join(folder, 'node_modules', '.bin', process.platform === 'win32' ? 'aitm.cmd' : 'aitm');
  if (settings.path) return { command: settings.path, args, options: { cwd: folder } };
  if (local && fs.existsSync(local)) return { command: local, args, options: { cwd: folder } };
  return { command: process.platform === 'win32' ? 'npx.cmd' : 'npx', args: ['--no', 'aitm', ...args], options: { cwd: folder } };
}

module.exports = { serverCommand };
