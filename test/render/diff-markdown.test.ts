import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { diffModels } from '../../src/diff/diff.js';
import { analyze } from '../../src/engine/analyze.js';
import { load } from '../../src/node/load.js';
import { diffToMarkdown } from '../../src/render/diff-markdown.js';

const analysed = (model: ReturnType<typeof load>['model']) => ({ model, analysis: analyze(model, { asOf: '2026-11-27' }) });

describe('diff as Markdown', () => {
  it('matches the reviewed snapshot', async () => {
    const diff = diffModels(analysed(load('test/diff/fixtures/before.aitm').model), analysed(load('test/diff/fixtures/after.aitm').model));
    await expect(diffToMarkdown({ diff, before: 'main', after: 'this change' })).toMatchFileSnapshot('./snapshots/diff.md');
  });

  it('says so when nothing changed', () => {
    const { model } = load('test/diff/fixtures/before.aitm');
    expect(diffToMarkdown({ diff: diffModels(analysed(model), analysed(model)), before: 'a', after: 'b' })).toBe(
      '### aitm: threat model changes (a → b)\n\n**0 findings introduced** · 0 findings resolved · 0 model changes\n\nNo change to the threat model.\n',
    );
  });

  it('escapes user text so that it cannot break a table, link or inject HTML', () => {
    const model = (label: string) =>
      parse(`system "S" { owner: "o" }\nboundary b { trust: internal\nservice s ${JSON.stringify(label)} }`, { file: 'm.aitm' }).model;
    const hostile = 'x | y <img src=x onerror=alert(1)> [link](http://evil) **bold** `code`';
    const text = diffToMarkdown({ diff: diffModels(analysed(model('plain')), analysed(model(hostile))), before: '<b>', after: 'c|d' });
    const row = text.split('\n').find((l) => l.startsWith('| changed'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(5);
    expect(text).not.toMatch(/<img|<b>|\]\(http/);
    expect(row).toContain('\\*\\*bold\\*\\*');
  });
});
