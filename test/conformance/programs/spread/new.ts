// Spread into a constructor of the program's own class.
class Vec {
  constructor(public x: number, public y: number, public z: number) {}
  sum(): number { return this.x + this.y + this.z; }
}
const coords: [number, number, number] = [1, 2, 3];
console.log(new Vec(...coords).sum());
const two: [number, number] = [5, 6];
console.log(new Vec(0, ...two).sum());
