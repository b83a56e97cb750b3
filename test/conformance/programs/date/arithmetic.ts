// Date arithmetic in milliseconds: differences, adding days, comparing.
const a = new Date(2024, 0, 1);
const b = new Date(2024, 2, 1);
console.log((b.getTime() - a.getTime()) / 86400000);
const later = new Date(a.getTime() + 45 * 86400000);
console.log(later.getMonth(), later.getDate(), later > a, +a === a.getTime());
