import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedArtifacts } from '../scripts/artifacts.js';

describe('generated files', () => {
  it.each([...generatedArtifacts()])('%s is up to date (run `npm run generate`)', (file, content) => {
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
  });

  it('the syntax diagrams load nothing from the network', () => {
    const html = generatedArtifacts().get('docs/grammar/syntax-diagrams.html')!;
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/unpkg/);
    expect(html).toContain('"name": "flowDecl"');
  });
});
