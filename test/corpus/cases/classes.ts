// Classes with inheritance: lowered (Espruino loses inherited statics, and super.m() three levels deep recurses).
class Animal {
  static count = 0;
  static kind(): string { return 'animal'; }
  name: string;
  constructor(name: string) { this.name = name; Animal.count++; }
  speak(): string { return `${this.name} makes a sound`; }
  get label(): string { return `[${this.name}]`; }
  set label(v: string) { this.name = v.slice(1, -1); }
}
class Dog extends Animal {
  tricks: string[] = [];
  constructor(name: string, private readonly breed: string) { super(name); }
  speak(): string { return `${super.speak()}: woof (${this.breed})`; }
  static kind(): string { return `dog, a kind of ${super.kind()}`; }
}
class Puppy extends Dog {
  speak(): string { return `${super.speak()}, squeak`; }
}
const p = new Puppy('Rex', 'terrier');
console.log(p.speak());
console.log(Puppy.kind());
console.log(p.label);
p.label = '[Max]';
console.log(p.name, p instanceof Puppy, p instanceof Dog, p instanceof Animal);
console.log(Animal.count, typeof Puppy.kind);
p.tricks.push('sit');
console.log(JSON.stringify(p));
const Named = class { hello() { return 'hi from a class expression'; } };
console.log(new Named().hello());
const key = 'dyn';
class Computed { [key](): string { return 'computed method'; } }
console.log(new Computed().dyn());
class Counter {
  private n = 0;
  inc = (): number => ++this.n;
}
const c = new Counter();
const inc = c.inc;
inc();
console.log(inc());
