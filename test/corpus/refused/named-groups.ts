// refused 2:11 named capture groups
const m = /(?<year>\d{4})/.exec('2024');
console.log(m);
