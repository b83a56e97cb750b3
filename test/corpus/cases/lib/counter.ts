// A module of the multi-file case: classes and functions imported by modules.ts.
export const START = 100;
export class Counter {
  private value = START;
  next(): number { return ++this.value; }
}
export function describe(c: Counter): string { return `counter at ${c.next()}`; }
export default function twice(n: number): number { return n * 2; }
