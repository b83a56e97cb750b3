// refused 2:15 Proxy is not defined
const p = new Proxy({}, {});
console.log(p);
