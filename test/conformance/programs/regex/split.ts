// split by a regex of separators.
console.log(JSON.stringify('a, b;c ,d'.split(/[,;]/)));
console.log(JSON.stringify('k1=v1&k2=v2'.split(/[=&]/)));
