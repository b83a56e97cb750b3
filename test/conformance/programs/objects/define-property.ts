// Object.defineProperty with a getter, and object-literal getters and setters.
const o: { _v: number; double?: number } = { _v: 4 };
Object.defineProperty(o, 'double', { get(this: { _v: number }) { return this._v * 2; } });
console.log(o.double);
o._v = 10;
console.log(o.double);
const lit = {
  parts: ['a', 'b'],
  get joined(): string { return this.parts.join('+'); },
  set joined(v: string) { this.parts = v.split('+'); },
};
lit.joined = 'x+y+z';
console.log(lit.parts.length, lit.joined);
