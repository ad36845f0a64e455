import { Transform, type TransformCallback } from 'node:stream';

/**
 * The base protocol's framing, checked before the JSON-RPC library sees it. The library stops at a
 * header without a valid `Content-Length`, leaves what follows in its buffer and reads the next
 * message's bytes as headers, so after one bad frame the server no longer understands anything. Here
 * a bad header block is dropped, with everything up to the next `Content-Length:`, and the messages
 * after it get through. Bodies pass as they arrive, so only a header in progress is ever held.
 */
export class FrameFilter extends Transform {
  private pending: Buffer = Buffer.alloc(0);
  /** Body bytes of the current message still to pass through. */
  private body = 0;

  /** `dropped` is told what was dropped and why. */
  constructor(private readonly dropped: (reason: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      if (this.body > 0) {
        const n = Math.min(this.body, this.pending.length);
        if (n === 0) break;
        this.push(this.pending.subarray(0, n));
        this.pending = this.pending.subarray(n);
        this.body -= n;
        continue;
      }
      const end = this.pending.indexOf(headerEnd);
      if (end < 0) {
        // No end of headers yet: wait for it, unless what is held cannot be a header block.
        if (this.pending.length > maxHeaderBytes) this.resync('a header block that never ends');
        break;
      }
      const length = contentLength(this.pending.subarray(0, end).toString('latin1'));
      if (length === undefined) {
        this.resync(`a header block without a valid Content-Length: ${JSON.stringify(this.pending.subarray(0, Math.min(end, 200)).toString('latin1'))}`);
        continue;
      }
      this.push(this.pending.subarray(0, end + headerEnd.length));
      this.pending = this.pending.subarray(end + headerEnd.length);
      this.body = length;
    }
    done();
  }

  /** Drop what is held up to the next `Content-Length:` after its start (keeping a tail that may be the start of one). */
  private resync(reason: string): void {
    const next = this.pending.indexOf(lengthField, 1);
    const keep = next >= 0 ? next : Math.max(1, this.pending.length - lengthField.length);
    this.dropped(`${keep} bytes dropped: ${reason}`);
    this.pending = this.pending.subarray(keep);
  }
}

const headerEnd = Buffer.from('\r\n\r\n');
const lengthField = Buffer.from('Content-Length:');
const maxHeaderBytes = 8 * 1024;
/** The most a message may declare: an open document of the largest file aitm reads, escaped, fits. */
const maxContentLength = 256 * 1024 * 1024;

/**
 * The Content-Length of a header block, or undefined when the block is not one the library reads:
 * every line `key: value`, and a key spelled exactly `Content-Length` (in any case, with nothing
 * before it) with a number of bytes no message exceeds.
 */
function contentLength(block: string): number | undefined {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    if (line.slice(0, colon).toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,10}$/.test(value) || Number(value) > maxContentLength) return undefined;
    length = Number(value);
  }
  return length;
}
