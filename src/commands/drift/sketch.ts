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
  /** `levels[h]`: the items of weight 2^h, unsorted until compacted. */
  private readonly levels: number[][] = [[]];
  private readonly flips: boolean[] = [false];
  private n = 0;

  constructor(readonly k = 512) {}

  /** How many values were added. */
  get count(): number {
    return this.n;
  }

  add(value: number): void {
    const bottom = this.levels[0]!;
    bottom.push(value);
    this.n++;
    if (bottom.length >= this.k) this.compact(0);
  }

  private compact(level: number): void {
    const items = this.levels[level]!.sort((a, b) => a - b);
    if (this.levels.length === level + 1) {
      this.levels.push([]);
      this.flips.push(false);
    }
    const up = this.levels[level + 1]!;
    // An odd item stays behind (it keeps its weight); the rest pair up and one of each pair moves up.
    const keep = items.length % 2 === 1 ? [items.pop()!] : [];
    const offset = this.flips[level] ? 1 : 0;
    this.flips[level] = !this.flips[level];
    for (let i = offset; i < items.length; i += 2) up.push(items[i]!);
    this.levels[level] = keep;
    if (up.length >= this.k) this.compact(level + 1);
  }

  /** The retained items with their weights, sorted by value. */
  weighted(): Array<{ value: number; weight: number }> {
    const all: Array<{ value: number; weight: number }> = [];
    this.levels.forEach((items, h) => {
      for (const value of items) all.push({ value, weight: 2 ** h });
    });
    return all.sort((a, b) => a.value - b.value);
  }

  /** The levels as plain arrays, for statistics.json (`distribution.kll.sketch.data`). */
  toData(): number[][] {
    return this.levels.map((items) => [...items].sort((a, b) => a - b));
  }

  /** A sketch read back from {@link toData}. */
  static fromData(data: number[][], k = 512): QuantileSketch {
    const sketch = new QuantileSketch(k);
    sketch.levels.length = 0;
    sketch.flips.length = 0;
    data.forEach((items, h) => {
      sketch.levels.push([...items]);
      sketch.flips.push(false);
      sketch.n += items.length * 2 ** h;
    });
    if (sketch.levels.length === 0) {
      sketch.levels.push([]);
      sketch.flips.push(false);
    }
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
