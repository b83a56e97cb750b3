// A three-level hierarchy: overridden methods, instanceof, and methods inherited unchanged.
class Shape {
  constructor(public name: string) {}
  area(): number { return 0; }
  describe(): string { return `${this.name} with area ${this.area()}`; }
}
class Rect extends Shape {
  constructor(public w: number, public h: number) { super('rect'); }
  area(): number { return this.w * this.h; }
}
class Square extends Rect {
  constructor(side: number) { super(side, side); this.name = 'square'; }
}
const shapes: Shape[] = [new Shape('blob'), new Rect(2, 3), new Square(4)];
for (const s of shapes) console.log(s.describe());
const sq = shapes[2]!;
console.log(sq instanceof Square, sq instanceof Rect, sq instanceof Shape, shapes[1] instanceof Square);
