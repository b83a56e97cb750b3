// refused 2:13 String.raw is missing
const raw = String.raw;
console.log(typeof raw);
