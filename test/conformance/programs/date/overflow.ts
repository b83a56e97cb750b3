// new Date(y, m, d) with months and days that overflow into the next year or month.
console.log(new Date(2023, 11, 31).getTime(), new Date(2023, 12, 1).getTime() === new Date(2024, 0, 1).getTime());
console.log(new Date(2024, 0, 32).getDate(), new Date(2000, 0, 1).getDay());
