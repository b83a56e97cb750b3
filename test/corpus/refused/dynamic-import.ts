// refused 3:15 dynamic import() is not supported
export {};
const later = import('../cases/modules.ts');
console.log(typeof later);
