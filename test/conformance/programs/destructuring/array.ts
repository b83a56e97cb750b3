// Array destructuring: skipping elements, defaults, rest elements and swapping.
const [a, , c = 30, d = 40] = [1, 2, undefined];
console.log(a, c, d);
const [head, ...tail] = 'x,y,z'.split(',');
console.log(head, JSON.stringify(tail));
let left = 'L';
let right = 'R';
[left, right] = [right, left];
console.log(left, right);
