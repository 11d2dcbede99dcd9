import { createHash, type Hash } from 'node:crypto';

/**
 * A SHA-256 over a stream of numbers (event tuples, counters, series), fed in batches so hashing a
 * million events costs a few milliseconds. Two runs agree on the digest only if they produced the same
 * numbers in the same order, which is what "deterministic to the bit" means here.
 */
export class TraceDigest {
  private readonly hash: Hash = createHash('sha256');
  private readonly buffer = new Float64Array(4096);
  private used = 0;
  count = 0;

  add(value: number): void {
    this.buffer[this.used++] = value;
    if (this.used === this.buffer.length) this.flush();
  }

  add4(a: number, b: number, c: number, d: number): void {
    if (this.used + 4 > this.buffer.length) this.flush();
    const buf = this.buffer;
    buf[this.used] = a;
    buf[this.used + 1] = b;
    buf[this.used + 2] = c;
    buf[this.used + 3] = d;
    this.used += 4;
    this.count++;
  }

  addText(text: string): void {
    this.flush();
    this.hash.update(text);
  }

  /** Hex digest; the digest can be taken once. */
  hex(): string {
    this.flush();
    return this.hash.digest('hex');
  }

  private flush(): void {
    if (this.used === 0) return;
    this.hash.update(new Uint8Array(this.buffer.buffer, 0, this.used * 8));
    this.used = 0;
  }
}
