// Stand-ins for what the ESP32 build of Espruino has and the Linux build lacks: `require("Wifi")`, the
// globals `NRF` and `ESP32` (a class of static methods on the chip; `require("ESP32")` fails there, as the
// generated typings say), and `require("net")` that knows about WiFi. Written to the ESP32's
// documented behaviour; the radio itself (the access point, BLE central) lives on the board side
// (control-server.ts) and the stand-ins talk to it over a TCP socket to 127.0.0.1, JSON lines each way.
//
// How they get in: the Linux build's require() looks for a module on the file system, node_modules/<name>.js
// of the working folder, when it is neither built in nor a Storage file (src/jswrap_modules.c); the board
// writes node_modules/espkit-board.js there. Storage file `.boot0` runs at every start, reset() and load()
// (jsfLoadBootCodeFromFlash in src/jsflash.c, before .bootcde), so it loads that module and registers Wifi
// and net with Modules.addCached: require() looks in the module cache before the built-in modules
// (jswrap_require), which is what lets the WiFi-aware `net` shadow the built-in one.
// The pin functions (digitalWrite, digitalRead, pinMode, getPinMode, setWatch, clearWatch and Pin's methods)
// are replaced too: the Linux build drives /sys/class/gpio (its setWatch never fires), the board's pin model
// must see the writes (the LED) and drives the inputs (board.setPin: a level change fires the watches).
// getSerial() and process.env (BOARD, SERIAL, CONSOLE) answer as the ESP32 build does; E.reboot() restarts
// the board as the chip would.
// Visible differences from a chip: require("Storage").list() shows `.boot0`, Modules.getCached() lists the
// four modules, the stand-ins use some JsVars of the program's 5000 (the chip's are in C), the pins are
// D0..D32 (the Linux build's; GPIO33..39 have no D names), an input nobody drives reads 0 whatever its pull,
// and setWatch's debounce times an edge when the board's message about it is read, not when the pin moved.
//
// The code below runs on Espruino: no hoisting of function declarations is relied on, and every function
// is defined before the code that calls it runs.

/** The module name the stand-ins are loaded under (node_modules/<name>.js). */
export const BOARD_MODULE = 'espkit-board';
export const BOOT_FILE = '.boot0';

export const BOOT_CODE = `require("${BOARD_MODULE}");` +
  ['Wifi', 'net'].map((m) => `Modules.addCached("${m}","module.exports=require('${BOARD_MODULE}').${m}");`).join('');

export interface ModuleSettings {
  /** The board's control port on 127.0.0.1. */
  port: number;
  /** The station MAC, "24:0a:c4:..". */
  mac: string;
  /** The Bluetooth address as NRF.getAddress() gives it. */
  bleAddress: string;
}

/** "24:0a:c4:12:34:56" -> "240ac412-3456", getSerial()'s text for that MAC on the ESP32. */
export function serialText(mac: string): string {
  const hex = mac.split(':').join('').toLowerCase();
  return hex.match(/.{1,8}/g)!.join('-');
}

export function boardModuleSource(s: ModuleSettings): string {
  return `var net = require("net");
var ctl, up = false, q = [], inbuf = "", socks = [], pend, last, svc = {};
var host = ${JSON.stringify(`espruino-${s.mac.split(':').slice(3).join('')}`)};
var st = { ok: false, ip: "0.0.0.0", netmask: "0.0.0.0", gw: "0.0.0.0", mac: ${JSON.stringify(s.mac)}, status: "off", ssid: "", scan: [] };
var W = {}, N = {}, B = {};
var later = function(f) { setTimeout(f, 0); };
var send = function(o) { var t = JSON.stringify(o) + "\\n"; if (up) ctl.write(t); else q.push(t); };
// emit() queues the event; the callback goes through a timer so it runs after the events, as on the chip
var handle = function(m) {
  if (m.st) st = m.st;
  if (m.hi) { ext = {}; m.hi.forEach(function(n) { ext[n] = 1; }); }
  if (m.t == "pi") edge(m.p, m.v);
  else if (m.t == "down") { var l = socks; socks = []; l.forEach(function(x) { x.end(); }); }
  else if (m.t == "ev") W.emit(m.n, m.d);
  else if (m.t == "done") { var cb = pend; pend = undefined; if (cb) later(function() { cb(m.e); }); }
  else if (m.t == "nrf") { if (m.e == "connect") NRF.emit("connect", m.a); else NRF.emit("disconnect", m.r); }
  else if (m.t == "w") { var c = svc[m.s] && svc[m.s][m.c]; if (c && c.onWrite) c.onWrite({ data: E.toArrayBuffer(m.d) }); }
};
W.connect = function(ssid, o, cb) {
  if (typeof ssid != "string") throw new Error("No SSID provided");
  pend = cb; last = { ssid: ssid, password: (o && o.password) || "" };
  send({ t: "wc", ssid: ssid, pw: last.password });
};
W.disconnect = function(cb) { send({ t: "wd" }); if (cb) later(cb); };
W.getIP = function(cb) { var r = { ip: st.ip, netmask: st.netmask, gw: st.gw, mac: st.mac }; if (cb) later(function() { cb(null, r); }); return r; };
W.getDetails = function(cb) { var r = st.ok ? { status: "connected", ssid: st.ssid, authMode: "wpa2" } : { status: st.status }; if (cb) later(function() { cb(r); }); return r; };
W.getStatus = function(cb) { var r = { station: st.status, ap: "disabled", mode: st.ok ? "sta" : "off", powersave: "modem" }; if (cb) later(function() { cb(r); }); return r; };
W.scan = function(cb) { setTimeout(function() { cb(st.scan); }, 500); };
W.setHostname = function(n, cb) { host = String(n); send({ t: "wh", name: host }); if (cb) later(cb); };
W.getHostname = function(cb) { if (cb) later(function() { cb(host); }); return host; };
W.startAP = function(a, o, cb) { if (cb) later(function() { cb(null); }); };
W.stopAP = function(cb) { if (cb) later(cb); };
W.save = function(w) {
  var S = require("Storage");
  if (w == "clear") S.erase(".wificfg");
  else if (last) S.write(".wificfg", JSON.stringify({ mode: "sta", ssid: last.ssid, password: last.password }));
};
N.connect = function(o, cb) {
  if (!st.ok) throw new InternalError("Not connected to the internet");
  var x = net.connect(o, cb);
  socks.push(x);
  x.on("close", function() { var i = socks.indexOf(x); if (i >= 0) socks.splice(i, 1); });
  return x;
};
N.createServer = function(cb) { return net.createServer(cb); };
global.NRF = {
  setServices: function(d, o) { svc = d || {}; send({ t: "ss", s: svc, u: !(o && o.uart === false) }); },
  updateServices: function(d) { send({ t: "us", s: d }); },
  setAdvertising: function(d, o) { send({ t: "adv", n: o && o.name }); },
  disconnect: function() { send({ t: "nd" }); },
  sleep: function() { send({ t: "sleep" }); },
  wake: function() { send({ t: "wake" }); },
  getAddress: function() { return ${JSON.stringify(s.bleAddress)}; },
  setTxPower: function() {}, setConnectionInterval: function() {}, setLowPowerConnection: function() {},
  findDevices: function(cb) { setTimeout(function() { cb([]); }, 100); },
  restart: function(cb) { if (cb) later(cb); }
};
// GPIO: the Linux build's pins are files under /sys/class/gpio (nothing on this host), so pin writes and
// modes go to the board's pin model instead (the LED on GPIO2); reads give back what was written
var lv = {}, md = {}, ext = {}, ws = [], wid = 0;
var pn = function(p) { if (Pin(p) === undefined) throw new Error("Invalid pin!"); return Pin(p) | 0; };
global.digitalWrite = function(p, v) {
  if (p instanceof Array) { for (var i = p.length - 1; i >= 0; i--) { digitalWrite(p[i], v & 1); v >>= 1; } return; }
  var n = pn(p);
  lv[n] = v ? 1 : 0;
  if (md[n] != "opendrain") md[n] = "output";
  send({ t: "pw", p: n, v: lv[n] });
};
global.digitalRead = function(p) {
  if (p instanceof Array) { var r = 0; p.forEach(function(x) { r = (r << 1) | digitalRead(x); }); return r; }
  var n = pn(p);
  return md[n] == "output" || md[n] == "opendrain" ? lv[n] | 0 : ext[n] | 0;
};
// setWatch as 2v29's (jswrap_interface_setWatch, the watch and timer parts of jsiIdle). A watch keeps the
// level it last settled at (s). Each edge sets the level seen (v) and its time (t); without debounce it
// counts at once, with debounce (d, ms) it (re)starts one timeout, and a settled level equal to s counts not.
// A change counted moves lastTime (l) whichever the edge; the callback runs on a matching one (e: 1 rising,
// -1 falling, 0 both; an edge option that is a number or boolean counts by its sign). BTN1 is D0 on the ESP32
// build. Short names, no closure per edge and no check that the callback is a function: the code and the
// watches use the program's JsVars.
global.setWatch = function(c, p, o) {
  var n = pn(p), e = !n, d = n ? 0 : 25, r = o, x;
  if (o && typeof o == "object") {
    r = o.repeat; x = o.debounce;
    if (x !== undefined) d = x > 0 ? +x : 0;
    x = o.edge;
    if (x !== undefined) {
      e = x === +x || x === !!x ? ((x |= 0) > 0) - (x < 0) : ["falling", "both", "rising"].indexOf(x) - 1;
      if (e < -1) throw new TypeError("'edge' in setWatch should be 1, -1, 0, 'rising', 'falling' or 'both'");
    }
  }
  if (typeof c == "string") { x = c; c = function() { eval(x); }; }
  ws.push({ i: ++wid, c: c, n: n, e: e, d: d, r: !!r, s: digitalRead(n) });
  return wid;
};
var drop = function(w) { if (w.p) clearTimeout(w.p); ws.splice(ws.indexOf(w), 1); };
global.clearWatch = function(i) {
  var k = ws.filter(function(w) { return i === undefined || w.i == i; });
  if (i !== undefined && !k.length) throw new Error("Unknown Watch " + i);
  k.forEach(drop);
};
var fire = function(w) {
  var v = w.v, l = w.l;
  w.p = 0;
  if (w.d && v == w.s) return;
  w.s = v; w.l = w.t;
  if (w.e * (v ? 1 : -1) < 0) return;
  if (!w.r) drop(w);
  w.c({ state: !!v, lastTime: l, time: w.t, pin: Pin(w.n) });
};
// a level the board drives. Edges are timed when they reach the interpreter (the chip stamps them in its
// interrupt), so levels the board drives in one burst are one bounce however loaded the host is
var edge = function(n, v) {
  ext[n] = v;
  var t = getTime();
  ws.slice().forEach(function(w) {
    if (w.n != n || ws.indexOf(w) < 0 || (w.d && !w.p && v == w.s)) return;
    if (w.p) clearTimeout(w.p);
    w.v = v; w.t = t;
    if (w.d) w.p = setTimeout(fire, w.d, w); else fire(w);
  });
};
global.pinMode = function(p, m) { var n = pn(p); if (m === undefined || m == "auto") return; md[n] = m; send({ t: "pm", p: n, m: m }); };
global.getPinMode = function(p) { return md[pn(p)] || "input"; };
var P = Pin.prototype;
P.write = function(v) { digitalWrite(this, v); };
P.set = function() { digitalWrite(this, 1); };
P.reset = function() { digitalWrite(this, 0); };
P.read = function() { return digitalRead(this) == 1; };
P.toggle = function() { var v = !digitalRead(this); digitalWrite(this, v); return v; };
P.mode = function(m) { pinMode(this, m); };
P.getMode = function() { return getPinMode(this); };
// getSerial() on the ESP32 is the station MAC (jshGetSerialNumber in targets/esp32/jshardware.c), printed by
// jswrap_interface_getSerial with a dash after every 4 bytes; the Linux build answers a fixed
// "00000000-addeadde-addeadde". process.env says SERIAL, BOARD and CONSOLE as the ESP32 build does.
var serial = ${JSON.stringify(serialText(s.mac))};
global.getSerial = function() { return serial; };
var env = process.env;
env.BOARD = "ESP32"; env.SERIAL = serial; env.CONSOLE = "Serial1";
process.env = env;
B.reboot = function() { send({ t: "reboot" }); };
// E.reboot() on the ESP32 restarts the chip (esp_restart); the Linux build prints "Not implemented" and
// exits, which would leave the board with no program, so it restarts the board (Storage kept) instead
E.reboot = B.reboot;
B.getState = function() { return { sdkVersion: "v4.4.8", freeHeap: 120000, BLE: true, Wifi: true, minFreeHeap: 100000 }; };
B.setBLE_Debug = function() {}; B.setAtten = function() {}; B.enableBLE = function() {}; B.enableWifi = function() {};
B.deepSleep = function(us) { send({ t: "deepsleep", us: us }); };
exports.Wifi = W; exports.net = N; global.ESP32 = B;
ctl = net.connect({ host: "127.0.0.1", port: ${s.port} }, function() { up = true; while (q.length) ctl.write(q.shift()); });
ctl.on("data", function(d) {
  inbuf += d;
  var i = inbuf.indexOf("\\n");
  while (i >= 0) { var l = inbuf.substr(0, i); inbuf = inbuf.substr(i + 1); handle(JSON.parse(l)); i = inbuf.indexOf("\\n"); }
});
var cfg = require("Storage").readJSON(".wificfg", 1);
send({ t: "hello", restore: cfg && cfg.ssid ? { ssid: cfg.ssid, pw: cfg.password || "" } : null });
`;
}
