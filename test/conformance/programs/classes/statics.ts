// Static fields and methods, and a static counter updated from the constructor.
class Registry {
  static created = 0;
  static readonly PREFIX = 'dev-';
  static names: string[] = [];
  readonly id: string;
  constructor() {
    Registry.created++;
    this.id = Registry.PREFIX + Registry.created;
    Registry.names.push(this.id);
  }
  static reset(): void { Registry.created = 0; Registry.names = []; }
  static describe(): string { return `${Registry.created} created: ${Registry.names.join(',')}`; }
}
new Registry();
new Registry();
console.log(Registry.describe());
Registry.reset();
console.log(new Registry().id, Registry.describe());
