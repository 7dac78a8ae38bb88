/** The offices app's mobile customization: validation and derivation on the record screens. */
import { registerForm } from "../lib/form.ts";
import { officesForm } from "./rules.ts";

registerForm("mobile", officesForm);
