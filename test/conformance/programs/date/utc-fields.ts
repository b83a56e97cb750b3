// A Date from a fixed timestamp, read with the getters (the board keeps UTC; the suite runs Node in UTC too).
const d = new Date(1700000000000);
console.log(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getDay());
console.log(d.getTime(), d.valueOf() === 1700000000000);
