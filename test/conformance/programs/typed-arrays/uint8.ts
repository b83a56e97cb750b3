// Uint8Array: wrap-around on store, length, indexing, set and subarray sharing memory.
const u = new Uint8Array(6);
u[0] = 255;
u[1] = 256;
u[2] = -1;
u.set([7, 8], 3);
console.log(u.length, u[0], u[1], u[2], u[3], u[4], u[5]);
const sub = u.subarray(3, 5);
sub[0] = 70;
console.log(u[3], sub.length, JSON.stringify([].slice.call(u)));
