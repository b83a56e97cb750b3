// refused 2:13 Reflect is not defined
console.log(Reflect.ownKeys({ a: 1 }).length);
