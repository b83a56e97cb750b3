// A generic class and generic functions with constraints.
class Stack<T> {
  private items: T[] = [];
  push(x: T): this { this.items.push(x); return this; }
  pop(): T | undefined { return this.items.pop(); }
  get size(): number { return this.items.length; }
}
const s = new Stack<string>().push('a').push('b');
console.log(s.pop(), s.size);
function longest<T extends { length: number }>(xs: T[]): T | undefined {
  return xs.reduce<T | undefined>((best, x) => (best === undefined || x.length > best.length ? x : best), undefined);
}
console.log(longest(['aa', 'bbbb', 'c']), JSON.stringify(longest([[1], [1, 2]])));
