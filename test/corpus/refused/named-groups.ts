// refused 2:12 named groups (?<name>...) are not supported
const m = /(?<year>\d{4})/.exec('2024');
console.log(m);
