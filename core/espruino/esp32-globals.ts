// Generated from Espruino RELEASE_2V29 (board ESP32) by scripts/typings/generate.ts; do not edit.
// The globals the board has beyond the ECMAScript ones, as firmware/types/espruino.d.ts declares them.
export const ESP32_GLOBALS: readonly string[] = [
  'AES', 'BTN', 'BTN1', 'Bluetooth', 'BluetoothDevice', 'BluetoothRemoteGATTCharacteristic', 'BluetoothRemoteGATTServer', 'BluetoothRemoteGATTService',
  'D0', 'D1', 'D10', 'D11', 'D12', 'D13', 'D14', 'D15',
  'D16', 'D17', 'D18', 'D19', 'D2', 'D20', 'D21', 'D22',
  'D23', 'D24', 'D25', 'D26', 'D27', 'D28', 'D29', 'D3',
  'D30', 'D31', 'D32', 'D33', 'D34', 'D35', 'D36', 'D37',
  'D38', 'D39', 'D4', 'D5', 'D6', 'D7', 'D8', 'D9',
  'E', 'ESP32', 'File', 'Graphics', 'HIGH', 'I2C', 'I2C1', 'I2C2',
  'InternalError', 'LED', 'LED1', 'LOW', 'LoopbackA', 'LoopbackB', 'Modules', 'NRF',
  'OneWire', 'Pin', 'SPI', 'SPI1', 'SPI2', 'Serial', 'Serial1', 'Serial2',
  'Serial3', 'Server', 'Socket', 'StorageFile', 'Telnet', 'Uint24Array', 'Waveform', 'analogRead',
  'analogWrite', 'atob', 'btoa', 'changeInterval', 'clearInterval', 'clearTimeout', 'clearWatch', 'console',
  'dgramSocket', 'digitalPulse', 'digitalRead', 'digitalWrite', 'dump', 'echo', 'edit', 'getPinMode',
  'getSerial', 'getTime', 'global', 'httpCRq', 'httpCRs', 'httpSRq', 'httpSRs', 'httpSrv',
  'load', 'peek16', 'peek32', 'peek8', 'pinMode', 'poke16', 'poke32', 'poke8',
  'print', 'process', 'require', 'reset', 'save', 'setBusyIndicator', 'setInterval', 'setSleepIndicator',
  'setTime', 'setTimeout', 'setWatch', 'shiftOut', 'trace', 'url',
];

// The built-in modules, the names espruino.d.ts declares a `require(name: "...")` overload for; require() of
// any other name is a module from Espruino's module library.
export const ESP32_MODULES: readonly string[] = [
  'Flash', 'NetworkJS', 'Storage', 'TelnetServer', 'Wifi', 'crypto', 'dgram', 'fs',
  'heatshrink', 'http', 'neopixel', 'net', 'timer', 'tls',
];
