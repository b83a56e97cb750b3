// require() of a name that is not built into the ESP32 firmware: a module from Espruino's module library
// (or a Storage file) that `espkit build` resolves. Its type is not known here, so it is `any`.
// This is the one place that fallback lives; the built-in modules are typed in espruino.d.ts.
declare function require(name: string): any;
