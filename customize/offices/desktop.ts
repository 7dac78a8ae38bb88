/** The offices app's desktop customization: validation and derivation on the record screens. */
import { registerForm } from "../lib/form.ts";
import { officesForm } from "./rules.ts";

registerForm("desktop", officesForm);
