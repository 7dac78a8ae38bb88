/** A setting the operator must fix: its message names the variable and says what to write. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
