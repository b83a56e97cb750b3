// What the examples reach that the Linux build of Espruino lacks, stood in for so the built examples run on the
// real interpreter: pins whose level a scenario sets (setWatch fires on the change, as the chip's watch does),
// analogWrite, the I2C bus (I2C1 is a built-in instance: its prototype's methods are replaced, an assignment to
// I2C1 is ignored), ESP32.deepSleep, require("Wifi") joining at once, and the settings espkit deploy stores.
// Every call a test checks is printed as a "stand-in ..." line. The code runs on Espruino before the example.

export interface StandInOptions {
  /** The settings file espkit deploy writes (espkit.json), or none. */
  settings?: Record<string, string | number>;
  /**
   * Espruino code run once when the example prints a line matching `startOn` (with the stand-ins' helper
   * `level(pin, 0 | 1)`): the test's scenario.
   */
  scenario?: { startOn: RegExp; code: string };
  /** Levels of input pins at start (0 or 1), and what analogRead gives for analog ones (0 to 1). */
  pins?: Record<number, number>;
}

export const MAC = '24:0a:c4:00:00:01';

export function standIns(o: StandInOptions = {}): string {
  const settings = o.settings ? `require("Storage").writeJSON("espkit.json", ${JSON.stringify(o.settings)});\n` : 'require("Storage").erase("espkit.json");\n';
  const scenario = o.scenario
    ? `var say = print, started = false;
global.print = function(t) {
  say(t);
  if (!started && ${o.scenario.startOn.toString()}.test(String(t))) { started = true; setTimeout(function() { ${o.scenario.code} }, 0); }
};\n`
    : '';
  return `${settings}var lv = ${JSON.stringify(o.pins ?? {})}, md = {}, watches = [], watchId = 0;
global.pinMode = function(p, m) { md[p | 0] = m; };
global.getPinMode = function(p) { return md[p | 0] || "input"; };
global.digitalRead = function(p) { var n = p | 0; return lv[n] !== undefined ? lv[n] : md[n] == "input_pullup" ? 1 : 0; };
global.digitalWrite = function(p, v) { lv[p | 0] = v ? 1 : 0; print("stand-in pin " + (p | 0) + " " + lv[p | 0]); };
global.analogRead = function(p) { return lv[p | 0] || 0; };
global.analogWrite = function(p, v, opt) { print("stand-in pwm " + (p | 0) + " " + v + " " + (opt && opt.freq !== undefined ? opt.freq : "-")); };
global.setWatch = function(cb, p, opt) { watchId++; watches.push({ id: watchId, cb: cb, n: p | 0, o: opt || {} }); return watchId; };
global.clearWatch = function(id) { watches = watches.filter(function(w) { return id !== undefined && w.id !== id; }); };
// a level change reaches each watch on that pin as an event after the current code, as on the chip
global.level = function(n, v) {
  var was = digitalRead(n);
  lv[n] = v;
  if (was === v) return;
  var t = getTime();
  watches.forEach(function(w) {
    var edge = w.o.edge || "both";
    if (w.n !== n || (edge == "rising" && !v) || (edge == "falling" && v)) return;
    if (!w.o.repeat) clearWatch(w.id);
    setTimeout(function() { w.cb({ state: !!v, time: t, lastTime: w.last }); w.last = t; }, 0);
  });
};
I2C.prototype.setup = function(opt) { print("stand-in i2c setup " + (opt && opt.scl | 0) + " " + (opt && opt.sda | 0)); };
I2C.prototype.writeTo = function(a) {
  var bytes = E.toUint8Array.apply(undefined, [].slice.call(arguments, 1));
  print("stand-in i2c " + a + " " + E.toString(bytes).split("").map(function(c) { return (256 + c.charCodeAt(0)).toString(16).substr(1); }).join(""));
};
global.ESP32 = { deepSleep: function(us) { print("stand-in deepSleep " + us); quit(); } };
Modules.addCached("Wifi", "exports.on = function() {}; exports.disconnect = function() {};" +
  "exports.connect = function(s, o, cb) { setTimeout(function() { cb(null); }, 10); };" +
  "exports.getIP = function() { return { ip: '127.0.0.1', netmask: '255.0.0.0', gw: '127.0.0.1', mac: '${MAC}' }; };");
${scenario}`;
}

/** The bytes of each "stand-in i2c <address> <hex>" line, in order. */
export function i2cWrites(output: string): Array<{ address: number; bytes: Buffer }> {
  return [...output.matchAll(/^stand-in i2c (\d+) ([0-9a-f]*)$/gm)].map((m) => ({ address: Number(m[1]), bytes: Buffer.from(m[2]!, 'hex') }));
}
