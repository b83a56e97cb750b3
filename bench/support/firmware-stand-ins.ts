// Stand-ins for the ESP32-only modules the Linux build of Espruino lacks, run before the firmware. They are
// as small as they can be, because their JsVars count in the firmware's memory figure (about 120 of them):
//   Wifi  connect(ssid, options, cb) calls back with no error shortly after (an access point in reach);
//         getIP() answers at once with the loopback address and a fixed ESP32 MAC; events are accepted and
//         never fire (no drops here: the virtual board's own tests cover those).
//   NRF   the BLE calls the firmware makes succeed and do nothing (no central ever connects).
// Sockets are the interpreter's own real TCP, so the firmware reaches a real broker on 127.0.0.1.

/** The MAC the Wifi stand-in reports; the firmware's default device id comes from its last three bytes. */
export const STAND_IN_MAC = '24:0a:c4:00:00:01';

const WIFI = [
  'exports.on=function(){};',
  'exports.connect=function(s,o,cb){if(cb)setTimeout(function(){cb(null);},20);};',
  `exports.getIP=function(cb){var r={ip:"127.0.0.1",netmask:"255.0.0.0",gw:"127.0.0.1",mac:"${STAND_IN_MAC}"};if(cb)cb(null,r);return r;};`,
  'exports.disconnect=function(){};',
].join('');

const NRF = 'global.NRF={setServices:function(){},updateServices:function(){},setAdvertising:function(){},on:function(){}};';

/** Program text that installs both stand-ins. */
export const STAND_INS = `Modules.addCached("Wifi",${JSON.stringify(WIFI)});\n${NRF}\n`;
