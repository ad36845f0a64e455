import { describe, expect, it } from 'vitest';
import { parse } from '../../src/compile.js';
import { displayWidth, renderDiagnostic, summarize } from '../../src/diagnostics/render-text.js';

function render(text: string, only?: string): string {
  const result = parse(text, { file: 'model.aitm' });
  return result.diagnostics
    .filter((d) => only === undefined || d.code === only)
    .map((d) => renderDiagnostic(d, result.sources))
    .join('\n\n');
}

describe('code frames', () => {
  it('underlines the span, labels it and adds help', () => {
    expect(render('system "S" {}\nboundary b { trust: internal\n  api gw { ratelimit: "1/s" }\n}\n')).toBe(
      [
        'error[AITM400]: unknown property `ratelimit` on an api',
        ' --> model.aitm:3:12',
        '  |',
        '3 |   api gw { ratelimit: "1/s" }',
        '  |            ^^^^^^^^^ unknown property',
        '  |',
        '  = help: did you mean `rate_limit`?',
      ].join('\n'),
    );
  });

  it('shows related spans after the primary one', () => {
    expect(render('system "S" {}\nboundary b { trust: internal\n  service a\n  tool a\n}\n')).toBe(
      [
        'error[AITM300]: `a` is declared more than once',
        ' --> model.aitm:4:8',
        '  |',
        '4 |   tool a',
        '  |        ^ declared again here as a tool',
        ' ::: model.aitm:3:11',
        '  |',
        '3 |   service a',
        '  |           - first declared here as a service',
        '  |',
        '  = help: give each element, boundary, data asset and flow its own id',
      ].join('\n'),
    );
  });

  it('aligns carets after tabs and wide characters', () => {
    const frame = render('system "S" {}\n\tdata d "日本🙂" { kind: bogus }\n', 'AITM402');
    const lines = frame.split('\n');
    const source = lines.find((l) => l.startsWith('2 |'))!;
    const caret = lines.find((l) => l.includes('^'))!;
    expect(source).toBe('2 |     data d "日本🙂" { kind: bogus }');
    expect(displayWidth(caret.slice(0, caret.indexOf('^')))).toBe(displayWidth(source.slice(0, source.indexOf('bogus'))));
    expect(caret.trimEnd().endsWith('^^^^^ not allowed here')).toBe(true);
  });

  it('cuts very long lines to a window around the span', () => {
    const frame = render(`system "S" {}\ndata d { description: "${'x'.repeat(500)}", kind: bogus }\n`, 'AITM402');
    const source = frame.split('\n').find((l) => l.startsWith('2 |'))!;
    expect(displayWidth(source)).toBeLessThan(140);
    expect(source).toContain('kind: bogus');
  });

  it('points at the end of input for an unfinished file', () => {
    expect(render('system "S" {}\nboundary b { trust: internal')).toContain('2 | boundary b { trust: internal\n  |                             ^ input ends here');
  });
});

describe('summaries', () => {
  it('counts by severity', () => {
    const result = parse('system "S" {}\ndata a\ndata b\nboundary x { trust: bogus }');
    expect(summarize(result.diagnostics)).toBe('1 error, 2 warnings');
    expect(summarize([])).toBe('no problems');
  });
});
