// Broker URLs as a user or BLE provisioning may store them, with what the firmware must make of each: an
// address, or a refusal (the reason is a console line). Read by the V8 and the real-interpreter tests alike.
import type { BrokerAddress } from '../../../firmware/src/settings.ts';

export const BROKER_URLS: Array<[url: string, expected: BrokerAddress | RegExp]> = [
  ['mqtt://10.0.0.2:1884', { host: '10.0.0.2', port: 1884 }],
  ['mqtt://broker.local', { host: 'broker.local', port: 1883 }],
  ['mqtt://broker.local/', { host: 'broker.local', port: 1883 }],
  ['mqtt://10.0.0.2:1884/', { host: '10.0.0.2', port: 1884 }],
  ['mqtt://esp32-aa0001:s3cret@192.168.1.10:1883', { host: '192.168.1.10', port: 1883, user: 'esp32-aa0001', password: 's3cret' }],
  ['mqtt://dev:p%40ss%3A1@h', { host: 'h', port: 1883, user: 'dev', password: 'p@ss:1' }],
  ['mqtt://dev@h:65535', { host: 'h', port: 65535, user: 'dev' }],
  ['mqtt://dev:p@ss@h', { host: 'h', port: 1883, user: 'dev', password: 'p@ss' }],
  ['mqtts://h:8883', /TLS/],
  ['http://h', /not mqtt/],
  ['h:1883', /not mqtt/],
  ['', /not mqtt/],
  ['mqtt://', /bad host/],
  ['mqtt://:1883', /bad host/],
  ['mqtt://h/path', /bad host/],
  ['mqtt://h h', /bad host/],
  ['mqtt://[::1]:1883', /bad host/],
  ['mqtt://h:', /bad port/],
  ['mqtt://h:0', /bad port/],
  ['mqtt://h:70000', /bad port/],
  ['mqtt://h:18x3', /bad port/],
  ['mqtt://h:-1', /bad port/],
  ['mqtt://h:1883:1', /bad port/],
  ['mqtt://h:01883', /bad port/],
  ['\x00\xff garbage \x1b[J', /not mqtt/],
];
