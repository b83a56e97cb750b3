// A named class expression that refers to its own name inside its body (a static counter).
const Counter = class Tally {
  static created = 0;
  readonly n: number;
  constructor() { Tally.created++; this.n = Tally.created; }
  make = (): number => Tally.created * 10;
};
const a = new Counter();
const b = new Counter();
console.log(a.n, b.n, Counter.created, b.make());
