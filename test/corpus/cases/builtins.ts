// What works on Espruino as written: Object/Array/String methods, RegExp, typed arrays, DataView, JSON,
// try/catch/finally, switch, bind/call/apply, globalThis, getters, shorthand, arrow this, [].slice.call.
const o = Object.assign({}, { a: 1 }, { b: 2 });
console.log(Object.keys(o).join(), Object.values(o).join(), JSON.stringify(Object.entries(o)), JSON.stringify(Object.fromEntries([['z', 26]])));
const proto = { hi(): string { return 'proto hi'; } };
const child = Object.create(proto) as typeof proto;
console.log(child.hi(), Object.getPrototypeOf(child) === proto);
const arr = [5, 3, 8, 1];
console.log(arr.find((x) => x > 4), arr.findIndex((x) => x === 8), arr.includes(3), new Array(3).fill(0).join(''), Array.isArray(arr), arr.indexOf(1));
console.log(arr.reduce((s, x) => s + x, 0), arr.some((x) => x > 7), arr.every((x) => x > 0), arr.map((x) => x * 2).filter((x) => x > 6).join(), arr.slice().sort((x, y) => x - y).join());
console.log('7'.padStart(3, '0'), 'ab'.padEnd(4, '.'), 'hello'.startsWith('he'), 'hello'.endsWith('lo'), 'hello'.includes('ll'), 'ab'.repeat(3));
console.log('a-b-c'.replaceAll('-', '+'), '  trim  '.trim(), 'a1b22c'.split(/\d+/).join('|'), 'x=1;y=2'.replace(/(\w)=(\d)/g, '$2$1'));
const m = /(\d+)-(\d+)/.exec('range 10-20');
console.log(m ? Number(m[1]) + Number(m[2]) : -1, /^ab/i.test('ABc'));
const buf = new ArrayBuffer(4);
const dv = new DataView(buf);
dv.setUint16(0, 0x1234);
dv.setUint16(2, 0x1234, true);
const bytes = new Uint8Array(buf);
console.log([].slice.call(bytes).join(','), dv.getUint16(2, true), new Uint8Array(bytes.buffer, 1, 2).join());
console.log(JSON.stringify(JSON.parse('{"n":[1,2,{"x":null}]}')));
function risky(n: number): string {
  try {
    if (n > 1) throw new Error('too big');
    return 'ok';
  } catch (e) {
    return `caught ${(e as Error).message}`;
  } finally {
    console.log('finally', n);
  }
}
console.log(risky(1), risky(2));
try { JSON.parse('{'); } catch { console.log('bad json'); }
function kind(x: unknown): string {
  switch (typeof x) {
    case 'number': return 'num';
    case 'string': return 'str';
    default: return 'other';
  }
}
console.log(kind(1), kind('s'), kind(null));
const who = { name: 'bound' };
function tell(this: { name: string }, suffix: string): string { return this.name + suffix; }
console.log(tell.call(who, '!'), tell.apply(who, ['?']), tell.bind(who)('.'), typeof globalThis);
const name = 'short';
const shorthand = { name, method() { return this.name.length; }, get upper() { return this.name.toUpperCase(); } };
console.log(shorthand.method(), shorthand.upper);
const withGetter = {};
Object.defineProperty(withGetter, 'answer', { get: () => 42 });
console.log((withGetter as { answer: number }).answer);
const timer = { ticks: 0, start(): void { [1, 2, 3].forEach(() => this.ticks++); } };
timer.start();
console.log(timer.ticks, `template ${1 + 1} literal`);
Promise.all([Promise.resolve(1), new Promise<number>((res) => setTimeout(() => res(2), 5))])
  .then((vs) => { console.log('all', vs.join()); throw new Error('nope'); })
  .catch((e: Error) => console.log('rejected', e.message));
