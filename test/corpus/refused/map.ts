// refused 2:15 Map is not defined
const m = new Map<string, number>();
m.set('a', 1);
