// find, findIndex, indexOf, includes, some and every.
const devs = [{ id: 'a', up: true }, { id: 'b', up: false }, { id: 'c', up: true }];
console.log(devs.find((d) => !d.up)?.id, devs.findIndex((d) => d.id === 'c'), devs.findIndex((d) => d.id === 'z'));
console.log(devs.find((d) => d.id === 'z') === undefined, devs.some((d) => !d.up), devs.every((d) => d.up));
const n = [1, 2, 3, 2];
console.log(n.indexOf(2), n.indexOf(2, 2), n.indexOf(9), n.includes(3), n.includes(4));
