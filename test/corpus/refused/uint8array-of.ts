// refused 2:11 Uint8Array.of is missing
const u = Uint8Array.of(1, 2);
console.log(u.length);
