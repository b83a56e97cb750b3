// Instance fields with initialisers, constructor parameter properties, and fields that use earlier ones.
class Sensor {
  readings: number[] = [];
  count = 0;
  label: string;
  constructor(public readonly pin: number, name: string) {
    this.label = `${name}@${pin}`;
  }
  add(v: number): void { this.readings.push(v); this.count++; }
}
const s = new Sensor(4, 'temp');
s.add(21);
s.add(22);
console.log(s.label, s.pin, s.count, JSON.stringify(s.readings));
const t = new Sensor(5, 'hum');
console.log(t.count, t.readings.length, s.readings === t.readings);
