// Destructuring: lowered (not supported by Espruino).
const settings = { wifi: { ssid: 'home', password: 'pw' }, port: 1883, tags: ['a', 'b', 'c'] };
const { wifi: { ssid }, port = 80, missing = 'dflt', ...others } = settings as typeof settings & { missing?: string };
console.log(ssid, port, missing, Object.keys(others).join(','));
const [first, , third = 'z', ...tail] = ['x', 'y', undefined, 'w', 'v'];
console.log(first, third, tail.join('+'));
let a = 1;
let b = 2;
[a, b] = [b, a];
console.log(a, b);
const pairs: Array<[string, number]> = [['one', 1], ['two', 2]];
for (const [word, n] of pairs) console.log(word, n);
for (const { length } of ['abc', 'de']) console.log(length);
const [c0, c1] = 'hi';
const [b0, b1] = new Uint8Array([7, 8]);
console.log(c0, c1, b0, b1);
const k = 'port';
const { [k]: dynamic } = settings;
console.log(dynamic);
try {
  throw { code: 42, message: 'boom' };
  // (TypeScript allows only any or unknown on a catch binding)
} catch ({ code, message }: any) {
  console.log(code, message);
}
let target: { x?: number } = {};
({ x: target.x = 5 } = {});
console.log(target.x);
