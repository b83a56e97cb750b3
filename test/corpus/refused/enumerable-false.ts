// refused 3:48 enumerable: false is ignored
const o = {};
Object.defineProperty(o, 'hidden', { value: 1, enumerable: false });
console.log(Object.keys(o).length);
