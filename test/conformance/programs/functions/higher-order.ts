// Functions taking and returning functions: compose, partial application, memoisation.
const compose = <A, B, C>(f: (b: B) => C, g: (a: A) => B) => (x: A): C => f(g(x));
const inc = (n: number): number => n + 1;
const dbl = (n: number): number => n * 2;
console.log(compose(inc, dbl)(5), compose(dbl, inc)(5));
function partial(f: (a: number, b: number) => number, a: number): (b: number) => number {
  return (b) => f(a, b);
}
console.log(partial((a, b) => a - b, 10)(3));
let calls = 0;
function memo(f: (n: number) => number): (n: number) => number {
  const cache: Record<string, number> = {};
  return (n) => {
    if (!(n in cache)) cache[n] = f(n);
    return cache[n]!;
  };
}
const slowSquare = memo((n) => { calls++; return n * n; });
console.log(slowSquare(9), slowSquare(9), slowSquare(3), calls);
