/**
 * Children seen in each month (by numeric key), for picking a child "from the last N months":
 * re-referrals, repeat contacts and contacts on open cases reuse earlier children this way.
 */
export class ChildPool {
  private readonly byMonth = new Map<number, number[]>();

  /** Records a child against a month. */
  add(monthIndex: number, childKey: number): void {
    let list = this.byMonth.get(monthIndex);
    if (!list) {
      list = [];
      this.byMonth.set(monthIndex, list);
    }
    list.push(childKey);
  }

  /**
   * The children recorded in months [first, last], as one array to pick from: built once a
   * month, because the generator picks from the same window thousands of times.
   */
  window(first: number, last: number): Float64Array {
    let total = 0;
    for (let m = first; m <= last; m++) total += this.byMonth.get(m)?.length ?? 0;
    const all = new Float64Array(total);
    let at = 0;
    for (let m = first; m <= last; m++) {
      const list = this.byMonth.get(m);
      if (!list) continue;
      all.set(list, at);
      at += list.length;
    }
    return all;
  }

  /** Forgets months before `monthIndex`. */
  prune(monthIndex: number): void {
    for (const m of this.byMonth.keys()) if (m < monthIndex) this.byMonth.delete(m);
  }
}
