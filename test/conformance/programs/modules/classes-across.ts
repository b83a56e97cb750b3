// A class and enum imported from one module, and a subclass from another.
import { Device, State } from './lib/device.ts';
import { Sensor } from './lib/sensor.ts';
const d = new Device('esp32-1').connect();
console.log(d.id, d.state === State.Connecting, State[d.online().state]);
const s = new Sensor('t1');
s.record(20);
s.record(24);
console.log(s.average(), s instanceof Device, JSON.stringify(s.connect().info()));
