// Generated from Espruino RELEASE_2V29 (board ESP32) by scripts/typings/generate.ts; do not edit.
// Hand-written additions live in the other files of this folder (docs/typings.md).
interface ArrayBufferView<TArrayBuffer> {
  set(arr: ArrayLike<number>, offset: number): void;
  map(fn: (...args: any[]) => any, thisArg?: any): ArrayBufferView;
  subarray(begin: number, end: any): ArrayBufferView;
  indexOf(value: number, startIndex?: number): number;
  includes(value: number, startIndex?: number): boolean;
  join(separator?: string): string;
  sort(compareFn?: (a: number, b: number) => number): this;
  forEach(fn: (...args: any[]) => any, thisArg?: any): void;
  reduce(callback: (...args: any[]) => any, initialValue: any): any;
  fill(value: any, start?: number, end?: any): ArrayBufferView;
  filter(fn: (...args: any[]) => any, thisArg?: any): any;
  find(fn: (...args: any[]) => any): any;
  findIndex(fn: (...args: any[]) => any): any;
  reverse(): ArrayBufferView;
  slice(start?: number, end?: number): number[];
  some(fn: (...args: any[]) => any, thisArg?: any): any;
  every(fn: (...args: any[]) => any, thisArg?: any): any;
}
interface Uint24Array extends Uint32Array {
}
interface Uint24ArrayConstructor {
  new(length: number): Uint24Array;
  new(array: ArrayLike<number>): Uint24Array;
  new(buffer: ArrayBuffer, byteOffset?: number, length?: number): Uint24Array;
}
declare const Uint24Array: Uint24ArrayConstructor;
interface Date {
  getIsDST(): boolean;
  toLocalISOString(): string;
}
interface Error {
  toString(): string;
}
interface SyntaxError {
  toString(): string;
}
interface TypeError {
  toString(): string;
}
interface InternalError {
  toString(): string;
}
interface InternalErrorConstructor {
  new(message?: string): InternalError;
}
declare const InternalError: InternalErrorConstructor;
interface ReferenceError {
  toString(): string;
}
interface Function {
  replaceWith(newFunc: any): void;
}
interface ConsoleStatic {
  log(...text: any[]): void;
  debug(...text: any[]): void;
  info(...text: any[]): void;
  warn(...text: any[]): void;
  error(...text: any[]): void;
  trace(...text: any[]): void;
}
declare const console: ConsoleStatic;
interface Object {
  clone(): any;
  on(event: any, listener: (...args: any[]) => any): void;
  addListener(event: any, listener: (...args: any[]) => any): void;
  prependListener(event: any, listener: (...args: any[]) => any): void;
  emit(event: any, ...args: any[]): void;
  removeListener(event: any, listener: (...args: any[]) => any): void;
  removeAllListeners(event?: any): void;
}
interface TimerModule {
  list(): any[];
  get(timerID: number): any;
  add(timer: any): number;
  remove(timerID: number): boolean;
}
interface String {
  removeAccents(): any;
}
interface ModulesStatic {
  getCached(): any;
  removeCached(id: any): void;
  removeAllCached(): void;
  addCached(id: any, sourcecode: any): void;
}
declare const Modules: ModulesStatic;
interface Math {
  randInt(range: number): number;
  clip(x: number, min: number, max: number): number;
  wrap(x: number, max: number): number;
}
interface EStatic {
  internal: any;
  getTemperature(internal?: boolean): number;
  getAnalogVRef(): number;
  nativeCall(addr: number, sig: string, data?: string): any;
  clip(x: number, min: number, max: number): number;
  sum(arr: string | number[] | ArrayBuffer): number;
  variance(arr: string | number[] | ArrayBuffer, mean: number): number;
  convolve(arr1: string | number[] | ArrayBuffer, arr2: string | number[] | ArrayBuffer, offset: number): number;
  FFT(arrReal: string | number[] | ArrayBuffer, arrImage?: string | number[] | ArrayBuffer, inverse?: boolean): any;
  enableWatchdog(timeout: number, isAuto?: boolean | number): void;
  kickWatchdog(): void;
  getErrorFlags(): ErrorFlag[];
  getFlags(): any;
  setFlags(flags: any): void;
  pipe(source: any, destination: any, options?: PipeOptions): void;
  toArrayBuffer(str: string): ArrayBuffer;
  toString(...args: any[]): string;
  toFlatString(...args: any[]): string | undefined;
  asUTF8(str: any): string;
  fromUTF8(str: any): string;
  isUTF8(str: any): boolean;
  toUint8Array(...args: Uint8ArrayResolvable[]): Uint8Array;
  toJS(arg: any): string;
  memoryArea(addr: number, len: number): string;
  setBootCode(code: string, alwaysExec?: boolean): void;
  setClock(options: number | { M: number, N: number, P: number, Q: number, latency?: number, PCLK?: number, PCLK2?: number }): number;
  getClock(): any;
  setConsole(device: "Serial1" | "USB" | "Bluetooth" | "Telnet" | "Terminal" | Serial | null, options?: { force?: boolean }): void;
  getConsole(): string | null;
  reverseByte(x: number): number;
  dumpFragmentation(): void;
  dumpVariables(): void;
  defrag(): void;
  getSizeOf(v: any, depth: number): any;
  getAddressOf(v: any, flatAddress?: boolean): number;
  mapInPlace(from: ArrayBuffer, to: ArrayBuffer, map?: number[] | ((value: number, index: number) => number) | undefined, bits?: number): void;
  lookupNoCase(haystack: any[] | object | Function, needle: string, returnKey?: false): any;
  lookupNoCase<T>(haystack: any[] | object | Function, needle: T, returnKey: true): T | undefined;
  dumpStr(): string;
  srand(v: number): void;
  hwRand(): number;
  CRC32(data: any): any;
  HSBtoRGB(hue: number, sat: number, bri: number, format?: false): number;
  HSBtoRGB(hue: number, sat: number, bri: number, format: 16): number;
  HSBtoRGB(hue: number, sat: number, bri: number, format: 24): number;
  HSBtoRGB(hue: number, sat: number, bri: number, format: true): [number, number, number];
  setPassword(password: string): void;
  lockConsole(): void;
  setTimeZone(zone: number): void;
  setDST(dstOffset: number, timezone: number, startDowNumber: number, startDow: number, startMonth: number, startDayOffset: number, startTimeOfDay: number, endDowNumber: number, endDow: number, endMonth: number, endDayOffset: number, endTimeOfDay: number): void;
  memoryMap<T extends string>(baseAddress: number, registers: { [key in T]: number }): { [key in T]: number };
  asm(callspec: string, ...assemblycode: string[]): any;
  compiledC(code: string): any;
  reboot(): void;
  getPowerUsage(): any;
  decodeUTF8(str: string, lookup: string[], replaceFn: string | ((charCode: number) => string)): string;
  stopEventPropagation(): void;
  connectSDCard(spi: any, csPin: Pin | number): void;
  unmountSD(): void;
  openFile(path: any, mode: any): File;
  on(event: "init", callback: () => void): void;
  on(event: "kill", callback: () => void): void;
  on(event: "errorFlag", callback: (errorFlags: ErrorFlag[]) => void): void;
  on(event: "touch", callback: (x: number, y: number, b: number) => void): void;
  on(event: "packet", callback: (event: any) => void): void;
  on(event: "packetUpload", callback: (event: any) => void): void;
}
declare const E: EStatic;
interface FlashModule {
  getPage(addr: number): any;
  getFree(): any;
  erasePage(addr: any): void;
  write(data: any, addr: number): void;
  read(length: number, addr: number): any;
}
interface Pin {
  read(): boolean;
  set(): void;
  reset(): void;
  write(value?: boolean): void;
  getMode(): any;
  mode(mode: any): void;
  toggle(): boolean;
  pulse(value?: boolean, time?: any): void;
  analog(): number;
  pwm(value: number, options: any): void;
  getInfo(): any;
}
interface PinConstructor {
  new (value: any): Pin;
}
declare const Pin: PinConstructor;
interface FsModule {
  pipe(destination: any, options?: PipeOptions): void;
  readdir(path: any): any;
  readdirSync(path: any): any;
  writeFile(path: any, data: any): boolean;
  writeFileSync(path: any, data: any): boolean;
  appendFile(path: any, data: any): boolean;
  appendFileSync(path: any, data: any): boolean;
  readFile(path: any): any;
  readFileSync(path: any): any;
  unlink(path: any): boolean;
  unlinkSync(path: any): boolean;
  statSync(path: any): any;
  mkdir(path: any): boolean;
  mkdirSync(path: any): boolean;
}
interface ProcessStatic {
  version: any;
  env: any;
  on(event: "uncaughtException", callback: (exception: any) => void): void;
}
declare const process: ProcessStatic;
interface OneWire {
  reset(): boolean;
  select(rom: any): void;
  skip(): void;
  write(data: any, power?: boolean): void;
  read(count?: any): any;
  search(command?: number): any;
}
interface OneWireConstructor {
  new (pin: Pin | number): OneWire;
}
declare const OneWire: OneWireConstructor;
interface Serial {
  setConsole(force?: boolean): void;
  setup(baudrate: any, options?: any): void;
  unsetup(): void;
  print(string: any): void;
  println(string: any): void;
  write(...data: any[]): void;
  inject(...data: any[]): void;
  available(): number;
  read(chars: number): any;
  pipe(destination: any, options?: PipeOptions): void;
  flush(): void;
  isConnected(): boolean;
  on(event: "data", callback: (data: any) => void): void;
  on(event: "framing", callback: () => void): void;
  on(event: "parity", callback: () => void): void;
}
interface SerialConstructor {
  find(pin: Pin | number): any;
  new (): Serial;
}
declare const Serial: SerialConstructor;
interface StorageModule {
  eraseAll(): void;
  erase(name: string): void;
  read(name: string, offset?: number, length?: number): string | undefined;
  readJSON(name: string, noExceptions?: false | 0): unknown;
  readJSON(name: string, noExceptions?: ShortBoolean): unknown | undefined;
  readArrayBuffer(name: string): ArrayBuffer | undefined;
  write(name: string | ArrayBuffer | ArrayBufferView | number[] | object, data: any, offset?: number, size?: number): boolean;
  writeJSON(name: string, data: any): boolean;
  list(regex?: RegExp, filter?: { sf: boolean }): string[];
  hash(regex: RegExp): number;
  compact(showMessage?: boolean): void;
  getFree(checkInternalFlash?: boolean): number;
  getStats(checkInternalFlash: any): any;
  optimise(): void;
  open(name: string, mode: "r" | "w" | "a"): StorageFile;
}
interface StorageFile {
  read(len: number): string;
  readLine(): string;
  getLength(): number;
  write(data: string): void;
  erase(): void;
  pipe(destination: any, options?: PipeOptions): void;
}
declare const StorageFile: Function & { readonly prototype: StorageFile };
interface SPI {
  setup(options: any): void;
  send(data: any, nss_pin?: Pin | number): any;
  write(...data: any[]): void;
  send4bit(data: any, bit0: number, bit1: number, nss_pin?: Pin | number): void;
  send8bit(data: any, bit0: number, bit1: number, nss_pin?: Pin | number): void;
}
interface SPIConstructor {
  find(pin: Pin | number): any;
  new (): SPI;
}
declare const SPI: SPIConstructor;
interface I2C {
  setup(options?: any): void;
  writeTo(address: any, ...data: any[]): void;
  readFrom(address: any, quantity: number): Uint8Array;
  readReg(address: number, reg: number, quantity: number): Uint8Array;
}
interface I2CConstructor {
  find(pin: Pin | number): any;
  new (): I2C;
}
declare const I2C: I2CConstructor;
interface Waveform {
  startOutput(output: Pin | number, freq: number, options?: any): void;
  startInput(output: Pin | number, freq: number, options?: any): void;
  stop(): void;
}
interface WaveformConstructor {
  new (samples: any, options?: any): Waveform;
}
declare const Waveform: WaveformConstructor;
interface HeatshrinkModule {
  compress(data: any): ArrayBuffer;
  decompress(data: any): ArrayBuffer;
}
interface File {
  close(): void;
  write(buffer: any): number;
  read(length: number): any;
  skip(nBytes: number): void;
  seek(nBytes: number): void;
  pipe(destination: any, options?: PipeOptions): void;
}
declare const File: Function & { readonly prototype: File };
interface Graphics<IsBuffer extends boolean = boolean> {
  flip(all?: boolean): void;
  buffer: IsBuffer extends true ? ArrayBuffer : undefined;
  getWidth(): number;
  getHeight(): number;
  getBPP(): number;
  reset(): Graphics;
  clear(reset?: boolean): Graphics;
  fillRect(x1: number, y1: number, x2: number, y2: number): Graphics;
  fillRect(rect: { x: number, y: number, x2: number, y2: number } | { x: number, y: number, w: number, h: number }): Graphics;
  clearRect(x1: number, y1: number, x2: number, y2: number): Graphics;
  clearRect(rect: { x: number, y: number, x2: number, y2: number } | { x: number, y: number, w: number, h: number }): Graphics;
  drawRect(x1: number, y1: number, x2: number, y2: number): Graphics;
  drawRect(rect: { x: number, y: number, x2: number, y2: number } | { x: number, y: number, w: number, h: number }): Graphics;
  fillCircle(x: number, y: number, rad: number): Graphics;
  drawCircle(x: number, y: number, rad: number): Graphics;
  fillEllipse(x1: number, y1: number, x2: number, y2: number): Graphics;
  drawEllipse(x1: number, y1: number, x2: number, y2: number): Graphics;
  getPixel(x: number, y: number): number;
  setPixel(x: number, y: number, col: any): Graphics;
  toColor(r: any, g: any, b: any): number;
  setColor(r: any, g?: any, b?: any): Graphics;
  setBgColor(r: any, g: any, b: any): Graphics;
  getColor(): number;
  getBgColor(): number;
  setClipRect(x1: number, y1: number, x2: number, y2: number): Graphics;
  setFontBitmap(): Graphics;
  setFontVector(size: number): Graphics;
  setFontCustom(bitmap: ArrayBuffer, firstChar: number, width: number | string, height: number): Graphics;
  setFontPBF(file: any, scale: number): Graphics;
  setFontAlign(x: -1 | 0 | 1, y?: -1 | 0 | 1, rotation?: 0 | 1 | 2 | 3): Graphics;
  setFont(name: any, size: number): Graphics;
  getFont(): string;
  getFonts(): any[];
  getFontHeight(): number;
  stringWidth(str: string): number;
  stringMetrics(str: string): { width: number, height: number, unrenderableChars: boolean, imageCount : number, maxImageHeight : number };
  wrapString(str: string, maxWidth: number): string[];
  drawString(str: string, x: number, y: number, solid?: boolean): Graphics;
  getVectorFontPolys(str: any, options?: any): any[];
  drawLine(x1: number, y1: number, x2: number, y2: number): Graphics;
  lineTo(x: number, y: number): Graphics;
  moveTo(x: number, y: number): Graphics;
  drawPoly(poly: number[], closed?: boolean): Graphics;
  fillPoly(poly: number[]): Graphics;
  setRotation(rotation: 0 | 1 | 2 | 3, reflect?: boolean): Graphics;
  imageMetrics(str: any): any;
  drawImage(image: any, x: number, y: number, options: any): Graphics;
  asImage(options: any): any;
  getModified(reset?: boolean): { x1: number, y1: number, x2: number, y2: number };
  scroll(x: number, y: number): Graphics;
  blit(options: { x1: number, y1: number, x2: number, y2: number, w: number, h: number, setModified?: boolean }): Graphics;
  asBMP(): string;
  asURL(): string;
  dump(): void;
  quadraticBezier(arr: [number, number, number, number, number, number], options?: number): number[];
  transformVertices(arr: number[], transformation: { x?: number, y?: number, scale?: number, rotate?: number } | [number, number, number, number, number, number]): number[];
  floodFill(x: number, y: number, col: any): Graphics;
  theme: any;
  setTheme(theme: any): Graphics;
}
interface GraphicsStatic {
  getInstance(): Graphics | undefined;
  createArrayBuffer(width: number, height: number, bpp: number, options?: { zigzag?: boolean, vertical_byte?: boolean, msb?: boolean, color_order?: "rgb" | "rbg" | "brg" | "bgr" | "grb" | "gbr" }): Graphics<true>;
  createCallback(width: number, height: number, bpp: number, callback: ((x: number, y: number, col: number) => void) | { setPixel: (x: number, y: number, col: number) => void; fillRect: (x1: number, y1: number, x2: number, y2: number, col: number) => void }): Graphics<false>;
  createImage(str: any): any;
}
declare const Graphics: GraphicsStatic;
interface UrlStatic {
  parse(urlStr: any, parseQuery?: boolean): any;
}
declare const url: UrlStatic;
interface NetModule {
  createServer(callback: (...args: any[]) => any): Server;
}
interface Server {
  listen(port: number): any;
  close(): void;
}
declare const Server: Function & { readonly prototype: Server };
interface Socket {
  available(): number;
  read(chars: number): any;
  pipe(destination: any, options?: PipeOptions): void;
}
declare const Socket: Function & { readonly prototype: Socket };
interface DgramModule {
  createSocket(type: any, callback: (...args: any[]) => any): dgramSocket;
}
interface dgramSocket {
  send(buffer: any, offset?: any, length?: any, ...args: any[]): void;
  bind(port: number, callback: (...args: any[]) => any): any;
  close(): void;
  addMembership(group: any, ip: any): void;
  on(event: "message", callback: (msg: any, rinfo: any) => void): void;
  on(event: "close", callback: (had_error: any) => void): void;
}
declare const dgramSocket: Function & { readonly prototype: dgramSocket };
interface TlsModule {
  connect(options: any, callback: (...args: any[]) => any): Socket;
}
interface HttpModule {
  createServer(callback: (...args: any[]) => any): httpSrv;
}
interface httpSrv {
  listen(port: number): any;
  close(): void;
}
declare const httpSrv: Function & { readonly prototype: httpSrv };
interface httpSRq {
  available(): number;
  read(chars: number): any;
  pipe(dest: any, options?: PipeOptions): void;
  on(event: "data", callback: (data: any) => void): void;
  on(event: "close", callback: () => void): void;
}
declare const httpSRq: Function & { readonly prototype: httpSRq };
interface httpSRs {
  write(data: any): boolean;
  end(data: any): void;
  writeHead(statusCode: number, headers: any): void;
  setHeader(name: any, value: any): void;
  on(event: "drain", callback: () => void): void;
  on(event: "close", callback: () => void): void;
}
declare const httpSRs: Function & { readonly prototype: httpSRs };
interface httpCRq {
  write(data: any): boolean;
  end(data: any): void;
  on(event: "drain", callback: () => void): void;
  on(event: "error", callback: () => void): void;
}
declare const httpCRq: Function & { readonly prototype: httpCRq };
interface httpCRs {
  available(): number;
  read(chars: number): any;
  pipe(destination: any, options?: PipeOptions): void;
  on(event: "data", callback: (data: any) => void): void;
  on(event: "close", callback: () => void): void;
  on(event: "error", callback: () => void): void;
}
declare const httpCRs: Function & { readonly prototype: httpCRs };
interface NetworkJSModule {
  create(obj: any): any;
}
interface WifiModule {
  disconnect(callback?: (...args: any[]) => any): void;
  stopAP(callback?: (...args: any[]) => any): void;
  startAP(ssid: string, options?: { password?: string, authMode?: "open" | "wpa2" | "wpa" | "wpa_wpa2", channel?: number, hidden?: boolean }, callback?: (err: string | null) => void): void;
  getStatus(callback?: (...args: any[]) => any): any;
  setConfig(settings: any): void;
  getDetails(callback?: (...args: any[]) => any): any;
  getAPDetails(callback?: (...args: any[]) => any): any;
  save(what: any): void;
  restore(): void;
  getAPIP(callback?: (...args: any[]) => any): any;
  getHostByName(hostname: any, callback: (...args: any[]) => any): void;
  getHostname(callback?: (...args: any[]) => any): any;
  setHostname(hostname: any, callback?: (...args: any[]) => any): void;
  setSNTP(server: any, tz_offset: any): void;
  setIP(settings: any, callback: (...args: any[]) => any): void;
  setAPIP(settings: any, callback: (...args: any[]) => any): void;
  ping(hostname: any, callback: (...args: any[]) => any): void;
}
interface ESP32Static {
  setAtten(pin: Pin | number, atten: number): void;
  reboot(): void;
  deepSleep(us: number): void;
  deepSleepExt0(pin: Pin | number, level: number): void;
  deepSleepExt1(pinVar: any, mode: number): void;
  getWakeupCause(): number;
  getState(): any;
  setBLE_Debug(level: number): void;
  enableBLE(enable?: boolean): void;
  enableWifi(enable?: boolean): void;
  setOTAValid(isValid?: boolean): void;
}
declare const ESP32: ESP32Static;
interface TelnetServerModule {
  setOptions(options: any): void;
}
interface NRFStatic {
  disconnect(): void;
  sleep(): void;
  wake(): void;
  restart(callback?: (...args: any[]) => any): void;
  getAddress(current?: boolean): any;
  getBattery(): number;
  getAdvertisingData(data: any, options?: any): any;
  setScanResponse(data: any): void;
  setScan(callback: (...args: any[]) => any, options?: any): void;
  filterDevices(devices: any, filters: any): any;
  findDevices(callback: (...args: any[]) => any, options?: any): void;
  setRSSIHandler(callback: (...args: any[]) => any): void;
  setTxPower(power: number): void;
  setLowPowerConnection(lowPower?: boolean): void;
  requestDevice(options: any): Promise<any>;
  connect(mac: any, options: any): Promise<any>;
}
declare const NRF: NRFStatic;
interface BluetoothRemoteGATTCharacteristic {
  writeValue(data: any): Promise<any>;
  readValue(): Promise<any>;
  startNotifications(): Promise<any>;
  on(event: "characteristicvaluechanged", callback: () => void): void;
}
declare const BluetoothRemoteGATTCharacteristic: Function & { readonly prototype: BluetoothRemoteGATTCharacteristic };
interface BluetoothDevice {
  gatt: any;
}
declare const BluetoothDevice: Function & { readonly prototype: BluetoothDevice };
interface BluetoothRemoteGATTServer {
  connect(options?: any): Promise<any>;
  disconnect(): Promise<any>;
  getPrimaryService(service: any): Promise<any>;
  getPrimaryServices(): Promise<any>;
  setRSSIHandler(callback: (...args: any[]) => any): void;
}
declare const BluetoothRemoteGATTServer: Function & { readonly prototype: BluetoothRemoteGATTServer };
interface BluetoothRemoteGATTService {
  getCharacteristic(characteristic: any): Promise<any>;
  getCharacteristics(): Promise<any>;
}
declare const BluetoothRemoteGATTService: Function & { readonly prototype: BluetoothRemoteGATTService };
interface CryptoModule {
  AES: typeof AES;
  SHA1(message: any): ArrayBuffer;
  SHA224(message: any): ArrayBuffer;
  SHA256(message: any): ArrayBuffer;
  SHA384(message: any): ArrayBuffer;
  SHA512(message: any): ArrayBuffer;
  PBKDF2(passphrase: any, salt: any, options: any): ArrayBuffer;
}
interface AESStatic {
  encrypt(passphrase: any, key: any, options?: any): ArrayBuffer;
  decrypt(passphrase: any, key: any, options?: any): ArrayBuffer;
}
declare const AES: AESStatic;
interface NeopixelModule {
  write(pin: Pin | number, data: any): void;
}
declare const global: any;
declare function btoa(binaryData: any): any;
declare function atob(base64Data: any): any;
declare function trace(root?: any): void;
declare function print(...text: any[]): void;
declare const HIGH: number;
declare const LOW: number;
declare function setBusyIndicator(pin: any): void;
declare function setSleepIndicator(pin: any): void;
declare function dump(): void;
declare function load(filename?: any): void;
declare function save(): void;
declare function reset(clearFlash?: boolean): void;
declare function edit(funcName: any): void;
declare function echo(echoOn?: boolean): void;
declare function getTime(): number;
declare function setTime(time: number): void;
declare function getSerial(): any;
declare function setInterval(func: string | Function, timeout: number, ...args: any[]): IntervalId;
declare function setTimeout(func: string | Function, timeout: number, ...args: any[]): TimeoutId;
declare function clearInterval(id: IntervalId): void;
declare function clearTimeout(id: TimeoutId): void;
declare function changeInterval(id: IntervalId, time: number): void;
declare function peek8(addr: number, count?: 1): number;
declare function peek8(addr: number, count: number): Uint8Array;
declare function poke8(addr: number, value: number | number[]): void;
declare function peek16(addr: number, count?: 1): number;
declare function peek16(addr: number, count: number): Uint8Array;
declare function poke16(addr: number, value: number | number[]): void;
declare function peek32(addr: number, count?: 1): number;
declare function peek32(addr: number, count: number): Uint8Array;
declare function poke32(addr: number, value: number | number[]): void;
declare function analogRead(pin: Pin | number): number;
declare function analogWrite(pin: Pin | number, value: number, options?: { freq?: number, soft?: boolean, forceSoft?: boolean }): void;
declare function digitalPulse(pin: Pin | number, value: boolean, time: number | number[]): void;
declare function digitalWrite(pin: Pin | number, value: boolean | number): void;
declare function digitalRead(pin: Pin | number): number;
declare function pinMode(pin: Pin | number, mode?: PinMode | "auto", automatic?: boolean): void;
declare function getPinMode(pin: Pin | number): PinMode;
declare function shiftOut(pins: Pin | Pin[], options: { clk?: Pin | number, clkPol?: boolean, repeat?: number }, data: Uint8ArrayResolvable): void;
declare function setWatch(func: ((arg: { state: boolean, time: number, lastTime: number }) => void) | string, pin: Pin | number, options?: boolean | { repeat?: boolean, edge?: "rising" | "falling" | "both", debounce?: number, irq?: boolean, data?: Pin | number, hispeed?: boolean }): number;
declare function clearWatch(id: number): void;
declare function clearWatch(): void;
declare const Serial1: Serial;
declare const Serial2: Serial;
declare const Serial3: Serial;
declare const LoopbackA: Serial;
declare const LoopbackB: Serial;
declare const Telnet: Serial;
declare const SPI1: SPI;
declare const SPI2: SPI;
declare const I2C1: I2C;
declare const I2C2: I2C;
declare const Bluetooth: Serial;
declare const LED1: Pin;
declare const BTN1: Pin;
declare const LED: Pin;
declare const BTN: Pin;
declare const D0: Pin;
declare const D1: Pin;
declare const D2: Pin;
declare const D3: Pin;
declare const D4: Pin;
declare const D5: Pin;
declare const D6: Pin;
declare const D7: Pin;
declare const D8: Pin;
declare const D9: Pin;
declare const D10: Pin;
declare const D11: Pin;
declare const D12: Pin;
declare const D13: Pin;
declare const D14: Pin;
declare const D15: Pin;
declare const D16: Pin;
declare const D17: Pin;
declare const D18: Pin;
declare const D19: Pin;
declare const D20: Pin;
declare const D21: Pin;
declare const D22: Pin;
declare const D23: Pin;
declare const D24: Pin;
declare const D25: Pin;
declare const D26: Pin;
declare const D27: Pin;
declare const D28: Pin;
declare const D29: Pin;
declare const D30: Pin;
declare const D31: Pin;
declare const D32: Pin;
declare const D33: Pin;
declare const D34: Pin;
declare const D35: Pin;
declare const D36: Pin;
declare const D37: Pin;
declare const D38: Pin;
declare const D39: Pin;
declare function require(name: "timer"): TimerModule;
declare function require(name: "Flash"): FlashModule;
declare function require(name: "fs"): FsModule;
declare function require(name: "Storage"): StorageModule;
declare function require(name: "heatshrink"): HeatshrinkModule;
declare function require(name: "net"): NetModule;
declare function require(name: "dgram"): DgramModule;
declare function require(name: "tls"): TlsModule;
declare function require(name: "http"): HttpModule;
declare function require(name: "NetworkJS"): NetworkJSModule;
declare function require(name: "Wifi"): WifiModule;
declare function require(name: "TelnetServer"): TelnetServerModule;
declare function require(name: "crypto"): CryptoModule;
declare function require(name: "neopixel"): NeopixelModule;
