// refused 2:11 Uint8Array.from is missing
const u = Uint8Array.from([1, 2]);
console.log(u.length);
