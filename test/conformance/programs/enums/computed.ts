// Enum members computed from other members and from expressions.
enum Size { Small = 1 << 0, Medium = 1 << 1, Large = Small | Medium, Huge = Large * 4 }
console.log(Size.Small, Size.Medium, Size.Large, Size.Huge, Size[3]);
enum Mixed { A = 'a'.length, B = A + 10 }
console.log(Mixed.A, Mixed.B);
