// A subclass in its own module, extending a class from another module.
import { Device } from './device.ts';
export class Sensor extends Device {
  private values: number[] = [];
  record(v: number): void { this.values.push(v); }
  average(): number { return this.values.reduce((a, b) => a + b, 0) / this.values.length; }
}
