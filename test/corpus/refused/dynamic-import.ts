// refused 3:15 dynamic import() is not supported
export {};
const later = import('./no-such-module.ts');
console.log(typeof later);
