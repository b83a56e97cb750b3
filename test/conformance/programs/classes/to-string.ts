// A class's own toString is used by string concatenation and template literals.
class Point {
  constructor(public x: number, public y: number) {}
  toString(): string { return `(${this.x}, ${this.y})`; }
  plus(o: Point): Point { return new Point(this.x + o.x, this.y + o.y); }
}
const p = new Point(1, 2).plus(new Point(10, 20));
console.log('p is ' + p);
console.log(`twice: ${p.plus(p)}`);
console.log(String(new Point(0, -1)));
