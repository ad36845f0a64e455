import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateNames } from '../../src/init/templates.js';
import { run } from './run-cli.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'aitm-init-'));

describe('aitm init', () => {
  it.each(templateNames)('writes the %s starter, which checks clean and is formatted', (template) => {
    const file = path.join(tempDir(), 'model.aitm');
    const { code, stderr } = run(['init', '--template', template, file]);
    expect(code).toBe(0);
    expect(stderr).toBe(`wrote ${file} (the ${template} starter)\nnext: edit it to describe your system, then run \`aitm check ${file}\`\n`);
    const checked = run(['check', '--strict', file]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain(`✓ ${file}: no problems`);
    expect(run(['fmt', '--check', file]).code).toBe(0);
  });

  it('writes the rag starter to threat-model.aitm by default', () => {
    const cwd = process.cwd();
    const dir = tempDir();
    try {
      process.chdir(dir);
      expect(run(['init']).code).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'threat-model.aitm'), 'utf8')).toMatch(/^\/\//);
    } finally {
      process.chdir(cwd);
    }
  });

  it('never overwrites a file, and rejects an unknown template', () => {
    const file = path.join(tempDir(), 'mine.aitm');
    fs.writeFileSync(file, 'my work');
    expect(run(['init', file])).toEqual({
      code: 2,
      stdout: '',
      stderr: `aitm: cannot write ${file}: it already exists (aitm init never overwrites a file)\n`,
    });
    expect(fs.readFileSync(file, 'utf8')).toBe('my work');
    expect(run(['init', '--template', 'chatbot']).stderr).toBe('aitm: unknown template `chatbot` (rag, agent, mcp-agent, training, finetune)\n');
  });
});
