// Callbacks with optional parameters and a callback-style API returning results through a function.
type Done = (err: string | null, value?: number) => void;
function divide(a: number, b: number, done: Done): void {
  if (b === 0) done('division by zero');
  else done(null, a / b);
}
const results: string[] = [];
const collect: Done = (err, value) => results.push(err ? `error: ${err}` : `ok: ${value}`);
divide(10, 4, collect);
divide(1, 0, collect);
[3, 6].forEach((n) => divide(n, 3, collect));
console.log(results.join(' | '));
