// Array spread: copying, concatenating, inserting in the middle, and from a string.
const a = [1, 2];
const b = [...a, 3, ...[4, 5]];
const copy = [...b];
copy.push(6);
console.log(JSON.stringify(b), JSON.stringify(copy));
console.log(JSON.stringify([0, ...a, 9]));
console.log(JSON.stringify([...'abc']));
