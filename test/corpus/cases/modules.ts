// Several modules bundled into one file.
import twice, { Counter, describe, START } from './lib/counter.ts';
import * as lib from './lib/counter.ts';
const c = new Counter();
console.log(describe(c), c.next(), twice(START), lib.START === START);
