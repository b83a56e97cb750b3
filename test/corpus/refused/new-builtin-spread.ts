// refused 3:11 new Uint8Array(...args) cannot be lowered
const parts: [number] = [4];
const u = new Uint8Array(...parts);
console.log(u.length);
