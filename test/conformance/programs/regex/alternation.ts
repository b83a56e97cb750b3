// Alternation between whole patterns.
const re = /^on$|^off$|^toggle$/;
console.log(['on', 'off', 'toggle', 'onn', 'xoff'].map((s) => re.test(s)).join(','));
const cmd = /cat|dog/.exec('hotdog and cat');
console.log(cmd ? cmd[0] : 'none');
