// Recursion: factorial, Fibonacci with an accumulator, and a recursive tree walk.
function fact(n: number): number { return n <= 1 ? 1 : n * fact(n - 1); }
function fib(n: number, a = 0, b = 1): number { return n === 0 ? a : fib(n - 1, b, a + b); }
interface Node { v: number; kids: Node[] }
const tree: Node = { v: 1, kids: [{ v: 2, kids: [{ v: 4, kids: [] }] }, { v: 3, kids: [] }] };
function total(t: Node): number { return t.kids.reduce((s, k) => s + total(k), t.v); }
function depth(t: Node): number { return 1 + Math.max(0, ...t.kids.map(depth)); }
console.log(fact(10), fib(30), total(tree), depth(tree));
