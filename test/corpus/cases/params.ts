// Default, rest and destructured parameters: lowered (a syntax error on Espruino).
function greet(name = 'world', punct = name.length > 3 ? '!' : '.'): string { return `hello ${name}${punct}`; }
console.log(greet(), greet('bob'), greet(undefined, '?'));
function sum(first: number, ...rest: number[]): number {
  let s = first;
  for (const r of rest) s += r;
  return s + rest.length * 100;
}
console.log(sum(1), sum(1, 2, 3));
function box({ w = 1, h = 2 }: { w?: number; h?: number } = {}, [x, y]: number[] = [0, 0]): string {
  return `${w}x${h} at ${x},${y}`;
}
console.log(box(), box({ w: 5 }), box({ h: 9 }, [3, 4]));
const obj = {
  base: 10,
  add(...ns: number[]): number { return ns.reduce((a, b) => a + b, this.base); },
  later(): number { const f = (...ns: number[]) => this.base * ns.length; return f(1, 2, 3); },
};
console.log(obj.add(1, 2), obj.later());
const arrow = (a: number, b = a * 2) => a + b;
console.log(arrow(1), arrow(1, 1));
