// Setting length truncates; writing past the end grows the array.
const a = [1, 2, 3, 4];
a.length = 2;
console.log(JSON.stringify(a), a.length);
const b: number[] = [];
b[3] = 9;
console.log(b.length, b[0] === undefined, b[3]);
