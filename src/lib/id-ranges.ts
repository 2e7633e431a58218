/**
 * A set of integer ids kept as sorted, disjoint ranges. Ids handed out by a
 * sequence come in runs, so a transaction's hundreds of thousands of new ids
 * take a handful of ranges, and a look-up is a binary search over those.
 */
export class IdRanges {
  /** Range starts and ends (inclusive), sorted by start. */
  private starts: number[] = [];
  private ends: number[] = [];

  add(ids: Iterable<number>): void {
    for (const id of ids) this.addOne(id);
  }

  has(id: number): boolean {
    const i = this.rangeAtOrBefore(id);
    return i >= 0 && id <= this.ends[i]!;
  }

  /** How many ranges the ids form (for tests). */
  get rangeCount(): number {
    return this.starts.length;
  }

  private addOne(id: number): void {
    const last = this.starts.length - 1;
    // The common case: the next id of a run, or a new run after all others.
    if (last >= 0 && id === this.ends[last]! + 1) {
      this.ends[last] = id;
      return;
    }
    if (last < 0 || id > this.ends[last]! + 1) {
      this.starts.push(id);
      this.ends.push(id);
      return;
    }
    const i = this.rangeAtOrBefore(id);
    if (i >= 0 && id <= this.ends[i]! + 1) {
      if (id <= this.ends[i]!) return; // already there
      this.ends[i] = id;
      this.mergeWithNext(i);
      return;
    }
    // Before range i + 1 (or before all): a new range, or an extension of the next one.
    const next = i + 1;
    if (next < this.starts.length && id === this.starts[next]! - 1) {
      this.starts[next] = id;
      return;
    }
    this.starts.splice(next, 0, id);
    this.ends.splice(next, 0, id);
  }

  private mergeWithNext(i: number): void {
    const next = i + 1;
    if (next < this.starts.length && this.ends[i]! + 1 >= this.starts[next]!) {
      this.ends[i] = Math.max(this.ends[i]!, this.ends[next]!);
      this.starts.splice(next, 1);
      this.ends.splice(next, 1);
    }
  }

  /** Index of the last range starting at or before id, or -1. */
  private rangeAtOrBefore(id: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= id) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
