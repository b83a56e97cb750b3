// Int8, Int16, Uint16, Int32, Uint32 arrays wrap and sign-extend on store.
const i8 = new Int8Array([127, 128, -129]);
const u16 = new Uint16Array([65535, 65536, -1]);
const i16 = new Int16Array([32767, 32768]);
const i32 = new Int32Array([2147483647, 2147483648]);
const u32 = new Uint32Array([-1, 4294967296]);
console.log(i8.join(','), u16.join(','), i16.join(','), i32.join(','), u32.join(','));
