// toISOString and Date.parse of an ISO string, round-tripping.
const d = new Date(2024, 1, 29, 13, 5, 9);
console.log(d.toISOString());
console.log(Date.parse('2024-02-29T13:05:09.000Z') === d.getTime());
console.log(new Date(0).toISOString());
