/** Disjoint sets over 0..n-1 in typed arrays (union by size, path halving), growable. */
export class UnionFind {
  #parent: Int32Array;
  #size: Int32Array;
  #count = 0;

  constructor(capacity = 1024) {
    this.#parent = new Int32Array(capacity);
    this.#size = new Int32Array(capacity);
  }

  get length(): number {
    return this.#count;
  }

  /** Adds a singleton set and returns its element. */
  add(): number {
    if (this.#count === this.#parent.length) {
      const parent = new Int32Array(this.#parent.length * 2);
      parent.set(this.#parent);
      const size = new Int32Array(this.#size.length * 2);
      size.set(this.#size);
      this.#parent = parent;
      this.#size = size;
    }
    const element = this.#count++;
    this.#parent[element] = element;
    this.#size[element] = 1;
    return element;
  }

  find(element: number): number {
    const parent = this.#parent;
    let x = element;
    let p = parent[x] ?? x;
    while (p !== x) {
      const grand = parent[p] ?? p;
      parent[x] = grand;
      x = grand;
      p = parent[x] ?? x;
    }
    return x;
  }

  /** Joins the two sets; returns false when they were already one. */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if ((this.#size[ra] ?? 0) < (this.#size[rb] ?? 0)) [ra, rb] = [rb, ra];
    this.#parent[rb] = ra;
    this.#size[ra] = (this.#size[ra] ?? 0) + (this.#size[rb] ?? 0);
    return true;
  }
}
