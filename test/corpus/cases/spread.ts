// Spread in arrays, calls, new and object literals: lowered (a syntax error on Espruino).
const xs = [1, 2, 3];
const more = [0, ...xs, 4, ...'ab', ...new Uint8Array([9])];
console.log(more.join(','), more.length);
console.log(Math.max(...xs), Math.min(5, ...xs, -1));
const logger = { prefix: '>', say(...parts: unknown[]): string { return `${this.prefix} ${parts.join(' ')}`; } };
console.log(logger.say(...xs, 'end'));
class Point { constructor(public x: number, public y: number) {} sum(): number { return this.x + this.y; } }
const coords: [number, number] = [3, 4];
const pt = new Point(...coords);
console.log(pt.sum(), pt instanceof Point);
const defaults = { a: 1, b: 2 };
const merged = { ...defaults, b: 3, ...{ c: 4 } };
console.log(JSON.stringify(merged));
const copy = [...xs];
copy.push(99);
console.log(xs.length, copy.length);
function collect(...args: number[]): number { return args.length; }
console.log(collect(...[], ...xs));
