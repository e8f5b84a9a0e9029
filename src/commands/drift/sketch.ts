/**
 * Quantiles of a stream in bounded memory: a deterministic KLL-style compactor (Manku, Rajagopalan
 * and Lindsay's scheme, the one Model Monitor's `kll` sketch descends from). Level `h` holds items
 * of weight 2^h; when a level fills (k items) it is sorted and every other item moves up one
 * level, alternating which half is kept so the rank errors of successive compactions cancel
 * rather than add up.
 *
 * Why not a library: the npm t-digest (`tdigest`) has not been released since 2018 and carries a
 * red-black tree dependency, and simple-statistics has no streaming quantiles. This is small,
 * allocation-free per value, deterministic (the same data gives the same baseline file, which a
 * randomised KLL would not) and its levels serialise directly into statistics.json. Memory is
 * k × log2(n / k) numbers: with k = 512, about 6,000 numbers per feature for a million rows.
 * The worst-case rank error is log2(n / k) / k of n (2 % at a million rows), the usual one far
 * less; drift only needs deciles.
 */
export class QuantileSketch {
  /**
   * `levels[h]`: the items of weight 2^h in a fixed buffer, the first `sizes[h]` of it used,
   * unsorted until compacted. Fixed typed buffers, not growing arrays: a sketch lives as long as
   * the command, so arrays replaced at each compaction would be promoted garbage, about 4 MB per
   * column over a million values (drift keeps one per live column and variant; flat memory).
   */
  private readonly levels: Float64Array[] = [];
  private readonly sizes: number[] = [];
  private readonly flips: boolean[] = [];
  private n = 0;

  constructor(readonly k = 512) {
    this.addLevel();
  }

  /** How many values were added. */
  get count(): number {
    return this.n;
  }

  add(value: number): void {
    const size = this.sizes[0]!;
    this.levels[0]![size] = value;
    this.sizes[0] = size + 1;
    this.n++;
    if (size + 1 >= this.k) this.compact(0);
  }

  private addLevel(): void {
    // A level below k gains at most k / 2 + 1 items before it is compacted in turn.
    this.levels.push(new Float64Array(2 * this.k + 2));
    this.sizes.push(0);
    this.flips.push(false);
  }

  private compact(level: number): void {
    let size = this.sizes[level]!;
    const items = this.levels[level]!.subarray(0, size).sort();
    if (this.levels.length === level + 1) this.addLevel();
    const up = this.levels[level + 1]!;
    let upSize = this.sizes[level + 1]!;
    // An odd item stays behind (it keeps its weight); the rest pair up and one of each pair moves up.
    const odd = size % 2 === 1;
    if (odd) size--;
    const offset = this.flips[level] ? 1 : 0;
    this.flips[level] = !this.flips[level];
    for (let i = offset; i < size; i += 2) up[upSize++] = items[i]!;
    if (odd) items[0] = items[size]!;
    this.sizes[level] = odd ? 1 : 0;
    this.sizes[level + 1] = upSize;
    if (upSize >= this.k) this.compact(level + 1);
  }

  /** The retained items with their weights, sorted by value. */
  weighted(): Array<{ value: number; weight: number }> {
    const all: Array<{ value: number; weight: number }> = [];
    this.levels.forEach((items, h) => {
      for (let i = 0; i < this.sizes[h]!; i++) all.push({ value: items[i]!, weight: 2 ** h });
    });
    return all.sort((a, b) => a.value - b.value);
  }

  /** The levels as plain arrays, for statistics.json (`distribution.kll.sketch.data`). */
  toData(): number[][] {
    return this.levels.map((items, h) => Array.from(items.subarray(0, this.sizes[h])).sort((a, b) => a - b));
  }

  /** A sketch read back from {@link toData}. */
  static fromData(data: number[][], k = 512): QuantileSketch {
    const sketch = new QuantileSketch(k);
    data.forEach((items, h) => {
      if (h >= sketch.levels.length) sketch.addLevel();
      // A file written with a larger k (or by Model Monitor) may hold more per level than the buffer.
      if (items.length > sketch.levels[h]!.length) sketch.levels[h] = new Float64Array(items.length + k + 2);
      sketch.levels[h]!.set(items);
      sketch.sizes[h] = items.length;
      sketch.n += items.length * 2 ** h;
    });
    return sketch;
  }
}

/** The value at each quantile `q` (0–1) of weighted sorted items; undefined when there are none. */
export function quantilesOf(items: ReadonlyArray<{ value: number; weight: number }>, qs: readonly number[]): number[] | undefined {
  const total = items.reduce((sum, i) => sum + i.weight, 0);
  if (total === 0) return undefined;
  const out: number[] = [];
  let seen = 0;
  let at = 0;
  for (const q of qs) {
    const rank = q * total;
    while (at < items.length - 1 && seen + items[at]!.weight <= rank) {
      seen += items[at]!.weight;
      at++;
    }
    out.push(items[at]!.value);
  }
  return out;
}

/** The share (0–1) of the weighted items at or below `value`. */
export function shareAtOrBelow(items: ReadonlyArray<{ value: number; weight: number }>, value: number): number {
  let total = 0;
  let below = 0;
  for (const i of items) {
    total += i.weight;
    if (i.value <= value) below += i.weight;
  }
  return total === 0 ? 0 : below / total;
}
