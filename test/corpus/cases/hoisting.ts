// Function declarations: Espruino does not hoist them, so the compiler puts them first.
console.log(double(21));
function double(n: number): number { return n * 2; }
function isEven(n: number): boolean { return n === 0 ? true : isOdd(n - 1); }
function isOdd(n: number): boolean { return n === 0 ? false : isEven(n - 1); }
console.log(isEven(10), isOdd(7));
function outer(): string {
  return inner();
  function inner(): string { return 'inner, declared after return'; }
}
console.log(outer());
const made: Array<() => number> = [];
for (let i = 0; i < 3; i++) {
  function cb(): number { return i * 10; }
  made.push(cb);
}
console.log(made.map((f) => f()).join(','), made[0] === made[1]);
