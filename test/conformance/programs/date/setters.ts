// Setters change one field and keep the rest.
const d = new Date(2024, 5, 15, 10, 30, 0);
d.setHours(23);
d.setMinutes(59);
console.log(d.toISOString());
d.setDate(d.getDate() + 1);
console.log(d.toISOString(), d.getMonth());
