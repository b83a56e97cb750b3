// Closures that keep private state; two counters do not share it.
function makeCounter(step: number): { next(): number; reset(): void } {
  let n = 0;
  return {
    next: () => (n += step),
    reset: () => { n = 0; },
  };
}
const a = makeCounter(1);
const b = makeCounter(10);
a.next(); a.next(); b.next();
console.log(a.next(), b.next());
a.reset();
console.log(a.next(), b.next());
