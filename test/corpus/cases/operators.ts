// Optional chaining, ??=, ||=, &&=, ** (syntax errors on Espruino: lowered), and ?? (works).
interface Node { value: number; next?: Node; fn?: (n: number) => number }
const list: Node = { value: 1, next: { value: 2, fn: (n) => n * 10 } };
console.log(list.next?.value, list.next?.next?.value, list.next?.fn?.(3), list.fn?.(3), list.next?.['value']);
let maybe: string | undefined;
maybe ??= 'set once';
maybe ??= 'not again';
let count = 0;
count ||= 7;
let flag = 1;
flag &&= 2;
console.log(maybe, count, flag);
const nothing: string | null = JSON.parse('null');
const zero: number | null = JSON.parse('0');
const empty: string = JSON.parse('""');
console.log(nothing ?? 'fallback', zero ?? 'kept zero', empty || 'empty string replaced');
let p = 2;
p **= 3;
console.log(2 ** 10, p, (-2) ** 2);
interface Hits { hits: number; get(): Hits | undefined }
const counter: Hits = { hits: 0, get() { this.hits++; return this; } };
counter.get()?.get();
console.log(counter.hits);
