// Float32Array rounds to single precision; Float64Array keeps doubles.
const f32 = new Float32Array([0.5, 1.25, 3]);
const f64 = new Float64Array([0.75, -2]);
console.log(f32.join(","), f64.join(","), f32.length, f64.length);
console.log(new Float32Array([0.1])[0] === 0.1, new Float64Array([0.5])[0] === 0.5);
