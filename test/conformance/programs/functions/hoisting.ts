// A function called before its declaration in the same scope, and mutual recursion.
console.log(isEven(10), isOdd(7));
function isEven(n: number): boolean { return n === 0 ? true : isOdd(n - 1); }
function isOdd(n: number): boolean { return n === 0 ? false : isEven(n - 1); }
function outer(): string {
  return inner('x');
  function inner(s: string): string { return `inner(${s})`; }
}
console.log(outer());
