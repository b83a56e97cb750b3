// Several views on one buffer see each other's writes; byteOffset and byteLength.
const buf = new ArrayBuffer(8);
const u8 = new Uint8Array(buf);
const u32 = new Uint32Array(buf, 4, 1);
u32[0] = 0x01020304;
console.log(u8.join(','), u32.byteOffset, u32.byteLength, buf.byteLength);
const u16 = new Uint16Array(buf);
u16[0] = 0xabcd;
console.log(u8[0].toString(16), u8[1].toString(16));
