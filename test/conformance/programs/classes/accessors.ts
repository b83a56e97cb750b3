// Getters and setters on a class, including a setter that validates and a getter-only property.
class Temperature {
  private celsius = 0;
  get fahrenheit(): number { return this.celsius * 9 / 5 + 32; }
  set fahrenheit(f: number) { this.celsius = (f - 32) * 5 / 9; }
  get kelvin(): number { return this.celsius + 273; }
  get value(): number { return this.celsius; }
  set value(c: number) {
    if (c < -273) throw new Error('below absolute zero');
    this.celsius = c;
  }
}
const t = new Temperature();
t.value = 100;
console.log(t.fahrenheit, t.kelvin);
t.fahrenheit = 32;
console.log(t.value);
try { t.value = -300; } catch (e) { console.log('error:', (e as Error).message); }
console.log(t.value);
