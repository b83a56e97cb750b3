// refused 4:3 static {} blocks
class Config {
  static port = 1;
  static { Config.port = 2; }
}
console.log(Config.port);
