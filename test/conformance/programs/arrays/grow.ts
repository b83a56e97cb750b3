// Writing past the end grows an array; splice truncates it.
const b: number[] = [];
b[3] = 9;
console.log(b.length, b[0] === undefined, b[3]);
const a = [1, 2, 3, 4];
a.splice(2);
console.log(JSON.stringify(a), a.length);
