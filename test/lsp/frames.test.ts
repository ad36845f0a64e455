import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameFilter } from '../../src/lsp/frames.js';

/** What the filter lets through of `input`, fed in pieces cut at `cuts`; and what it reported dropping. */
function filtered(input: Buffer, cuts: readonly number[]): { out: string; dropped: string[] } {
  const dropped: string[] = [];
  const filter = new FrameFilter((reason) => dropped.push(reason));
  const out: Buffer[] = [];
  filter.on('data', (chunk: Buffer) => out.push(chunk));
  let start = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b)) {
    filter.write(input.subarray(start, cut));
    start = cut;
  }
  filter.write(input.subarray(start));
  return { out: Buffer.concat(out).toString('utf8'), dropped };
}

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const bodies = fc.array(fc.json(), { minLength: 1, maxLength: 4 });
const cuts = fc.array(fc.nat(), { maxLength: 8 });

describe('FrameFilter', () => {
  it('passes well-formed messages through unchanged, however the bytes arrive', () => {
    fc.assert(
      fc.property(bodies, cuts, (messages, at) => {
        const input = messages.map(frame).join('') + 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n' + frame('{}').slice(0);
        expect(filtered(Buffer.from(input), at)).toEqual({ out: input, dropped: [] });
      }),
      { seed: 17, numRuns: 200 },
    );
  });

  it.each([
    ['no Content-Length', 'X-Junk: 1\r\n\r\n{}'],
    ['a Content-Length that is not a number', 'Content-Length: ten\r\n\r\n'],
    ['a line without a colon', 'garbage\r\n\r\n'],
    ['a length no message has', `Content-Length: ${2 ** 40}\r\n\r\n`],
  ])('drops a header block with %s, and keeps the messages after it', (_, junk) => {
    fc.assert(
      fc.property(bodies, cuts, (messages, at) => {
        const result = filtered(Buffer.from(junk + messages.map(frame).join('')), at);
        expect(result.out).toBe(messages.map(frame).join(''));
        expect(result.dropped.length).toBeGreaterThan(0);
      }),
      { seed: 17, numRuns: 100 },
    );
  });

  it('holds at most a header block\'s worth of bytes without a header end', () => {
    const result = filtered(Buffer.from('x'.repeat(100_000) + frame('{"a":1}')), []);
    expect(result.out).toBe(frame('{"a":1}'));
  });
});
