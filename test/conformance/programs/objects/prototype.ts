// Object.create with a prototype, getPrototypeOf, and property lookup through the chain.
const base = { kind: 'base', hello(): string { return `hello from ${this.kind}`; } };
const child = Object.create(base) as typeof base;
child.kind = 'child';
console.log(child.hello(), base.hello(), Object.getPrototypeOf(child) === base);
console.log(Object.keys(child).join(','), 'hello' in child, child.hasOwnProperty('hello'));
