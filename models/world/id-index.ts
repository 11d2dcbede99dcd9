/**
 * NMS's index of authenticated hardware ids (FR-10): hardware id → device, as an open-addressing hash table in
 * typed arrays (linear probing, deletion by backward shift), instead of a Map with a JS entry per device — at a
 * million appliances the Map held ~50 MB of heap in the back office's partition, and made the garbage collector's
 * limit grow with it. Ids are whole numbers in [-1, 2^32) (`bodies.ts` hardwareIdOf). Made on the first `set`, so a
 * partition without NMS holds nothing.
 */
const MIN_BITS = 10;

export class IdIndex {
  private bits = 0;
  private keys = new Float64Array(0);
  /** Device + 1 per slot (0: empty). */
  private values = new Int32Array(0);
  size = 0;

  get(id: number): number | undefined {
    if (this.size === 0) return undefined;
    const mask = this.keys.length - 1;
    for (let i = this.home(id); ; i = (i + 1) & mask) {
      const v = this.values[i];
      if (v === 0) return undefined;
      if (this.keys[i] === id) return v - 1;
    }
  }

  set(id: number, d: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = this.home(id);
    for (; this.values[i] !== 0; i = (i + 1) & mask) {
      if (this.keys[i] === id) {
        this.values[i] = d + 1;
        return;
      }
    }
    this.keys[i] = id;
    this.values[i] = d + 1;
    this.size++;
  }

  delete(id: number): boolean {
    if (this.size === 0) return false;
    const mask = this.keys.length - 1;
    let i = this.home(id);
    for (; ; i = (i + 1) & mask) {
      if (this.values[i] === 0) return false;
      if (this.keys[i] === id) break;
    }
    // Backward shift: move later entries of the run into the hole when their home allows it.
    for (let j = (i + 1) & mask; this.values[j] !== 0; j = (j + 1) & mask) {
      const h = this.home(this.keys[j]);
      // Entry j may fill hole i when its home is not cyclically within (i, j].
      if (((j - h) & mask) >= ((j - i) & mask)) {
        this.keys[i] = this.keys[j];
        this.values[i] = this.values[j];
        i = j;
      }
    }
    this.values[i] = 0;
    this.size--;
    return true;
  }

  /** [id, device] of every entry (in table order). */
  *[Symbol.iterator](): IterableIterator<[number, number]> {
    for (let i = 0; i < this.keys.length; i++) if (this.values[i] !== 0) yield [this.keys[i], this.values[i] - 1];
  }

  private home(id: number): number {
    return Math.imul((id >>> 0) ^ 0x5bd1e995, 0x9e3779b1) >>> (32 - this.bits);
  }

  private grow(): void {
    const keys = this.keys, values = this.values;
    this.bits = Math.max(MIN_BITS, this.bits + 1);
    this.keys = new Float64Array(1 << this.bits);
    this.values = new Int32Array(1 << this.bits);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (values[i] !== 0) this.set(keys[i], values[i] - 1);
  }
}
