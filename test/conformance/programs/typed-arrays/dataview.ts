// DataView reads and writes in both byte orders, over a shared ArrayBuffer.
const buf = new ArrayBuffer(8);
const dv = new DataView(buf);
dv.setUint16(0, 0x1234);
dv.setUint16(2, 0x1234, true);
dv.setInt32(4, -2);
const bytes = new Uint8Array(buf);
console.log(bytes.join(','));
console.log(dv.getUint16(0).toString(16), dv.getUint16(2).toString(16), dv.getUint16(2, true).toString(16), dv.getInt32(4), dv.getUint32(4));
