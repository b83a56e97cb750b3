// refused 3:17 for..of only iterates arrays
const items: Iterable<number> = [1, 2];
for (const x of items) console.log(x);
