// Re-exports: one module that gathers the others.
export { KILO, kb } from './units.ts';
export * from './device.ts';
export { Sensor as TempSensor } from './sensor.ts';
