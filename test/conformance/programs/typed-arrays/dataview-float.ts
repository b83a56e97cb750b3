// DataView floats in both byte orders.
const dv = new DataView(new ArrayBuffer(12));
dv.setFloat32(0, 1.5);
dv.setFloat64(4, -0.25, true);
console.log(dv.getFloat32(0), dv.getFloat64(4, true), dv.getUint8(0), dv.getUint8(11));
