// sort with a comparator (numbers, by key, descending) and the default string sort.
const nums = [10, 1, 5, 100, 25];
console.log(JSON.stringify([...nums].sort()), JSON.stringify([...nums].sort((a, b) => a - b)));
console.log(JSON.stringify([...nums].sort((a, b) => b - a)));
const people = [{ n: 'c', age: 30 }, { n: 'a', age: 25 }, { n: 'b', age: 35 }];
console.log(people.sort((x, y) => x.age - y.age).map((p) => p.n).join(''));
