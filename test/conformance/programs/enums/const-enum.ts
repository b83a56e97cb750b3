// const enums are inlined; flags combine with bit operations.
const enum Flag { None = 0, Read = 1, Write = 2, Exec = 4 }
const perms = Flag.Read | Flag.Write;
console.log(perms, (perms & Flag.Write) !== 0, (perms & Flag.Exec) !== 0);
const all = Flag.Read | Flag.Write | Flag.Exec;
console.log(all, all & ~Flag.Write, Flag.None);
